/**
 * From a Keras call in Python to a Keras config: the positional arguments of each class (Keras 3
 * and 2 signatures, and Keras 1's for its old names) and the functional merges (`add([a, b])`,
 * Keras 1's `merge([a, b], mode='sum')`). The configs then go through the same importer as a
 * `to_json()` file, so each layer's Keras mapping (src/nodes/layers) reads them.
 */
import { getLayerByKerasClass, WRAPPER_CLASSES } from '../../nodes';
import { configValue } from './values';

const CONV = ['filters', 'kernel_size', 'strides', 'padding'];
const POOL = ['pool_size', 'strides', 'padding'];
const CONV1 = ['nb_filter', 'nb_row', 'nb_col'];

/** Positional parameter names, by Keras class name (old and new names alike). */
const POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  Dense: ['units', 'activation', 'use_bias'],
  Bidirectional: ['layer', 'merge_mode'],
  TimeDistributed: ['layer'],
  Conv1D: ['filters', 'kernel_size', 'strides', 'padding'],
  Conv2D: CONV,
  Conv2DTranspose: CONV,
  SeparableConv2D: CONV,
  DepthwiseConv2D: ['kernel_size', 'strides', 'padding', 'depth_multiplier'],
  MaxPooling1D: POOL,
  MaxPooling2D: POOL,
  AveragePooling2D: POOL,
  MaxPool2D: POOL,
  AvgPool2D: POOL,
  Dropout: ['rate'],
  GaussianNoise: ['stddev'],
  GaussianDropout: ['rate'],
  Activation: ['activation'],
  Reshape: ['target_shape'],
  Permute: ['dims'],
  RepeatVector: ['n'],
  Flatten: ['data_format'],
  Concatenate: ['axis'],
  Dot: ['axes'],
  Embedding: ['input_dim', 'output_dim'],
  LSTM: ['units'],
  GRU: ['units'],
  SimpleRNN: ['units'],
  BatchNormalization: ['axis', 'momentum', 'epsilon'],
  LayerNormalization: ['axis', 'epsilon'],
  UpSampling2D: ['size'],
  ZeroPadding2D: ['padding'],
  Cropping2D: ['cropping'],
  LeakyReLU: ['negative_slope'],
  ELU: ['alpha'],
  ReLU: ['max_value', 'negative_slope', 'threshold'],
  Softmax: ['axis'],
  Rescaling: ['scale', 'offset'],
  GlobalAveragePooling2D: ['data_format'],
  GlobalMaxPooling2D: ['data_format'],
  InputLayer: ['input_shape'],
  // Keras 1
  Convolution2D: CONV1,
  AtrousConvolution2D: CONV1,
  Deconvolution2D: [...CONV1, 'output_shape'],
  SeparableConvolution2D: CONV1,
  Convolution1D: ['nb_filter', 'filter_length'],
};

/** Keras 1 positional names where the class kept its name (`Dense(output_dim)`, `Dropout(p)`) differ only by key. */
const KERAS2_ALIASES: Readonly<Record<string, string>> = { MaxPool2D: 'MaxPooling2D', AvgPool2D: 'AveragePooling2D' };

/** The class name the catalogue knows (`MaxPool2D` → `MaxPooling2D`). */
export const canonicalClass = (name: string): string => KERAS2_ALIASES[name] ?? name;

const WRAPPERS: ReadonlySet<string> = new Set(Object.values(WRAPPER_CLASSES));

/** Whether a name is a Keras layer class the catalogue has (Keras 1 names included), or a wrapper of one. */
export const isCatalogueClass = (name: string): boolean =>
  getLayerByKerasClass(canonicalClass(name)) !== undefined || WRAPPERS.has(name);

/** Functional merges, lower case, by the class they make. Keras 1's `merge` takes a `mode`. */
export const MERGE_FUNCTIONS: Readonly<Record<string, string>> = {
  add: 'Add',
  subtract: 'Subtract',
  multiply: 'Multiply',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  concatenate: 'Concatenate',
  dot: 'Dot',
  merge: 'Merge',
};

