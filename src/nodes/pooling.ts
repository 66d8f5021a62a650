/**
 * Shared logic of the pooling layers (MaxPooling1D/2D, AveragePooling2D, the global poolings):
 * their window params, the output shape with its "window does not fit" message, the warning for
 * strides that skip inputs, and the node face.
 */
import { expectRank, paddingParam } from './common';
import { type Dim, fail, type LayerIssue, type Shape, type ShapeResult } from './define';
import { KERAS_PADDING, type KerasMapping, kerasPair, kerasTriple, OFF } from './keras';
import { p } from './schema';
import { convLength, formatShape } from './shape';

const STRIDES_NULL = 'same as pool size';

/** Params of a 2-D pooling layer: `poolSize`, `strides` (null = the pool size, Keras' None), `padding`. */
export const pool2dParams = () => ({
  poolSize: p.pair({ default: [2, 2], label: 'pool size', doc: 'Height and width of the pooling window.' }),
  strides: p.pair({
    default: null,
    nullable: true,
    nullLabel: STRIDES_NULL,
    label: 'strides',
    doc: 'Step of the window along height and width. Unset means the pool size: windows that tile the input without overlap.',
  }),
  padding: paddingParam(),
});

/** Params of a 3-D pooling layer: `poolSize`, `strides` (null = the pool size, Keras' None), `padding`. */
export const pool3dParams = () => ({
  poolSize: p.triple({
    default: [2, 2, 2],
    label: 'pool size',
    doc: 'Depth, height and width of the pooling window.',
  }),
  strides: p.triple({
    default: null,
    nullable: true,
    nullLabel: STRIDES_NULL,
    label: 'strides',
    doc: 'Step of the window along depth, height and width. Unset means the pool size: windows that tile the input without overlap.',
  }),
  padding: paddingParam(),
});

/** Params of a 1-D pooling layer: `poolSize`, `strides` (null = the pool size, Keras' None), `padding`. */
export const pool1dParams = () => ({
  poolSize: p.int({ default: 2, min: 1, label: 'pool size', doc: 'Length of the pooling window, in steps.' }),
  strides: p.int({
    default: null,
    nullable: true,
    min: 1,
    nullLabel: STRIDES_NULL,
    label: 'strides',
    doc: 'Step of the window along the steps. Unset means the pool size: windows that tile the input without overlap.',
  }),
  padding: paddingParam(),
});

/** A window or stride size: `3×3`, or `3` in 1-D. */
const sizeText = (v: readonly number[]): string => v.join('×');
/** `3×3` for a 2-D window, `3-step` for a 1-D one. */
const windowText = (v: readonly number[]): string => (v.length === 1 ? `${v[0]}-step` : sizeText(v));

/**
 * Output shape of a pooling window sliding over the spatial axes of `x` (all but the last, which
 * is the channels axis and passes through, known or not). `x` must already have the right rank.
 * Unknown spatial dims stay unknown.
 */
