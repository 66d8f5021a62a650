/**
 * The wasm training kernels against the cpu backend: each kernel on random shapes, strides,
 * paddings and dilations, and whole gradients (tf.grads) of convolutions and matrix products.
 * Agreement: max abs difference ≤ 1e-4 of the largest cpu value.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { registerWasmTraining } from '.';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTraining(tf);
  await tf.setBackend('wasm');
  await tf.ready();
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

type Run = () => tf.Tensor | tf.Tensor[];

/** Runs `f` on cpu and on wasm (same inputs, read back as arrays) and returns the worst relative error. */
async function compare(
  f: (inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  data: tf.TensorBuffer<tf.Rank>[],
): Promise<number> {
  const on = async (backend: string) => {
    await tf.setBackend(backend);
    const run: Run = () => f(data.map((d) => d.toTensor()));
    const outs = tf.tidy(() => [run()].flat().map((t) => t.dataSync().slice()));
    return outs;
  };
  const ref = await on('cpu');
  const got = await on('wasm');
  let worst = 0;
  ref.forEach((r, i) => {
    const g = got[i] as Float32Array;
    expect(g.length).toBe(r.length);
    const scale = Math.max(1e-6, ...Array.from(r, Math.abs));
    for (let j = 0; j < r.length; j++) worst = Math.max(worst, Math.abs((g[j] as number) - (r[j] as number)) / scale);
  });
  return worst;
}

function random(rng: Rng, shape: number[]): tf.TensorBuffer<tf.Rank> {
  const b = tf.buffer(shape);
  for (let i = 0; i < b.size; i++) b.values[i] = rng.next() * 2 - 1;
  return b;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));

/** A random convolution: input, filter size, stride, dilation, padding, and its output size. */
function randomConv(rng: Rng, depthwise: boolean, dilated = false) {
  for (;;) {
    const stride: [number, number] = [int(rng, 1, 3), int(rng, 1, 3)];
    const dilation: [number, number] = dilated ? [int(rng, 1, 3), int(rng, 1, 3)] : [1, 1];
    const pad = pick(rng, ['same', 'valid', 'explicit'] as const);
    const x = [int(rng, 1, 3), int(rng, 4, 13), int(rng, 4, 11), int(rng, 1, 5)];
    const kernel = [int(rng, 1, 4), int(rng, 1, 4)];
    const padding =
      pad === 'explicit'
        ? [
            [0, 0],
            [int(rng, 0, 2), int(rng, 0, 2)],
            [int(rng, 0, 2), int(rng, 0, 2)],
            [0, 0],
          ]
        : pad;
    const out = depthwise ? int(rng, 1, 3) : int(rng, 1, 6);
    const filter = [kernel[0] as number, kernel[1] as number, x[3] as number, out];
    try {
      const info = tf.backend_util.computeConv2DInfo(
        x as [number, number, number, number],
        filter as [number, number, number, number],
        stride,
        dilation,
        padding as 'same',
        undefined,
        depthwise,
      );
      if (info.outHeight < 1 || info.outWidth < 1) continue;
      return { x, filter, stride, dilation, padding, dy: info.outShape as number[] };
    } catch {}
  }
}

function relErr(ref: Float64Array, got: Float32Array): number {
  expect(got.length).toBe(ref.length);
  const scale = Math.max(1e-6, ...Array.from(ref, Math.abs));
  return Math.max(0, ...Array.from(ref, (r, i) => Math.abs((got[i] as number) - r) / scale));
}

/** Depthwise gradients from the definition: y[n,i,j,c·M+m] = Σ x[n, i·s+a·d−top, j·s+b·d−left, c]·w[a,b,c,m]. */
function naiveDepthwise(
  c: ReturnType<typeof randomConv>,
  x: tf.TensorBuffer<tf.Rank>,
  dy: tf.TensorBuffer<tf.Rank>,
  w: tf.TensorBuffer<tf.Rank>,
) {
  const info = tf.backend_util.computeConv2DInfo(
    c.x as [number, number, number, number],
    c.filter as [number, number, number, number],
    c.stride,
    c.dilation,
    c.padding as 'same',
    undefined,
    true,
  );
  const [n, h, wd, ch] = c.x as [number, number, number, number];
  const [kh, kw, , m] = c.filter as [number, number, number, number];
  const [, ho, wo] = c.dy as [number, number, number, number];
  const dw = new Float64Array(kh * kw * ch * m);
  const dx = new Float64Array(n * h * wd * ch);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let a = 0; a < kh; a++)
          for (let e = 0; e < kw; e++) {
            const p = i * c.stride[0] + a * c.dilation[0] - info.padInfo.top;
            const q = j * c.stride[1] + e * c.dilation[1] - info.padInfo.left;
            if (p < 0 || p >= h || q < 0 || q >= wd) continue;
            for (let k = 0; k < ch; k++)
              for (let r = 0; r < m; r++) {
                const g = dy.get(b, i, j, k * m + r);
                const fi = ((a * kw + e) * ch + k) * m + r;
                const xi = ((b * h + p) * wd + q) * ch + k;
                dw[fi] = (dw[fi] as number) + x.get(b, p, q, k) * g;
                dx[xi] = (dx[xi] as number) + w.get(a, e, k, r) * g;
              }
          }
  return { dw, dx };
}

