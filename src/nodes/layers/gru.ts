import { defineLayer } from '../define';
import { OFF } from '../keras';
import {
  checkRecurrentDropout,
  RECURRENT_KERAS1,
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

/**
 * GRU as tfjs 4.22 implements it: `reset_after=False` only (its GRUCell throws on `resetAfter: true`),
 * so the bias is one vector of 3 × units. Keras 2's default (`reset_after=True`) has two bias vectors
 * (2 × 3 × units); such a model must set `reset_after=False` to match this layer.
 */
export const gru = defineLayer({
  type: 'gru',
  kerasClass: 'GRU',
  category: 'recurrent',
  inputs: { min: 1, max: 2 },
  maxOutputs: 2,
  params: recurrentParams(),
  docs: 'Gated recurrent unit: a lighter LSTM (3 gates instead of 4) that reads a (timesteps, features) sequence. tfjs supports only the reset_after=False variant (one bias of 3 × units).',
  checkParams: (v) => checkRecurrentDropout('GRU', v),
  inferShape: (inputs, v) => recurrentShape('GRU', inputs, v, ['h']),
  stateShapes: (_, v) => recurrentStates(['h'], v),
  stateNames: (v) => (v.returnState ? ['h'] : []),
  apply: recurrentApply,
  countParams: ([x], { units, useBias }) => recurrentCount(x, units, useBias, 3),
  macs: ([x], { units }) => recurrentMacs(x, units, 3),
  describe: recurrentDescribe,
  keras: {
    params: recurrentKeras,
    pyExtra: { reset_after: false },
    refuse: [
      ...RECURRENT_REFUSALS,
      { key: 'reset_after', allow: OFF, why: 'tfjs supports only reset_after=False: one bias of 3 × units' },
    ],
    keras1: RECURRENT_KERAS1,
  },
  build: (tf, v, name) => tf.layers.gru({ name, ...v }),
});
