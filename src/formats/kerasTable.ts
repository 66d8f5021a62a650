/**
 * The one mapping between the catalogue's params (tfjs argument names, camelCase) and Keras:
 * config keys of Keras 2 / tfjs JSON, Keras 3 argument names, value conversions both ways, the
 * Keras 3 defaults (the Python export leaves those arguments out) and the config settings the
 * catalogue cannot represent (the importers refuse them, naming the layer and the setting).
 *
 * The importers read configs through it; the Python export writes arguments through it. A test
 * checks that it covers every catalogue param and that it inverts tfjs' own serialization.
 */
import { getLayer } from '../nodes';
import {
  activationFromKeras,
  activationToKeras,
  axisFromKeras,
  dotAxesFromKeras,
  dotAxesToKeras,
  pair,
  sameValue,
  sidesFromKeras,
  sidesToKeras,
  single,
  targetShapeFromKeras,
} from './values';

export interface ParamMapping {
  /** Catalogue param (tfjs argument name). */
  readonly param: string;
  /** Key in a Keras 2 / tfjs config, and the Keras 3 argument name unless `keras3` says otherwise. */
  readonly key: string;
  /** Keras 3 argument / config key when it differs (LeakyReLU's `negative_slope`). */
  readonly keras3?: string;
  /** Keras config value → catalogue value. Identity when absent. */
  readonly read?: (v: unknown) => unknown;
  /** Catalogue value → Keras value (config and Python). Identity when absent. */
  readonly write?: (v: unknown) => unknown;
  /**
   * The Keras 3 default, as a catalogue value: the Python export leaves the argument out when the
   * value equals it. Absent: the argument is always written.
   */
  readonly k3Default?: unknown;
}

/** A Keras setting the catalogue cannot represent: the import is refused when `ok` is false. */
export interface Refusal {
  readonly key: string;
  /** Whether the (present) value is one the catalogue reproduces. */
  readonly ok: (v: unknown) => boolean;
  /** Says what is not supported, e.g. `data_format "channels_first"`. */
  readonly why: (v: unknown) => string;
}

export interface LayerMapping {
  readonly params: readonly ParamMapping[];
  /** Keras 3 arguments the Python export always adds (GRU's `reset_after=False`). */
  readonly pyExtra?: Readonly<Record<string, unknown>>;
  readonly refuse?: readonly Refusal[];
  /** Normalizes the imported params (pooling strides equal to the pool size → unset). */
  readonly tidy?: (params: Record<string, unknown>) => void;
}

const isOne = (v: unknown) => v === null || v === 1 || sameValue(v, [1]) || sameValue(v, [1, 1]);
const isFalse = (v: unknown) => v === false || v === null;
const isZero = (v: unknown) => v === 0 || v === null;
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

const channelsLast: Refusal = {
  key: 'data_format',
  ok: (v) => v === null || v === 'channels_last',
  why: (v) => `data_format ${show(v)} (only "channels_last" is supported)`,
};
const must = (key: string, ok: (v: unknown) => boolean, what: string): Refusal => ({
  key,
  ok,
  why: (v) => `${key} ${show(v)} (${what})`,
});

const activation = (k3Default: unknown = 'linear'): ParamMapping => ({
  param: 'activation',
  key: 'activation',
  read: activationFromKeras,
  write: activationToKeras,
  ...(k3Default === undefined ? {} : { k3Default }),
});
const useBias: ParamMapping = { param: 'useBias', key: 'use_bias', k3Default: true };
const padding: ParamMapping = { param: 'padding', key: 'padding', k3Default: 'valid' };
const pairOf = (param: string, key: string, k3Default?: unknown): ParamMapping => ({
  param,
  key,
  read: pair,
  ...(k3Default === undefined ? {} : { k3Default }),
});

const conv2dRefusals = [channelsLast, must('groups', isOne, 'grouped convolutions are not supported')];

/** Pooling strides equal to the pool size mean the same as unset strides (tfjs writes them so). */
const tidyStrides = (p: Record<string, unknown>) => {
  if (sameValue(p.strides, p.poolSize)) p.strides = null;
};

const pool2d: LayerMapping = {
  params: [pairOf('poolSize', 'pool_size'), { param: 'strides', key: 'strides', read: pair, k3Default: null }, padding],
  refuse: [channelsLast],
  tidy: tidyStrides,
};
const globalPool: LayerMapping = {
  params: [],
  refuse: [channelsLast, must('keepdims', isFalse, 'keepdims is not supported')],
};
const merge: LayerMapping = { params: [] };

