/** Param specs and helpers that several layer definitions share. */
import { fail, type LayerIssue, type ParamCount, type Shape, type ShapeResult } from './define';
import { p } from './schema';
import { formatShape } from './shape';

/** Activation identifiers tfjs 4.22 accepts (its `ActivationIdentifier`). */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const activationParam = (dflt: Activation = 'linear') =>
  p.choice(ACTIVATIONS, {
    default: dflt,
    label: 'activation',
    doc: 'Activation applied to the output; "linear" means none.',
  });

/** Output channels of a convolution. */
export const filtersParam = () => p.int({ default: 32, min: 1, label: 'filters', doc: 'Number of output channels.' });

/** epsilon, center and scale: the params BatchNormalization and LayerNormalization share. */
export const normalizationParams = () => ({
  epsilon: p.float({
    default: 0.001,
    min: 0,
    exclusiveMin: true,
    label: 'epsilon',
    doc: 'Small number added to the variance to avoid dividing by zero.',
  }),
  center: p.bool({ default: true, label: 'center', doc: 'Learn an offset (beta).' }),
  scale: p.bool({ default: true, label: 'scale', doc: 'Learn a scale (gamma).' }),
});

export const biasParam = () =>
  p.bool({ default: true, label: 'use bias', doc: 'Whether the layer adds a learned bias vector.' });

export const paddingParam = () =>
  p.choice(['valid', 'same'] as const, {
    default: 'valid',
    label: 'padding',
    doc: '"valid": no padding, the output shrinks; "same": zero-pad so that the output has the input size divided by the stride.',
  });

export const trainable = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 });

/** Formats a pair as `7×7`. */
export const pairText = (v: readonly number[] | null): string => (v ? v.join('×') : 'auto');

/** A convolution's node line: `16 · 3×3 · same · stride 2×2 · relu` (stride and activation when set). */
export const convDescribe = (v: {
  readonly filters: number;
  readonly kernelSize: readonly number[];
  readonly padding: string;
  readonly strides: readonly number[];
  readonly activation: string;
}): string =>
  [
    String(v.filters),
    pairText(v.kernelSize),
    v.padding,
    v.strides.some((s) => s > 1) ? `stride ${pairText(v.strides)}` : '',
    v.activation !== 'linear' ? v.activation : '',
  ]
    .filter(Boolean)
    .join(' · ');

/** Rank check with the message Keras users know. */
export function expectRank(
  layer: string,
  shape: Shape,
  rank: number,
  axes: string,
  fixes?: LayerIssue['fixes'],
): { error: LayerIssue } | undefined {
  if (shape.length === rank) return undefined;
  return fail(
    `${layer} expects a ${rank}-D input (${axes}) per sample, but its input is ${formatShape(shape)} (rank ${shape.length}).`,
    fixes ? { fixes } : undefined,
  );
}

/** The last (channels) dimension, required to be known for weight shapes. */
export function knownChannels(layer: string, shape: Shape): number | { error: LayerIssue } {
  const c = shape[shape.length - 1];
  if (c === null || c === undefined)
    return fail(`${layer} needs a known last dimension to size its weights, but its input is ${formatShape(shape)}.`);
  return c;
}

export function isError(r: unknown): r is { error: LayerIssue } {
  return r !== null && typeof r === 'object' && 'error' in r;
}

/** Passes the single input shape through unchanged (activations, dropout, normalization). */
export const passThrough = (inputs: readonly Shape[]): ShapeResult => inputs[0] ?? [];
