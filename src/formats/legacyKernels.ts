/**
 * Convolution kernels of legacy `.h5` files in the layout tfjs and Keras 2 use, converted as Keras
 * 2's own loader converts them (`preprocess_weights_for_loading` in keras/engine/saving.py):
 * - Keras 1 stored a `dim_ordering: "th"` Convolution2D kernel as (filters, stack, rows, cols):
 *   transposed (2, 3, 1, 0); Convolution3D likewise (2, 3, 4, 1, 0); Deconvolution2D "th" (2, 3, 0, 1)
 *   and "tf" (0, 1, 3, 2); Convolution1D's (filters, input_dim, length, 1) or (length, 1, input_dim,
 *   filters) becomes (length, input_dim, filters).
 * - A file saved with the Theano backend holds true convolution kernels (flipped): every spatial
 *   axis of a Conv1D/2D/3D/2DTranspose kernel is reversed, since tfjs computes a correlation.
 * Other weights, and files of Keras 2 and later on TensorFlow, are left as they are.
 */
import type { PlainWeight, WeightSet } from './weights';

type Config = Record<string, unknown>;
interface LayerEntry {
  readonly class_name?: unknown;
  readonly config?: unknown;
}

/** Keras 2's class for a Keras 1 or 2 convolution class name, or undefined for other layers. */
const CONV_CLASS: Readonly<Record<string, 'Conv1D' | 'Conv2D' | 'Conv3D' | 'Conv2DTranspose'>> = {
  Convolution1D: 'Conv1D',
  AtrousConvolution1D: 'Conv1D',
  Conv1D: 'Conv1D',
  Convolution2D: 'Conv2D',
  AtrousConvolution2D: 'Conv2D',
  Conv2D: 'Conv2D',
  Convolution3D: 'Conv3D',
  Conv3D: 'Conv3D',
  Deconvolution2D: 'Conv2DTranspose',
  Conv2DTranspose: 'Conv2DTranspose',
};

const isRecord = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The layer entries of a Sequential (a bare list or `config.layers`) or functional model config. */
function layerEntries(model: Config): LayerEntry[] {
  const c = model.config;
  const list = Array.isArray(c) ? c : isRecord(c) && Array.isArray(c.layers) ? c.layers : [];
  return list.filter(isRecord) as LayerEntry[];
}

/** `w` with its axes permuted: `out.shape[i] = w.shape[perm[i]]`. */
export function transpose(w: PlainWeight, perm: readonly number[]): PlainWeight {
  const shape = perm.map((p) => w.shape[p] ?? 1);
  const strides = w.shape.map((_, i) => w.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(w.values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < shape.length; i++) src += (index[i] ?? 0) * (strides[perm[i] ?? 0] ?? 0);
    out[o] = w.values[src] ?? 0;
    for (let i = shape.length - 1; i >= 0; i--) {
      index[i] = (index[i] ?? 0) + 1;
      if ((index[i] ?? 0) < (shape[i] ?? 1)) break;
      index[i] = 0;
    }
  }
  return { shape, values: out };
}

/** `w` with its first `n` axes reversed (Keras' `convert_kernel`: the spatial axes of a kernel). */
export function flipSpatial(w: PlainWeight, n: number): PlainWeight {
  const strides = w.shape.map((_, i) => w.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(w.values.length);
  for (let o = 0; o < out.length; o++) {
    let rest = o;
    let src = 0;
    for (let i = 0; i < w.shape.length; i++) {
      const stride = strides[i] ?? 1;
      const k = Math.floor(rest / stride);
      rest -= k * stride;
      src += (i < n ? (w.shape[i] ?? 1) - 1 - k : k) * stride;
    }
    out[o] = w.values[src] ?? 0;
  }
  return { shape: [...w.shape], values: out };
}

/** A Keras 1 kernel in Keras 2's layout (the rules above), given its class and the layer's config. */
function keras1Kernel(cls: string, config: Config, w: PlainWeight): PlainWeight {
  const th = config.dim_ordering === 'th' || config.data_format === 'channels_first';
  if (cls === 'Conv2D' && th && w.shape.length === 4) return transpose(w, [2, 3, 1, 0]);
  if (cls === 'Conv3D' && th && w.shape.length === 5) return transpose(w, [2, 3, 4, 1, 0]);
  if (cls === 'Conv2DTranspose' && w.shape.length === 4) return transpose(w, th ? [2, 3, 0, 1] : [0, 1, 3, 2]);
  if (cls === 'Conv1D' && w.shape.length === 4) {
    const [a, , c, d] = w.shape;
    const filters = typeof config.nb_filter === 'number' ? config.nb_filter : config.filters;
    // Keras 1.0's (filters, input_dim, length, 1) → (length, 1, input_dim, filters); then drop the 1.
    const legacy = a === filters && d === 1 && c !== 1 ? transpose(w, [2, 3, 1, 0]) : w;
    return { shape: [legacy.shape[0] ?? 1, legacy.shape[2] ?? 1, legacy.shape[3] ?? 1], values: legacy.values };
  }
  return w;
}

/**
 * The file's weights with its convolution kernels in tfjs' layout; the same object when nothing
 * needs converting (a Keras 2 or later file not saved by Theano).
 */
export function legacyKernels(model: Config, weights: WeightSet): WeightSet {
  // Keras 2's loader reads a file without a keras_version as Keras 1's.
  const keras1 = typeof model.keras_version === 'string' ? model.keras_version.startsWith('1') : true;
  const theano = model.backend === 'theano';
  if (!keras1 && !theano) return weights;
  const out: Record<string, readonly PlainWeight[]> = { ...weights };
  for (const l of layerEntries(model)) {
    const cls = typeof l.class_name === 'string' ? CONV_CLASS[l.class_name] : undefined;
    const config = isRecord(l.config) ? l.config : {};
    const name = typeof config.name === 'string' ? config.name : undefined;
    const ws = name === undefined ? undefined : weights[name];
    const kernel = ws?.[0];
    if (!cls || !ws || !kernel || name === undefined) continue;
    let k = keras1 ? keras1Kernel(cls, config, kernel) : kernel;
    if (theano) k = flipSpatial(k, k.shape.length - 2);
    out[name] = [k, ...ws.slice(1)];
  }
  return out;
}
