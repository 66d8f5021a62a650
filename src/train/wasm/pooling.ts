/**
 * Replacements for two wasm gradient kernels of tfjs 4.22 that give wrong results:
 * - MaxPoolGrad sends the gradient of a window whose values are all negative to the window's
 *   first element instead of its maximum (the maximum search starts from 0);
 * - ResizeNearestNeighborGrad (UpSampling2D's gradient) repeats the first image's gradient for
 *   every image of the batch.
 * Both are written here as the exact adjoint of the forward kernel: each dy element is added to
 * the input element the forward pass read it from.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../../nodes';
import { type Attrs, kit } from './kit';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: Attrs };
type Shape4 = [number, number, number, number];

/** MaxPoolGrad: inputs dy, input, output; attrs filterSize, strides, pad, dimRoundingMode. */
export function maxPoolGrad(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const info = tf.backend_util.computePool2DInfo(
      input.shape as Shape4,
      attrs.filterSize as [number, number],
      attrs.strides as [number, number],
      1,
      attrs.pad as 'same',
      attrs.dimRoundingMode as 'floor' | undefined,
    );
    const [n, h, w, c] = input.shape as Shape4;
    const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
    const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const out = k.zeros(input.shape);
    const x = k.view(input);
    const g = k.view(dy);
    const dx = k.view(out);
    for (let b = 0; b < n; b++)
      for (let i = 0; i < ho; i++)
        for (let j = 0; j < wo; j++)
          for (let ch = 0; ch < c; ch++) {
            let best = Number.NEGATIVE_INFINITY;
            let at = -1;
            for (let p = i * sh - top, pe = p + fh; p < pe; p += dh) {
              if (p < 0 || p >= h) continue;
              for (let q = j * sw - left, qe = q + fw; q < qe; q += dw) {
                if (q < 0 || q >= w) continue;
                const idx = ((b * h + p) * w + q) * c + ch;
                const v = x[idx] as number;
                if (v > best || at < 0) {
                  best = v;
                  at = idx;
                }
              }
            }
            if (at >= 0) dx[at] = (dx[at] as number) + (g[((b * ho + i) * wo + j) * c + ch] as number);
          }
    return out;
  };
}

/** Where the forward nearest-neighbour resize reads output index `o` from (tfjs's own rule). */
function source(o: number, ratio: number, inSize: number, alignCorners: boolean, halfPixel: boolean): number {
  const frac = halfPixel ? ratio * (o + 0.5) : ratio * o;
  const nearest = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
  return halfPixel ? Math.max(0, nearest) : nearest;
}

/** ResizeNearestNeighborGrad: inputs images, dy; attrs alignCorners, halfPixelCenters. */
export function resizeNearestNeighborGrad(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const align = Boolean(attrs.alignCorners);
    const half = Boolean(attrs.halfPixelCenters);
    const [n, h, w, c] = images.shape as Shape4;
    const [, ho, wo] = dy.shape as Shape4;
    const ratio = (i: number, o: number) => (align && o > 1 ? i - 1 : i) / (align && o > 1 ? o - 1 : o);
    const rows = Array.from({ length: ho }, (_, r) => source(r, ratio(h, ho), h, align, half));
    const cols = Array.from({ length: wo }, (_, r) => source(r, ratio(w, wo), w, align, half));
    const out = k.zeros(images.shape);
    const g = k.view(dy);
    const dx = k.view(out);
    for (let b = 0; b < n; b++)
      for (let i = 0; i < ho; i++)
        for (let j = 0; j < wo; j++) {
          const from = ((b * ho + i) * wo + j) * c;
          const to = ((b * h + (rows[i] as number)) * w + (cols[j] as number)) * c;
          for (let ch = 0; ch < c; ch++) dx[to + ch] = (dx[to + ch] as number) + (g[from + ch] as number);
        }
    return out;
  };
}