const recurrent = (extra: readonly ParamMapping[]): ParamMapping[] => [
  { param: 'units', key: 'units' },
  activation('tanh'),
  {
    param: 'recurrentActivation',
    key: 'recurrent_activation',
    read: activationFromKeras,
    write: activationToKeras,
    k3Default: 'sigmoid',
  },
  useBias,
  { param: 'returnSequences', key: 'return_sequences', k3Default: false },
  { param: 'dropout', key: 'dropout', k3Default: 0 },
  { param: 'recurrentDropout', key: 'recurrent_dropout', k3Default: 0 },
  ...extra,
];
const recurrentRefusals = [
  must('return_state', isFalse, 'the states would be extra outputs; set return_state=False'),
  must('go_backwards', isFalse, 'reverse the sequences in the data and set go_backwards=False'),
  must(
    'stateful',
    isFalse,
    'Skipwire models have no fixed batch size to keep states for; set stateful=False, the weights stay the same',
  ),
  must('time_major', isFalse, 'give batch-major inputs and set time_major=False'),
];

/** Catalogue type id → its mapping. Every catalogue layer has an entry (a test checks it). */
export const KERAS_TABLE: Readonly<Record<string, LayerMapping>> = {
  input: { params: [] }, // shape ↔ batch_input_shape / batch_shape: handled by the importers and writers
  dense: { params: [{ param: 'units', key: 'units' }, activation(), useBias] },
  conv1d: {
    params: [
      { param: 'filters', key: 'filters' },
      { param: 'kernelSize', key: 'kernel_size', read: single },
      { param: 'strides', key: 'strides', read: single, k3Default: 1 },
      padding,
      { param: 'dilationRate', key: 'dilation_rate', read: single, k3Default: 1 },
      activation(),
      useBias,
    ],
    refuse: [channelsLast],
  },
  conv2d: {
    params: [
      { param: 'filters', key: 'filters' },
      pairOf('kernelSize', 'kernel_size'),
      pairOf('strides', 'strides', [1, 1]),
      padding,
      pairOf('dilationRate', 'dilation_rate', [1, 1]),
      activation(),
      useBias,
    ],
    refuse: conv2dRefusals,
  },
  conv2dTranspose: {
    params: [
      { param: 'filters', key: 'filters' },
      pairOf('kernelSize', 'kernel_size'),
      pairOf('strides', 'strides', [1, 1]),
      padding,
      activation(),
      useBias,
    ],
    refuse: [
      channelsLast,
      must('dilation_rate', isOne, 'dilated transposed convolutions are not supported'),
      must('output_padding', (v) => v === null, 'output_padding is not supported'),
    ],
  },
  separableConv2d: {
    params: [
      { param: 'filters', key: 'filters' },
      pairOf('kernelSize', 'kernel_size'),
      pairOf('strides', 'strides', [1, 1]),
      padding,
      { param: 'depthMultiplier', key: 'depth_multiplier', k3Default: 1 },
      pairOf('dilationRate', 'dilation_rate', [1, 1]),
      activation(),
      useBias,
    ],
    refuse: [channelsLast],
  },
  depthwiseConv2d: {
    params: [
      pairOf('kernelSize', 'kernel_size'),
      pairOf('strides', 'strides', [1, 1]),
      padding,
      { param: 'depthMultiplier', key: 'depth_multiplier', k3Default: 1 },
      activation(),
      useBias,
    ],
    refuse: [channelsLast, must('dilation_rate', isOne, 'dilated depthwise convolutions are not supported')],
  },
  maxPooling1d: {
    params: [
      { param: 'poolSize', key: 'pool_size', read: single },
      { param: 'strides', key: 'strides', read: single, k3Default: null },
      padding,
    ],
    refuse: [channelsLast],
    tidy: tidyStrides,
  },
  maxPooling2d: pool2d,
  averagePooling2d: pool2d,
  globalAveragePooling2d: globalPool,
  globalMaxPooling2d: globalPool,
  upSampling2d: {
    params: [pairOf('size', 'size'), { param: 'interpolation', key: 'interpolation', k3Default: 'nearest' }],
    refuse: [channelsLast],
  },
  zeroPadding2d: {
    params: [{ param: 'padding', key: 'padding', read: sidesFromKeras, write: sidesToKeras }],
    refuse: [channelsLast],
  },
  cropping2d: {
    params: [{ param: 'cropping', key: 'cropping', read: sidesFromKeras, write: sidesToKeras }],
    refuse: [channelsLast],
  },
  batchNormalization: {
    params: [
      { param: 'axis', key: 'axis', read: axisFromKeras, k3Default: -1 },
      { param: 'momentum', key: 'momentum', k3Default: 0.99 },
      { param: 'epsilon', key: 'epsilon', k3Default: 0.001 },
      { param: 'center', key: 'center', k3Default: true },
      { param: 'scale', key: 'scale', k3Default: true },
    ],
    refuse: [must('renorm', isFalse, 'batch renormalization is not supported')],
  },
  layerNormalization: {
    params: [
      { param: 'axis', key: 'axis', read: axisFromKeras, k3Default: -1 },
      { param: 'epsilon', key: 'epsilon', k3Default: 0.001 },
      { param: 'center', key: 'center', k3Default: true },
      { param: 'scale', key: 'scale', k3Default: true },
    ],
    refuse: [must('rms_scaling', isFalse, 'RMS scaling is not supported')],
  },
  dropout: { params: [{ param: 'rate', key: 'rate' }] },
  gaussianNoise: { params: [{ param: 'stddev', key: 'stddev' }] },
  flatten: { params: [], refuse: [channelsLast] },
  reshape: { params: [{ param: 'targetShape', key: 'target_shape', read: targetShapeFromKeras }] },
  permute: { params: [{ param: 'dims', key: 'dims' }] },
  repeatVector: { params: [{ param: 'n', key: 'n' }] },
  activation: { params: [activation(undefined)] },
  relu: {
    params: [{ param: 'maxValue', key: 'max_value', k3Default: null }],
    refuse: [
      must('negative_slope', isZero, 'a leaky ReLU layer is LeakyReLU'),
      must('threshold', isZero, 'a ReLU threshold is not supported'),
    ],
  },
  leakyRelu: { params: [{ param: 'alpha', key: 'alpha', keras3: 'negative_slope' }] },
  elu: { params: [{ param: 'alpha', key: 'alpha', k3Default: 1 }] },
  prelu: { params: [{ param: 'sharedAxes', key: 'shared_axes', k3Default: null }] },
  softmax: { params: [{ param: 'axis', key: 'axis', read: axisFromKeras, k3Default: -1 }] },
  add: merge,
  multiply: merge,
  average: merge,
  maximum: merge,
  minimum: merge,
  concatenate: { params: [{ param: 'axis', key: 'axis', k3Default: -1 }] },
  dot: {
    params: [
      { param: 'axes', key: 'axes', read: dotAxesFromKeras, write: dotAxesToKeras },
      { param: 'normalize', key: 'normalize', k3Default: false },
    ],
  },
  embedding: {
    params: [
      { param: 'inputDim', key: 'input_dim' },
      { param: 'outputDim', key: 'output_dim' },
      { param: 'maskZero', key: 'mask_zero', k3Default: false },
    ],
  },
  lstm: {
    params: recurrent([{ param: 'unitForgetBias', key: 'unit_forget_bias', k3Default: true }]),
    refuse: recurrentRefusals,
  },
  gru: {
    params: recurrent([]),
    pyExtra: { reset_after: false },
    refuse: [
      ...recurrentRefusals,
      must('reset_after', isFalse, 'tfjs supports only reset_after=False: one bias of 3 × units'),
    ],
  },
  rescaling: {
    params: [
      { param: 'scale', key: 'scale' },
      { param: 'offset', key: 'offset', k3Default: 0 },
    ],
  },
};

