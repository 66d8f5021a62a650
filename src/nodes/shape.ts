/** Shape helpers shared by the layer definitions. Pure, tiny, no imports. */
import type { Dim, Shape } from './define';

/** `45×60×64`; unknown dims as `?`; a scalar per sample as `scalar`. */
export function formatShape(shape: Shape): string {
  if (shape.length === 0) return 'scalar';
  return shape.map((d) => (d === null ? '?' : String(d))).join('×');
}

/** Keras' tuple notation with the batch dimension: `(None, 45, 60, 64)`. */
export function kerasShape(shape: Shape): string {
  return `(None, ${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

/** The product of the dims, or `null` when one is unknown. */
export function product(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Output length of a convolution or pooling window along one axis (Keras `conv_output_length`). */
export function convLength(
  input: Dim,
  kernel: number,
  padding: 'valid' | 'same' | 'causal',
  stride: number,
  dilation = 1,
): Dim {
  if (input === null) return null;
  const k = kernel + (kernel - 1) * (dilation - 1);
  const len = padding === 'valid' ? input - k + 1 : input;
  return Math.floor((len + stride - 1) / stride);
}

/** Output length of a transposed convolution along one axis (Keras `deconv_output_length`). */
export function deconvLength(input: Dim, kernel: number, padding: 'valid' | 'same', stride: number): Dim {
  if (input === null) return null;
  return padding === 'valid' ? input * stride + Math.max(kernel - stride, 0) : input * stride;
}

/** The rank message a Keras user expects: "expects a 3-D input (height, width, channels)". */
export function rankError(layer: string, expected: string, shape: Shape): { error: { message: string } } {
  return {
    error: {
      message: `${layer} expects ${expected}, but its input is ${formatShape(shape)} (rank ${shape.length}).`,
    },
  };
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
