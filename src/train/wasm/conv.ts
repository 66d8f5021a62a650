/**
 * The gradients of a 2-D convolution on wasm, each one XNNPACK convolution (the backend's fast
 * Conv2D) over rearranged tensors:
 * - filter gradient: a convolution of x, transposed to [in, h, w, batch], by dy, transposed to
 *   [ho, wo, batch, out], with the forward stride as its dilation and the forward dilation as its
 *   stride; the [in, kh, kw, out] result is sliced and transposed to [kh, kw, in, out];
 * - input gradient: a stride-1 convolution of dy (spread out by the stride, padded) with the
 *   filter flipped in space and transposed to [kh, kw, out, in].
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../../nodes';
import { type Attrs, explicitPad, kit, spread, type WasmKit } from './kit';

type Pair = [number, number];

export interface ConvGeometry {
  readonly strides: Pair;
  readonly dilations: Pair;
  readonly top: number;
  readonly left: number;
}

/** Stride, dilation and the top/left padding of the forward convolution, as tfjs computes them. */
export function geometry(
  k: WasmKit,
  xShape: number[],
  filterShape: number[],
  attrs: Attrs,
  depthwise: boolean,
): ConvGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC')
    throw new Error(`wasm: convolution gradients need channels-last data, not ${String(attrs.dataFormat)}`);
  const info = k.tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as Pair,
    (attrs.dilations as Pair | number | undefined) ?? 1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    depthwise,
  );
  return {
    strides: [info.strideHeight, info.strideWidth],
    dilations: [info.dilationHeight, info.dilationWidth],
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/**
 * x rearranged so that a convolution by dy gives the filter gradient: the explicit padding and
 * the [kh, kw] window to keep from the result.
 */
export function filterGradPadding(
  g: ConvGeometry,
  inSize: Pair,
  outSize: Pair,
  kernel: Pair,
): { pad: number[][]; strides: Pair; dilations: Pair } {
  const need = (d: 0 | 1) => (kernel[d] - 1) * g.dilations[d] + (outSize[d] - 1) * g.strides[d] + 1;
  const bottom = Math.max(0, need(0) - inSize[0] - g.top);
  const right = Math.max(0, need(1) - inSize[1] - g.left);
  return { pad: explicitPad(g.top, bottom, g.left, right), strides: g.dilations, dilations: g.strides };
}

/** Keeps the first [kh, kw] of a [c, oh, ow, o] result (frees it when it slices). */
export function keepWindow(k: WasmKit, r: TensorInfo, kernel: Pair): TensorInfo {
  const [c, oh, ow, o] = r.shape as [number, number, number, number];
  if (oh === kernel[0] && ow === kernel[1]) return r;
  const s = k.run('Slice', { x: r }, { begin: [0, 0, 0, 0], size: [c, kernel[0], kernel[1], o] });
  k.free(r);
  return s;
}

/**
 * dy made ready for a stride-1 input-gradient convolution with dilation `g.dilations`: returns
 * the tensor to convolve (dy itself or a spread copy) and the explicit padding to use.
 */
export function inputGradSource(
  k: WasmKit,
  dy: TensorInfo,
  g: ConvGeometry,
  inSize: Pair,
  kernel: Pair,
): { z: TensorInfo; pad: number[][]; owned: boolean } {
  const [, ho, wo] = dy.shape as [number, number, number, number];
  const reach: Pair = [(kernel[0] - 1) * g.dilations[0], (kernel[1] - 1) * g.dilations[1]];
  const top = reach[0] - g.top;
  const left = reach[1] - g.left;
  const bottom = inSize[0] - ho + g.top;
  const right = inSize[1] - wo + g.left;
  const unit = g.strides[0] === 1 && g.strides[1] === 1;
  if (unit && top >= 0 && left >= 0 && bottom >= 0 && right >= 0)
    return { z: dy, pad: explicitPad(top, bottom, left, right), owned: false };
  const z = spread(k, dy, g.strides, top, left, inSize[0] + reach[0], inSize[1] + reach[1]);
  return { z, pad: explicitPad(0, 0, 0, 0), owned: true };
}

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: Attrs };

/** Conv2DBackpropFilter: inputs x, dy; attrs strides, pad, dimRoundingMode, filterShape. */
export function conv2DBackpropFilter(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const filterShape = attrs.filterShape as [number, number, number, number];
    const g = geometry(k, x.shape, filterShape, attrs, false);
    const [, h, w] = x.shape as number[];
    const [, ho, wo] = dy.shape as number[];
    const kernel: Pair = [filterShape[0], filterShape[1]];
    const conv = filterGradPadding(g, [h as number, w as number], [ho as number, wo as number], kernel);
    const xt = k.run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyt = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const r = k.run('Conv2D', { x: xt, filter: dyt }, { ...conv, dataFormat: 'NHWC' });
    k.free(xt, dyt);
    const window = keepWindow(k, r, kernel);
    const out = k.run('Transpose', { x: window }, { perm: [1, 2, 0, 3] });
    k.free(window);
    return out;
  };
}

/** Conv2DBackpropInput: inputs dy, filter; attrs strides, pad, dimRoundingMode, inputShape. */
export function conv2DBackpropInput(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const inputShape = attrs.inputShape as [number, number, number, number];
    const g = geometry(k, inputShape, filter.shape, attrs, false);
    const kernel: Pair = [filter.shape[0] as number, filter.shape[1] as number];
    const { z, pad, owned } = inputGradSource(k, dy, g, [inputShape[1], inputShape[2]], kernel);
    const flipped = k.run('Reverse', { x: filter }, { dims: [0, 1] });
    const wt = k.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
    k.free(flipped);
    const out = k.run(
      'Conv2D',
      { x: z, filter: wt },
      { strides: [1, 1], dilations: g.dilations, pad, dataFormat: 'NHWC' },
    );
    k.free(wt);
    if (owned) k.free(z);
    return out;
  };
}
