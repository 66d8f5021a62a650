/**
 * The gradients of a depthwise 2-D convolution on wasm, each one XNNPACK depthwise convolution
 * over rearranged tensors (the same idea as conv.ts, channel by channel):
 * - filter gradient: x as one image [1, h, w, batch·in] convolved depthwise by dy as a filter
 *   [ho, wo, batch·in, multiplier] (stride and dilation swapped), then summed over the batch;
 * - input gradient: dy spread out by the stride and convolved depthwise with the flipped filter
 *   [kh, kw, in·multiplier, 1], then summed over the multiplier.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../../nodes';
import { filterGradPadding, geometry, inputGradSource, keepWindow } from './conv';
import { type Attrs, kit, type WasmKit } from './kit';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: Attrs };
type Shape4 = [number, number, number, number];

/** Reshapes (a new reference to the same data) and frees the old reference. */
function reshape(k: WasmKit, x: TensorInfo, shape: number[]): TensorInfo {
  const r = k.run('Reshape', { x }, { shape });
  k.free(x);
  return r;
}

/** Sums away `axis` when it is longer than 1 (frees the input); reshapes it away otherwise. */
function sumAxis(k: WasmKit, x: TensorInfo, axis: number): TensorInfo {
  if (x.shape[axis] === 1)
    return reshape(
      k,
      x,
      x.shape.filter((_, i) => i !== axis),
    );
  const r = k.run('Sum', { x }, { axis: [axis], keepDims: false });
  k.free(x);
  return r;
}

/** DepthwiseConv2dNativeBackpropFilter: inputs x, dy; attrs strides, dilations, pad, filterShape. */
export function depthwiseBackpropFilter(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const [kh, kw, c, m] = attrs.filterShape as Shape4;
    const g = geometry(k, x.shape, [kh, kw, c, m], attrs, true);
    const [n, h, w] = x.shape as Shape4;
    const [, ho, wo] = dy.shape as Shape4;
    const conv = filterGradPadding(g, [h, w], [ho, wo], [kh, kw]);
    const xt = reshape(k, k.run('Transpose', { x }, { perm: [1, 2, 0, 3] }), [1, h, w, n * c]);
    const dyt = reshape(k, k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }), [ho, wo, n * c, m]);
    const r = k.run('DepthwiseConv2dNative', { x: xt, filter: dyt }, conv);
    k.free(xt, dyt);
    const [, oh, ow] = r.shape as Shape4;
    const perImage = reshape(k, r, [oh, ow, n, c * m]);
    const summed = sumAxis(k, perImage, 2); // [oh, ow, c·m]
    const window = keepWindow(k, reshape(k, summed, [1, oh, ow, c * m]), [kh, kw]);
    return reshape(k, window, [kh, kw, c, m]);
  };
}

/** DepthwiseConv2dNativeBackpropInput: inputs dy, filter; attrs strides, dilations, pad, inputShape. */
export function depthwiseBackpropInput(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const [n, h, w, c] = attrs.inputShape as Shape4;
    const [kh, kw, , m] = filter.shape as Shape4;
    const g = geometry(k, [n, h, w, c], filter.shape, attrs, true);
    const { z, pad, owned } = inputGradSource(k, dy, g, [h, w], [kh, kw]);
    const flipped = reshape(k, k.run('Reverse', { x: filter }, { dims: [0, 1] }), [kh, kw, c * m, 1]);
    const r = k.run(
      'DepthwiseConv2dNative',
      { x: z, filter: flipped },
      { strides: [1, 1], dilations: g.dilations, pad },
    );
    k.free(flipped);
    if (owned) k.free(z);
    return m === 1 ? r : sumAxis(k, reshape(k, r, [n, h, w, c, m]), 4);
  };
}
