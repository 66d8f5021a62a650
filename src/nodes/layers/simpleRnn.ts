import { defineLayer } from '../define';
import {
  checkRecurrentDropout,
  RECURRENT_REFUSALS,
  recurrentApply,
  recurrentCount,
  recurrentDescribe,
  recurrentKeras,
  recurrentMacs,
  recurrentParams,
  recurrentShape,
  recurrentStates,
} from './lstm';

/** LSTM's and GRU's params without the gates' activation: a simple RNN has no gates. */
const { recurrentActivation: _gates, ...params } = recurrentParams();
const { recurrentActivation: _gatesKeras, ...keras } = recurrentKeras;

/**
 * The fully connected recurrent layer: one kernel, one recurrent kernel and one bias
 * (units × (features + units) + units weights), h_t = activation(x_t·W + h_{t−1}·U + b).
 */
export const simpleRnn = defineLayer({
  type: 'simpleRnn',
  kerasClass: 'SimpleRNN',
  category: 'recurrent',
  inputs: { min: 1, max: 2 },
  maxOutputs: 2,
  params,
  docs: 'The simplest recurrent layer: reads a (timesteps, features) sequence step by step, each new state the activation of the input and the previous state through one weight matrix each (no gates, so it forgets quickly). Outputs its last state, or every step with "return sequences".',
  checkParams: (v) => checkRecurrentDropout('SimpleRNN', v),
  inferShape: (inputs, v) => recurrentShape('SimpleRNN', inputs, v, ['h']),
  stateShapes: (_, v) => recurrentStates(['h'], v),
  stateNames: (v) => (v.returnState ? ['h'] : []),
  apply: recurrentApply,
  countParams: ([x], { units, useBias }) => recurrentCount(x, units, useBias, 1),
  macs: ([x], { units }) => recurrentMacs(x, units, 1),
  describe: recurrentDescribe,
  keras: {
    params: keras,
    refuse: RECURRENT_REFUSALS,
    keras1: { rename: { output_dim: 'units', dropout_W: 'dropout', dropout_U: 'recurrent_dropout' } },
  },
  build: (tf, v, name) => tf.layers.simpleRNN({ name, ...v }),
});