export function poolShape(
  layer: string,
  x: Shape,
  poolSize: readonly number[],
  strides: readonly number[] | null,
  padding: 'valid' | 'same',
): ShapeResult {
  const step = strides ?? poolSize;
  const spatial = x.slice(0, -1);
  const out: Dim[] = spatial.map((d, i) => convLength(d ?? null, poolSize[i] ?? 1, padding, step[i] ?? 1));
  if (out.some((d) => d !== null && d <= 0)) {
    if (spatial.some((d) => d === 0))
      return fail(`${layer}'s input ${formatShape(x)} has an empty axis: there is nothing to pool.`);
    const fitting = poolSize.map((k, i) => Math.min(k, spatial[i] ?? k));
    const fits = poolSize.length === 1 ? `${fitting[0]}` : sizeText(fitting);
    return fail(
      `${layer}'s ${windowText(poolSize)} window does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or a pool size of at most ${fits}.`,
      {
        param: 'poolSize',
        fixes: [
          { label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' },
          {
            label: `Use pool size ${fits}`,
            kind: 'setParam',
            param: 'poolSize',
            value: poolSize.length === 1 ? fitting[0] : fitting,
          },
        ],
      },
    );
  }
  return [...out, x[x.length - 1] ?? null];
}

/** Strides larger than the window skip inputs entirely: legal, but almost always a mistake. */
export function poolStrideWarning(
  layer: string,
  poolSize: readonly number[],
  strides: readonly number[] | null,
): LayerIssue | undefined {
  if (!strides?.some((s, i) => s > (poolSize[i] ?? s))) return undefined;
  return {
    message: `${layer}'s stride ${sizeText(strides)} is larger than its ${windowText(poolSize)} window, so some inputs are never pooled. Use a stride no larger than the pool size, or leave strides unset to tile the input.`,
    param: 'strides',
    fixes: [{ label: 'Use the pool size as stride', kind: 'setParam', param: 'strides', value: null }],
  };
}

/** The node face of a pooling layer: `2×2 · valid`, with the stride when it differs from the window. */
export function poolDescribe(
  poolSize: readonly number[],
  strides: readonly number[] | null,
  padding: 'valid' | 'same',
): string {
  const stride = strides?.some((s, i) => s !== poolSize[i]) ? `stride ${sizeText(strides ?? [])}` : '';
  return [sizeText(poolSize), padding, stride].filter(Boolean).join(' · ');
}

/** A rank error with a hint appended ("For a (steps, channels) sequence use MaxPooling1D."). */
export function withHint(error: { error: LayerIssue }, hint: string | undefined): { error: LayerIssue } {
  return hint ? { error: { ...error.error, message: `${error.error.message} ${hint}` } } : error;
}

/** Global 2-D pooling: (height, width, channels) → (channels); unknown height and width are fine. */
export function globalPool2dShape(layer: string, x: Shape | undefined): ShapeResult {
  if (!x) return fail(`${layer} needs an input.`);
  const rank = expectRank(layer, x, 3, 'height, width, channels');
  if (rank) return withHint(rank, x.length === 1 ? 'Its input is already one value per feature.' : undefined);
  return [x[2] ?? null];
}

/** Global 1-D pooling: (steps, channels) → (channels); an unknown number of steps is fine. */
export function globalPool1dShape(layer: string, x: Shape | undefined): ShapeResult {
  if (!x) return fail(`${layer} needs an input.`);
  const rank = expectRank(layer, x, 2, 'steps, channels');
  if (rank)
    return withHint(
      rank,
      x.length === 3
        ? `For a (height, width, channels) feature map use ${layer.replace('1D', '2D')}.`
        : x.length === 1
          ? 'Its input is already one value per feature.'
          : undefined,
    );
  return [x[1] ?? null];
}

/** A 1-D pooling layer's single size as the shared n-D helpers take it (`[v]`, or null). */
export const single = (v: number | null): number[] | null => (v === null ? null : [v]);

/** The Keras mapping of the 1-D pooling layers (Keras 1 named them pool_length and stride). */
export const KERAS_POOL_1D: KerasMapping<ReturnType<typeof pool1dParams>> = {
  params: {
    poolSize: { key: 'pool_size', convert: 'single' },
    strides: { key: 'strides', convert: 'single', k3Default: null },
    padding: KERAS_PADDING,
  },
  unsetWhenEqual: ['strides', 'poolSize'],
  keras1: { rename: { pool_length: 'pool_size', stride: 'strides' } },
};

/** The Keras mapping of the 2-D pooling layers. */
export const KERAS_POOL_2D: KerasMapping<ReturnType<typeof pool2dParams>> = {
  params: {
    poolSize: kerasPair('pool_size'),
    strides: { key: 'strides', convert: 'pair', k3Default: null },
    padding: KERAS_PADDING,
  },
  unsetWhenEqual: ['strides', 'poolSize'],
};

/** The Keras mapping of the 3-D pooling layers. */
export const KERAS_POOL_3D: KerasMapping<ReturnType<typeof pool3dParams>> = {
  params: {
    poolSize: kerasTriple('pool_size'),
    strides: { key: 'strides', convert: 'triple', k3Default: null },
    padding: KERAS_PADDING,
  },
  unsetWhenEqual: ['strides', 'poolSize'],
};

/** The Keras mapping of the global pooling layers (no params; `keepdims` is refused). */
export const KERAS_GLOBAL_POOL: KerasMapping<Record<never, never>> = {
  params: {},
  refuse: [{ key: 'keepdims', allow: OFF, why: 'keepdims is not supported' }],
};
