import { ACTIVATIONS, activationParam, biasParam, isError, knownChannels, trainable } from '../common';
import {
  defineLayer,
  fail,
  type LayerFix,
  type LayerIssue,
  type Shape,
  type ShapeResult,
  type SymbolicTensor,
  type TfLayer,
} from '../define';
import { KERAS_USE_BIAS, type Keras1Names, type KerasMapping, type KerasRefusal, kerasActivation, OFF } from '../keras';
import { p } from '../schema';
import { formatShape } from '../shape';

/*
 * The recurrent layers (LSTM here, GRU in gru.ts) share their params and shape logic; it lives in
 * this file so that the catalogue stays one file per layer type.
 */

/** The params LSTM and GRU share, with the Keras 2 defaults (tfjs' own defaults differ, so `build` passes them all). */
export const recurrentParams = () => ({
  units: p.int({ default: 32, min: 1, label: 'units', doc: 'Size of the hidden state, and of the output per step.' }),
  activation: activationParam('tanh'),
  recurrentActivation: p.choice(ACTIVATIONS, {
    default: 'sigmoid',
    label: 'recurrent activation',
    doc: 'Activation of the gates. Keras 2 uses "sigmoid"; tfjs would default to "hardSigmoid".',
  }),
  useBias: biasParam(),
  returnSequences: p.bool({
    default: false,
    label: 'return sequences',
    doc: 'Output the hidden state at every step (timesteps, units), to stack another recurrent layer; otherwise only the last one (units).',
  }),
  returnState: p.bool({
    default: false,
    label: 'return state',
    doc: 'Also output the final states (LSTM: h and c; GRU, SimpleRNN: h) as extra outputs, e.g. to start a decoder from them (its initial state inputs).',
  }),
  dropout: p.float({
    default: 0,
    min: 0,
    max: 1,
    label: 'dropout',
    doc: 'Fraction of the inputs dropped while training (below 1).',
  }),
  recurrentDropout: p.float({
    default: 0,
    min: 0,
    max: 1,
    label: 'recurrent dropout',
    doc: 'Fraction of the recurrent state dropped while training (below 1).',
  }),
  goBackwards: p.bool({
    default: false,
    label: 'go backwards',
    doc: 'Read each sequence from its last step to its first (Keras go_backwards); with return sequences the outputs come in that reversed order.',
  }),
  stateful: p.bool({
    default: false,
    label: 'stateful',
    doc: "Keep each sample's last state as the next batch's initial state (row i of a batch continues row i of the previous one), reset at each epoch's start. Needs a fixed batch size: set Batch size on the Input.",
  }),
});

/** tfjs silently ignores a dropout rate of 1 (it only draws masks for rates strictly between 0 and 1). */
export function checkRecurrentDropout(
  layer: string,
  { dropout, recurrentDropout }: { dropout: number; recurrentDropout: number },
): LayerIssue | undefined {
  if (dropout >= 1)
    return { message: `${layer} dropout must be below 1 (1 would drop every input).`, param: 'dropout' };
  if (recurrentDropout >= 1)
    return {
      message: `${layer} recurrent dropout must be below 1 (1 would drop the whole state).`,
      param: 'recurrentDropout',
    };
  return undefined;
}

/** (timesteps, features) → (units), or (timesteps, units) with `returnSequences`; `states` are the initial-state inputs. */
export function recurrentShape(
  layer: string,
  [x, ...states]: readonly (Shape | undefined)[],
  { units, returnSequences }: { units: number; returnSequences: boolean },
  names: readonly string[],
): ShapeResult {
  if (!x) return fail(`${layer} needs an input.`);
  const bad = initialStateIssue(layer, states, units, names);
  if (bad) return { error: bad };
  if (x.length !== 2) {
    const fixes: LayerFix[] = [];
    if (x.length === 1 && x[0] !== null)
      fixes.push({
        label: `Insert Reshape to ${x[0]}×1 (one feature per step)`,
        kind: 'insertBefore',
        port: 0,
        layer: { type: 'reshape', params: { targetShape: [x[0], 1] } },
      });
    const [h, w, ch] = x;
    if (x.length === 3 && h != null && w != null && ch != null)
      fixes.push({
        label: `Insert Reshape to ${h}×${w * ch} (rows as steps)`,
        kind: 'insertBefore',
        port: 0,
        layer: { type: 'reshape', params: { targetShape: [h, w * ch] } },
      });
    const hint =
      x.length === 1
        ? ' For a sequence of numbers, reshape it to (steps, 1); for a single vector, RepeatVector makes it a sequence.'
        : x.length === 3
          ? ' For a feature map, reshape it to (height, width × channels) so that each row is a step.'
          : '';
    return fail(
      `${layer} expects a 2-D input (timesteps, features) per sample, but its input is ${formatShape(x)} (rank ${x.length}).${hint}`,
      fixes.length ? { fixes } : undefined,
    );
  }
  const c = knownChannels(layer, x);
  if (isError(c)) return c;
  return returnSequences ? [x[0] ?? null, units] : [units];
}

