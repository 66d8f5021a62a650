/**
 * Zero gradients for tfjs's comparison and logical-reduction kernels. tfjs 4.22 registers none for
 * `Greater`, `NotEqual` and `Any`, so backpropagating through a layer that builds a mask from them
 * (ThresholdedReLU: x · (x > θ); Masking: x · any(x ≠ v)) throws "gradient function not found".
 * TensorFlow declares them not differentiable, which autodiff treats as a zero gradient: the same
 * here, so such layers train in Skipwire as they do in Keras (the gradient flows through the
 * multiplication by the mask, not through the mask).
 */
import type { TF } from '../nodes';

const STEP_KERNELS: readonly (readonly [string, readonly string[]])[] = [
  ['Greater', ['a', 'b']],
  ['NotEqual', ['a', 'b']],
  ['Any', ['x']],
];

/** Registers the zero gradients that tfjs lacks; idempotent, and leaves any existing gradient alone. */
export function installStepGradients(tf: TF): void {
  for (const [kernelName, inputs] of STEP_KERNELS) {
    if (tf.getGradient(kernelName) !== undefined) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: [...inputs],
      // tfjs requires float32 gradients, also for Any's bool input.
      gradFunc: (_dy, saved) =>
        Object.fromEntries(inputs.map((name, k) => [name, () => tf.zeros(saved[k]?.shape ?? [], 'float32')])),
    });
  }
}
