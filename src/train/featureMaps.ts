/**
 * Feature maps: what one layer outputs for one sample, each channel as a greyscale picture (for
 * image models, after or during training). Computed in the worker on the trained model in
 * inference mode; every tensor is released before it returns.
 */
import type { SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import type { TfLayer } from '../nodes';
import type { RgbaImage } from './events';
import { batchTensors, type StepContext } from './steps';

/** Channels shown at most. */
export const FEATURE_MAPS_SHOWN = 16;

export interface FeatureMaps {
  readonly path: string;
  /** The data set row shown. */
  readonly row: number;
  /** The layer's output shape for the sample (height, width, channels). */
  readonly shape: readonly number[];
  /** All channels of the layer. */
  readonly channels: number;
  /** The first `FEATURE_MAPS_SHOWN` channels, each scaled to 0…255 by its own range. */
  readonly maps: readonly RgbaImage[];
}

export type FeatureMapsAnswer = FeatureMaps | { readonly error: string };

/** The feature maps of layer `path` for data set row `row`, or why there are none. */
export async function featureMaps(
  c: StepContext,
  layers: ReadonlyMap<string, TfLayer>,
  path: string,
  row: number,
): Promise<FeatureMapsAnswer> {
  const layer = layers.get(path);
  if (!layer) return { error: `The trained model has no layer ${path} (was it added after training?).` };
  if (layer.inboundNodes.length !== 1) return { error: `${path} is called more than once; its maps are not shown.` };
  const out = layer.output as SymbolicTensor | SymbolicTensor[];
  const symbolic = Array.isArray(out) ? (out[0] as SymbolicTensor) : out;
  if (symbolic.shape.length !== 4)
    return { error: `${path} does not output images (its output is ${symbolic.shape.slice(1).join('×')}).` };
  const { tf } = c;
  const probe = tf.model({ inputs: c.model.inputs, outputs: symbolic });
  const t = tf.tidy(() => {
    const [x] = batchTensors(c, [row]);
    return probe.apply(x, { training: false }) as Tensor;
  });
  try {
    const [, h, w, k] = t.shape as number[];
    const values = await t.data();
    const maps: RgbaImage[] = [];
    for (let ch = 0; ch < Math.min(k as number, FEATURE_MAPS_SHOWN); ch++)
      maps.push(channel(values, h as number, w as number, k as number, ch));
    return { path, row, shape: [h as number, w as number, k as number], channels: k as number, maps };
  } finally {
    t.dispose();
  }
}

function channel(values: ArrayLike<number>, h: number, w: number, k: number, ch: number): RgbaImage {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = ch; i < h * w * k; i += k) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const data = new Uint8ClampedArray(h * w * 4);
  const span = hi - lo || 1;
  for (let p = 0; p < h * w; p++) {
    const g = Math.round((((values[p * k + ch] as number) - lo) / span) * 255);
    data.set([g, g, g, 255], p * 4);
  }
  return { width: w, height: h, data };
}