/** The Keras config key or Keras 3 argument of a param mapping. */
export const keras3Key = (m: ParamMapping): string => m.keras3 ?? m.key;

export type ReadParams =
  | { readonly ok: true; readonly params: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly key: string };

/**
 * A Keras config (snake_case keys, Keras 2 or 3) → the catalogue params of layer type `type`,
 * through the table: keys read with their conversions, refusals checked. Absent keys are left out
 * (the catalogue default applies). Values are not validated here.
 */
export function readKerasParams(type: string, config: Readonly<Record<string, unknown>>): ReadParams {
  const mapping = KERAS_TABLE[type];
  const specs = getLayer(type)?.params ?? {};
  for (const r of mapping?.refuse ?? [])
    if (Object.hasOwn(config, r.key) && !r.ok(config[r.key]))
      return { ok: false, error: `${r.why(config[r.key])} is not supported`, key: r.key };
  const params: Record<string, unknown> = {};
  for (const m of mapping?.params ?? []) {
    const key = Object.hasOwn(config, m.key)
      ? m.key
      : m.keras3 && Object.hasOwn(config, m.keras3)
        ? m.keras3
        : undefined;
    // Keras' None for a setting that cannot be unset (tfjs writes mask_zero: null) means its default.
    if (key === undefined || (config[key] === null && !specs[m.param]?.nullable)) continue;
    params[m.param] = m.read ? m.read(config[key]) : config[key];
  }
  mapping?.tidy?.(params);
  return { ok: true, params };
}
