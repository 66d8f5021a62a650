import { defineLayer, fail, NO_PARAMS, type Shape } from '../define';
import { p } from '../schema';
import { formatShape, product } from '../shape';

/**
 * `axes` is always a list, one or two Keras axes (the batch is axis 0, so 1 is the first axis of a
 * sample; negative counts from the end): `[a]` takes the dot product along axis `a` of both inputs
 * (Keras `axes=a`), `[a, b]` along axis `a` of input 1 and axis `b` of input 2 (Keras `axes=(a, b)`).
 * `build` passes `[a]` to tfjs as the plain integer, so the exported config reads as Keras writes it.
 */
const axesPair = (axes: readonly number[]): [number, number] => [axes[0] ?? -1, axes[1] ?? axes[0] ?? -1];

/** The per-sample index of a Keras axis, or `null` when it is out of range or the batch. */
function sampleAxis(axis: number, rank: number): number | null {
  const k = axis < 0 ? rank + axis : axis - 1;
  return k >= 0 && k < rank ? k : null;
}

export const dot = defineLayer({
  type: 'dot',
  kerasClass: 'Dot',
  category: 'merge',
  inputs: { min: 2, max: 2 },
  params: {
    axes: p.ints({
      default: [-1],
      minLength: 1,
      maxLength: 2,
      label: 'axes',
      doc: 'Axis along which to take the dot product, counting the batch as axis 0: one value for both inputs, or two (axis of input 1, axis of input 2). -1 is the last axis.',
    }),
    normalize: p.bool({
      default: false,
      label: 'normalize',
      doc: 'L2-normalize both inputs along the dot axes first, so the output is the cosine similarity.',
    }),
  },
  docs: 'Dot product of two inputs along the given axes, per sample: two vectors give a score, a (steps, features) query and keys give an attention matrix.',
  checkParams: ({ axes }) =>
    axes.includes(0)
      ? { message: 'Dot cannot take the product along axis 0, the batch axis.', param: 'axes' }
      : undefined,
  inferShape: (inputs, { axes }) => {
    if (inputs.length !== 2)
      return fail(`Dot takes exactly 2 inputs, but ${inputs.length} ${inputs.length === 1 ? 'is' : 'are'} connected.`);
    const [x, y] = inputs as [Shape, Shape];
    for (const [i, s] of [x, y].entries()) {
      if (s.length === 0)
        return fail(`Dot needs inputs with at least one axis per sample, but input ${i + 1} is a scalar per sample.`);
      if (s.length > 2)
        return fail(
          `Dot in tfjs supports inputs of at most 2 axes per sample (3-D with the batch), but input ${i + 1} is ${formatShape(s)} (rank ${s.length}). Flatten or reshape it first.`,
        );
    }
    const [a, b] = axesPair(axes);
    const ka = sampleAxis(a, x.length);
    const kb = sampleAxis(b, y.length);
    if (ka === null || kb === null) {
      const [bad, ax, s] = ka === null ? [1, a, x] : [2, b, y];
      return fail(
        `Dot axis ${ax} is out of range for input ${bad} (${formatShape(s)}): use 1 to ${s.length} or -1 to -${s.length} (axis 0 is the batch).`,
        { param: 'axes' },
      );
    }
    const da = x[ka] ?? null;
    const db = y[kb] ?? null;
    if (da !== db)
      return fail(
        `Dot multiplies axis ${a} of input 1 (${formatShape(x)}) with axis ${b} of input 2 (${formatShape(y)}), but their sizes differ (${da ?? '?'} vs ${db ?? '?'}): they must be equal.`,
        { param: 'axes' },
      );
    const out = [...x.filter((_, j) => j !== ka), ...y.filter((_, j) => j !== kb)];
    return out.length === 0 ? [1] : out;
  },
  countParams: () => NO_PARAMS,
  // Every output value is a dot product along the contracted axis.
  macs: ([x], { axes }, out) => {
    const k = sampleAxis(axesPair(axes)[0], x?.length ?? 0);
    const n = product(out);
    const len = k === null ? null : (x?.[k] ?? null);
    return n === null || len === null ? null : n * len;
  },
  describe: ({ axes, normalize }) => `axes ${axes.join(', ')}${normalize ? ' · cosine' : ''}`,
  // tfjs 4.22 normalizes a negative axis only when given as a single integer: resolve a pair of
  // axes to positive ones (Keras axes count the batch, so -1 on a rank-r sample is axis r).
  concrete: (inputs, params) => {
    if (params.axes.length < 2 || params.axes.every((a) => a > 0)) return params;
    const [a, b] = axesPair(params.axes);
    const pos = (axis: number, shape: Shape | undefined) => (axis < 0 ? (shape?.length ?? 0) + 1 + axis : axis);
    return { ...params, axes: [pos(a, inputs[0]), pos(b, inputs[1])] as number[] };
  },
  build: (tf, { axes, normalize }, name) =>
    tf.layers.dot({ axes: axes.length === 1 ? (axes[0] as number) : axesPair(axes), normalize, name }),
});