/** Positional arguments after the tensors list of a merge function. */
export const MERGE_POSITIONAL: Readonly<Record<string, readonly string[]>> = {
  Concatenate: ['axis'],
  Dot: ['axes', 'normalize'],
  Merge: ['mode', 'concat_axis', 'dot_axes'],
};

export type ArgsResult = { ok: true; config: Record<string, unknown> } | { ok: false; error: string };

/** A config from positional and keyword arguments (values already converted to JSON). */
export function configOf(
  className: string,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
): ArgsResult {
  const names = POSITIONAL[className] ?? [];
  if (args.length > names.length)
    return {
      ok: false,
      error: `${className} takes ${names.length ? `at most ${names.length} positional argument${names.length > 1 ? 's' : ''} (${names.join(', ')})` : 'no positional arguments here'}; give the others by keyword`,
    };
  const config: Record<string, unknown> = {};
  args.forEach((a, i) => {
    config[names[i] as string] = a;
  });
  for (const [k, v] of kwargs) config[k] = v;
  return { ok: true, config };
}

/** Regularizer and constraint classes and functions (Keras 3 and 2 names) → class and positional args. */
const PENALTIES: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  L1: ['L1', ['l1']],
  l1: ['L1', ['l1']],
  L2: ['L2', ['l2']],
  l2: ['L2', ['l2']],
  L1L2: ['L1L2', ['l1', 'l2']],
  l1_l2: ['L1L2', ['l1', 'l2']],
  MaxNorm: ['MaxNorm', ['max_value', 'axis']],
  max_norm: ['MaxNorm', ['max_value', 'axis']],
  MinMaxNorm: ['MinMaxNorm', ['min_value', 'max_value', 'rate', 'axis']],
  min_max_norm: ['MinMaxNorm', ['min_value', 'max_value', 'rate', 'axis']],
  NonNeg: ['NonNeg', []],
  non_neg: ['NonNeg', []],
  UnitNorm: ['UnitNorm', ['axis']],
  unit_norm: ['UnitNorm', ['axis']],
};

/**
 * `keras.regularizers.L2(0.01)`, `regularizers.l1_l2(l1=…, l2=…)`, `constraints.MaxNorm(2)`: the
 * Keras config `{class_name, config}` the importer reads; `undefined` for any other call.
 */
export function penaltyConfig(
  path: string,
  name: string,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
): Map<string, unknown> | undefined {
  const known = /(^|\.)(regularizers|constraints)\.\w+$/.test(path) ? PENALTIES[name] : undefined;
  if (!known) return undefined;
  const [cls, positional] = known;
  const config = new Map<string, unknown>(args.map((a, i) => [positional[i] ?? `arg${i}`, a]));
  for (const [k, v] of kwargs) config.set(k, v);
  return new Map<string, unknown>([
    ['class_name', cls],
    ['config', config],
  ]);
}

/**
 * `keras.Input`'s batch shape: `shape=` (or the first argument) after `batch_size=` (None when not
 * given), or `batch_shape=` as it is. `undefined` when there is no shape.
 */
export function inputBatchShape(args: readonly unknown[], kwargs: ReadonlyMap<string, unknown>): unknown[] | undefined {
  const shape = configValue(kwargs.get('shape') ?? args[0] ?? kwargs.get('batch_shape'));
  if (!Array.isArray(shape)) return undefined;
  if (kwargs.has('batch_shape') && !kwargs.has('shape')) return shape;
  return [configValue(kwargs.get('batch_size') ?? null), ...shape];
}

/** `input_shape=…`, `batch_input_shape=…` or `input_dim=…` of a Sequential's first layer. */
export function inputShapeOf(className: string, config: Record<string, unknown>): unknown[] | undefined {
  if (Array.isArray(config.batch_input_shape)) return config.batch_input_shape;
  if (Array.isArray(config.input_shape)) return [null, ...config.input_shape];
  if (className === 'Embedding')
    return typeof config.input_length === 'number' ? [null, config.input_length] : undefined;
  if (typeof config.input_dim === 'number') return [null, config.input_dim];
  return undefined;
}