/** Why the initial-state inputs (`names`: h, c) do not fit a layer of `units`; undefined when they do (or there are none). */
export function initialStateIssue(
  layer: string,
  states: readonly (Shape | undefined)[],
  units: number,
  names: readonly string[],
): LayerIssue | undefined {
  if (states.length === 0) return undefined;
  if (states.length !== names.length)
    return {
      message: `${layer} takes ${names.length} initial state${names.length === 1 ? '' : 's'} (${names.join(', ')}) after its input, but ${states.length} ${states.length === 1 ? 'is' : 'are'} wired: wire all of them or none.`,
    };
  for (const [i, s] of states.entries())
    if (s?.length !== 1 || (s[0] !== null && s[0] !== units))
      return {
        message: `${layer} initial state ${names[i]} (input ${i + 2}) is ${s ? formatShape(s) : 'unknown'}, but the layer has ${units} units: each initial state must be ${formatShape([units])}.`,
        param: 'units',
      };
  return undefined;
}

/** The state outputs with `returnState`: one (units) vector per name. */
export const recurrentStates = (
  names: readonly string[],
  { units, returnState }: { units: number; returnState: boolean },
) => (returnState ? names.map(() => [units] as Shape) : []);

/** Applies a recurrent layer: the inputs after the first are its initial states. */
export const recurrentApply = (layer: TfLayer, [x, ...states]: readonly SymbolicTensor[]) =>
  layer.apply(x as SymbolicTensor, states.length ? { initialState: states } : {}) as SymbolicTensor | SymbolicTensor[];

/** Weights of a gated recurrent layer with `gates` blocks: kernel, recurrent kernel and bias per gate. */
export function recurrentCount(x: Shape | undefined, units: number, useBias: boolean, gates: number) {
  const features = (x?.[x.length - 1] as number) ?? 0;
  return trainable(gates * (units * (features + units) + (useBias ? units : 0)));
}

/** The Keras mapping of the params LSTM and GRU share. */
export const recurrentKeras: KerasMapping<ReturnType<typeof recurrentParams>>['params'] = {
  units: 'units',
  activation: kerasActivation('tanh'),
  recurrentActivation: { key: 'recurrent_activation', convert: 'activation', k3Default: 'sigmoid' },
  useBias: KERAS_USE_BIAS,
  returnSequences: { key: 'return_sequences', k3Default: false },
  returnState: { key: 'return_state', k3Default: false },
  dropout: { key: 'dropout', k3Default: 0 },
  recurrentDropout: { key: 'recurrent_dropout', k3Default: 0 },
  goBackwards: { key: 'go_backwards', k3Default: false },
  stateful: { key: 'stateful', k3Default: false },
};

/** Recurrent settings the catalogue cannot reproduce. */
export const RECURRENT_REFUSALS: readonly KerasRefusal[] = [
  { key: 'time_major', allow: OFF, why: 'give batch-major inputs and set time_major=False' },
];

/** Keras 1's names of the recurrent settings (the Keras 1 upgrade also sets `inner_activation`'s old default). */
export const RECURRENT_KERAS1: Keras1Names = {
  rename: {
    output_dim: 'units',
    inner_activation: 'recurrent_activation',
    dropout_W: 'dropout',
    dropout_U: 'recurrent_dropout',
  },
};

/** Every step multiplies the input and the state by each gate's kernels: T·gates·units·(features + units). */
export function recurrentMacs(x: Shape | undefined, units: number, gates: number): number | null {
  const steps = x?.[0] ?? null;
  const features = x?.[x.length - 1] ?? null;
  return steps === null || features === null ? null : steps * gates * units * (features + units);
}

export const recurrentDescribe = ({
  units,
  returnSequences,
  returnState,
  dropout,
  recurrentDropout,
  stateful,
  goBackwards,
}: {
  units: number;
  returnSequences: boolean;
  returnState: boolean;
  dropout: number;
  recurrentDropout: number;
  stateful: boolean;
  goBackwards: boolean;
}) =>
  [
    String(units),
    stateful ? 'stateful' : '',
    goBackwards ? 'backwards' : '',
    returnSequences ? 'sequences' : '',
    returnState ? 'states' : '',
    dropout > 0 ? `dropout ${dropout}` : '',
    recurrentDropout > 0 ? `rec. dropout ${recurrentDropout}` : '',
  ]
    .filter(Boolean)
    .join(' · ');

const LSTM_STATES = ['h', 'c'];

export const lstm = defineLayer({
  type: 'lstm',
  kerasClass: 'LSTM',
  category: 'recurrent',
  inputs: { min: 1, max: 3 },
  maxOutputs: 3,
  params: {
    ...recurrentParams(),
    unitForgetBias: p.bool({
      default: true,
      label: 'unit forget bias',
      doc: 'Initialize the forget-gate bias to 1, so that the cell remembers by default at the start of training.',
    }),
  },
  docs: 'Long short-term memory: reads a (timesteps, features) sequence step by step and outputs its last hidden state, or every step with "return sequences".',
  checkParams: (v) => checkRecurrentDropout('LSTM', v),
  inferShape: (inputs, v) => recurrentShape('LSTM', inputs, v, LSTM_STATES),
  stateShapes: (_, v) => recurrentStates(LSTM_STATES, v),
  stateNames: (v) => (v.returnState ? LSTM_STATES : []),
  apply: recurrentApply,
  countParams: ([x], { units, useBias }) => recurrentCount(x, units, useBias, 4),
  macs: ([x], { units }) => recurrentMacs(x, units, 4),
  describe: recurrentDescribe,
  keras: {
    params: { ...recurrentKeras, unitForgetBias: { key: 'unit_forget_bias', k3Default: true } },
    refuse: RECURRENT_REFUSALS,
    keras1: RECURRENT_KERAS1,
  },
  build: (tf, v, name) => tf.layers.lstm({ name, ...v }),
});
