/**
 * Legacy Keras 1 layer configs, rewritten as the Keras 2 configs they correspond to, where the
 * mapping is sound: `Convolution2D` → `Conv2D` (nb_filter, nb_row × nb_col, subsample,
 * border_mode), `Merge` with mode sum / mul / concat / ave / max / dot → `Add` / `Multiply` /
 * `Concatenate` / `Average` / `Maximum` / `Dot`, `Dense.output_dim` → `units`, `Dropout.p` → `rate`, …
 * Anything without a sound mapping keeps a class name the importer lists as unsupported
 * (`Merge(mode=cos)`, `BatchNormalization(mode=1)`).
 */
import { getLayerByKerasClass } from '../nodes';
import { isRecord } from './values';

type Config = Record<string, unknown>;

/** Per-layer Keras 1 names (old class names, renamed keys) are declared on each layer (`keras.keras1`). */
const keras1Of = (className: string) => getLayerByKerasClass(className)?.keras.keras1;
/** The Keras 2 class of a Keras 1 class name (`Convolution2D` → `Conv2D`); itself otherwise. */
const currentClass = (className: string): string => {
  const def = getLayerByKerasClass(className);
  return def?.keras.keras1?.classes?.includes(className) ? def.kerasClass : className;
};

const MERGE_MODES: Readonly<Record<string, string>> = {
  sum: 'Add',
  mul: 'Multiply',
  concat: 'Concatenate',
  ave: 'Average',
  max: 'Maximum',
  dot: 'Dot',
};

/** Keys only Keras 1 wrote, whatever the layer. */
const LEGACY_KEYS = ['nb_filter', 'border_mode', 'subsample', 'dim_ordering', 'input_dtype', 'W_regularizer'];

/**
 * Whether a layer config is Keras 1's: by class (an old class name, `Merge`), by keys only Keras 1
 * wrote, or by a key the layer renamed since while its new name is absent (Dense `output_dim`
 * without `units`; Embedding's `output_dim` is Keras 2 too, and Embedding renames nothing).
 */
export function isLegacyLayer(className: string, config: Config): boolean {
  if (currentClass(className) !== className || className === 'Merge') return true;
  if (LEGACY_KEYS.some((k) => Object.hasOwn(config, k))) return true;
  const renames = Object.entries(keras1Of(className)?.rename ?? {});
  return renames.some(([from, to]) => Object.hasOwn(config, from) && !Object.hasOwn(config, to));
}

function rename(c: Config, from: string, to: string): void {
  if (Object.hasOwn(c, from) && !Object.hasOwn(c, to)) c[to] = c[from];
  delete c[from];
}

/** Keras 1 ZeroPadding2D: `(h, w)`, `(top, bottom, left, right)` or a dict of `*_pad`. */
function padding2d(v: unknown): unknown {
  if (Array.isArray(v) && v.length === 4)
    return [
      [v[0], v[1]],
      [v[2], v[3]],
    ];
  if (isRecord(v))
    return [
      [v.top_pad ?? 0, v.bottom_pad ?? 0],
      [v.left_pad ?? 0, v.right_pad ?? 0],
    ];
  return v;
}

/** Rewrites one Keras 1 layer as Keras 2. The config is copied, never changed in place. */
export function upgradeLegacyLayer(className: string, config: Config): { className: string; config: Config } {
  const c: Config = { ...config };
  let cls = currentClass(className);
  if (Object.hasOwn(c, 'dim_ordering')) {
    c.data_format = c.dim_ordering === 'th' ? 'channels_first' : 'channels_last';
    delete c.dim_ordering;
  }
  rename(c, 'border_mode', 'padding');
  rename(c, 'nb_filter', 'filters');
  rename(c, 'atrous_rate', 'dilation_rate');
  rename(c, 'W_regularizer', 'kernel_regularizer');
  rename(c, 'b_regularizer', 'bias_regularizer');
  rename(c, 'W_constraint', 'kernel_constraint');
  rename(c, 'b_constraint', 'bias_constraint');
  rename(c, 'input_dtype', 'dtype');
  if (typeof c.bias === 'boolean') rename(c, 'bias', 'use_bias');
  // What a rename cannot say: combined keys, old defaults, modes.
  switch (cls) {
    case 'Conv2D':
    case 'Conv2DTranspose':
    case 'SeparableConv2D':
      if (Object.hasOwn(c, 'nb_row') || Object.hasOwn(c, 'nb_col')) c.kernel_size = [c.nb_row, c.nb_col];
      delete c.nb_row;
      delete c.nb_col;
      delete c.output_shape; // Deconvolution2D's static output shape: recomputed
      break;
    case 'LSTM':
    case 'GRU':
      if (!Object.hasOwn(c, 'inner_activation')) c.inner_activation = 'hard_sigmoid'; // Keras 1's default
      if (cls === 'LSTM') {
        c.unit_forget_bias = c.forget_bias_init === undefined || c.forget_bias_init === 'one';
        delete c.forget_bias_init;
      } else c.reset_after = false;
      break;
    case 'ZeroPadding2D':
      c.padding = padding2d(c.padding);
      break;
    case 'BatchNormalization':
      if (c.mode !== undefined && c.mode !== 0) cls = `BatchNormalization(mode=${String(c.mode)})`;
      delete c.mode;
      break;
    case 'Merge': {
      const mode = typeof c.mode === 'string' ? c.mode : '';
      cls = MERGE_MODES[mode] ?? `Merge(mode=${mode || 'callable'})`;
      if (cls === 'Concatenate') c.axis = c.concat_axis ?? -1;
      if (cls === 'Dot') c.axes = c.dot_axes ?? -1;
      break;
    }
  }
  for (const [from, to] of Object.entries(keras1Of(cls)?.rename ?? {})) rename(c, from, to);
  return { className: cls, config: c };
}