describe('wasm training kernels match cpu', () => {
  it('leave no intermediate behind in wasm memory', async () => {
    await tf.setBackend('wasm');
    const t = (shape: number[]) => tf.ones(shape);
    const [x, w, dw, dy, dyd] = [t([2, 9, 8, 3]), t([3, 3, 3, 4]), t([3, 3, 3, 2]), t([2, 5, 4, 4]), t([2, 5, 4, 6])];
    const conv = { strides: [2, 2], pad: 'same' };
    const calls: [string, tf.NamedTensorMap, tf.NamedAttrMap][] = [
      ['Conv2DBackpropFilter', { x, dy }, { ...conv, filterShape: w.shape }],
      ['Conv2DBackpropInput', { dy, filter: w }, { ...conv, inputShape: x.shape }],
      ['DepthwiseConv2dNativeBackpropFilter', { x, dy: dyd }, { ...conv, dilations: 1, filterShape: dw.shape }],
      ['DepthwiseConv2dNativeBackpropInput', { dy: dyd, filter: dw }, { ...conv, dilations: 1, inputShape: x.shape }],
      ['BatchMatMul', { a: t([1, 4, 3]), b: t([1, 5, 4]) }, { transposeA: true, transposeB: true }],
      [
        '_FusedMatMul',
        { a: t([1, 4, 3]), b: t([1, 5, 4]) },
        { transposeA: true, transposeB: true, activation: 'linear' },
      ],
    ];
    const before = tf.backend().numDataIds();
    for (const [name, inputs, attrs] of calls) tf.dispose(tf.engine().runKernel(name, inputs, attrs) as tf.Tensor);
    expect(tf.backend().numDataIds()).toBe(before);
    tf.dispose([x, w, dw, dy, dyd, ...calls.slice(4).flatMap(([, i]) => Object.values(i))]);
  });

  const rng = new Rng(16);

  it('Conv2DBackpropFilter and Conv2DBackpropInput on 40 random convolutions', async () => {
    for (let t = 0; t < 40; t++) {
      const c = randomConv(rng, false);
      const attrs = { strides: c.stride, pad: c.padding, dataFormat: 'NHWC' };
      const filterErr = await compare(
        ([x, dy]) =>
          tf.engine().runKernel(
            'Conv2DBackpropFilter',
            { x: x as tf.Tensor, dy: dy as tf.Tensor },
            {
              ...attrs,
              filterShape: c.filter,
            },
          ) as tf.Tensor,
        [random(rng, c.x), random(rng, c.dy)],
      );
      expect(filterErr, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
      const inputErr = await compare(
        ([dy, w]) =>
          tf.engine().runKernel(
            'Conv2DBackpropInput',
            { dy: dy as tf.Tensor, filter: w as tf.Tensor },
            {
              ...attrs,
              inputShape: c.x,
            },
          ) as tf.Tensor,
        [random(rng, c.dy), random(rng, c.filter)],
      );
      expect(inputErr, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('the depthwise backprop kernels on 40 random convolutions (stride or dilation 1, as tfjs calls them)', async () => {
    for (let t = 0; t < 40; t++) {
      const c = randomConv(rng, true, false);
      const attrs = { strides: c.stride, dilations: c.dilation, pad: c.padding };
      const filterErr = await compare(
        ([x, dy]) =>
          tf.engine().runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x: x as tf.Tensor, dy: dy as tf.Tensor },
            {
              ...attrs,
              filterShape: c.filter,
            },
          ) as tf.Tensor,
        [random(rng, c.x), random(rng, c.dy)],
      );
      expect(filterErr, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
      const inputErr = await compare(
        ([dy, w]) =>
          tf.engine().runKernel(
            'DepthwiseConv2dNativeBackpropInput',
            { dy: dy as tf.Tensor, filter: w as tf.Tensor },
            {
              ...attrs,
              inputShape: c.x,
            },
          ) as tf.Tensor,
        [random(rng, c.dy), random(rng, c.filter)],
      );
      expect(inputErr, JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
    }
  });

  it('the depthwise backprop kernels with dilations (and strides) against a direct sum', async () => {
    // tfjs's cpu kernels ignore dilations in these gradients (tfjs never asks for them), so the
    // reference here is the definition, summed term by term.
    await tf.setBackend('wasm');
    for (let t = 0; t < 20; t++) {
      const c = randomConv(rng, true, true);
      const [x, dy, w] = [random(rng, c.x), random(rng, c.dy), random(rng, c.filter)];
      const ref = naiveDepthwise(c, x, dy, w);
      const attrs = { strides: c.stride, dilations: c.dilation, pad: c.padding };
      const dw = tf.engine().runKernel(
        'DepthwiseConv2dNativeBackpropFilter',
        { x: x.toTensor(), dy: dy.toTensor() },
        {
          ...attrs,
          filterShape: c.filter,
        },
      ) as tf.Tensor;
      const dx = tf.engine().runKernel(
        'DepthwiseConv2dNativeBackpropInput',
        { dy: dy.toTensor(), filter: w.toTensor() },
        {
          ...attrs,
          inputShape: c.x,
        },
      ) as tf.Tensor;
      expect(relErr(ref.dw, dw.dataSync() as Float32Array), JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
      expect(relErr(ref.dx, dx.dataSync() as Float32Array), JSON.stringify(c)).toBeLessThanOrEqual(1e-4);
      tf.dispose([dw, dx]);
    }
  });

  it('ResizeNearestNeighborGrad is the adjoint of the resize on a batch: <resize(x), dy> = <x, grad(dy)>', async () => {
    await tf.setBackend('wasm');
    for (const [size, alignCorners, halfPixelCenters] of [
      [[8, 6], false, false],
      [[5, 7], true, false],
      [[7, 9], false, true],
    ] as [[number, number], boolean, boolean][]) {
      const x = random(rng, [3, 4, 3, 2]).toTensor() as tf.Tensor4D;
      const dy = random(rng, [3, ...size, 2]).toTensor();
      const y = tf.image.resizeNearestNeighbor(x, size, alignCorners, halfPixelCenters);
      const dx = tf
        .engine()
        .runKernel('ResizeNearestNeighborGrad', { images: x, dy }, { alignCorners, halfPixelCenters }) as tf.Tensor;
      const lhs = y.mul(dy).sum().dataSync()[0] as number;
      const rhs = x.mul(dx).sum().dataSync()[0] as number;
      expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-4 * Math.abs(lhs));
      tf.dispose([x, dy, y, dx]);
    }
  });

  it('MaxPoolGrad sends each window its gradient at the maximum, negative values included', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d([-3, -1, -2, -4, 5, -6, -7, -8, -9, -5, -2, -1, 0, -3, -4, -6], [1, 4, 4, 1]);
    const dx = tf.grad((a) => tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expect(Array.from(dx.dataSync())).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('gradients of conv2d, depthwise, separable and transposed convolutions, and of matMul with transposes', async () => {
    const x = random(rng, [2, 9, 8, 3]);
    const w = random(rng, [3, 3, 3, 4]);
    const dw = random(rng, [3, 3, 3, 2]);
    const pw = random(rng, [1, 1, 6, 5]);
    const loss = (y: tf.Tensor) => y.square().sum();
    const grads = (f: (...xs: tf.Tensor[]) => tf.Tensor) => (xs: tf.Tensor[]) => tf.grads(f)(xs);
    const cases: [string, (...xs: tf.Tensor[]) => tf.Tensor, tf.TensorBuffer<tf.Rank>[]][] = [
      ['conv2d', (a, b) => loss(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')), [x, w]],
      ['depthwise', (a, b) => loss(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')), [x, dw]],
      [
        'separable',
        (a, b, c) => loss(tf.separableConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, 1, 'same')),
        [x, dw, pw],
      ],
      [
        'conv2dTranspose',
        (a, b) => loss(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, [2, 17, 16, 3], 2, 'same')),
        [random(rng, [2, 9, 8, 4]), w],
      ],
      [
        'matMul',
        (a, b) => loss(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, true)),
        [random(rng, [7, 5]), random(rng, [6, 7])],
      ],
      [
        'fused matMul',
        (a, b, c) => loss(tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: 'relu' })),
        [random(rng, [5, 7]), random(rng, [7, 6]), random(rng, [6])],
      ],
    ];
    for (const [name, f, data] of cases) expect(await compare(grads(f), data), name).toBeLessThanOrEqual(1e-4);
  });
});
