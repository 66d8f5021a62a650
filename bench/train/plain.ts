/**
 * The plain-tfjs baseline of `train_ratio_plain`: the bench's models written by hand with
 * `tf.layers`, the way a person writes them, and trained with `model.fit` — no Skipwire code in
 * the loop. Run in its own module worker (plain.worker.ts) on the bench page, beside Skipwire's
 * real training worker.
 */
import type * as TF from '@tensorflow/tfjs';

export type PlainModel = 'spirals' | 'classic_cnn';

/** The same layers as `EXAMPLES['spirals']` and `EXAMPLES['classic-cnn']` (src/compile/examples.ts). */
export function plainModel(tf: typeof TF, which: PlainModel): TF.LayersModel {
  const L = tf.layers;
  if (which === 'classic_cnn')
    return tf.sequential({
      layers: [
        L.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: 'relu' }),
        L.flatten(),
        L.dense({ units: 32, activation: 'relu' }),
        L.dense({ units: 10, activation: 'softmax' }),
      ],
    });
  const input = tf.input({ shape: [2] });
  const hidden = L.dense({ units: 16, activation: 'relu' }).apply(input) as TF.SymbolicTensor;
  const a = L.dense({ units: 16, activation: 'relu' }).apply(hidden) as TF.SymbolicTensor;
  const b = L.dense({ units: 16, activation: 'tanh' }).apply(hidden) as TF.SymbolicTensor;
  const sum = L.add().apply([a, b]) as TF.SymbolicTensor;
  const output = L.dense({ units: 2, activation: 'softmax' }).apply(sum) as TF.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** One plain run: `model.fit` for `epochs` epochs over `samples` of a built-in set. */
export interface PlainRequest {
  readonly model: PlainModel;
  readonly backend: 'cpu' | 'wasm' | 'webgl';
  readonly samples: number;
  readonly batch: number;
  readonly epochs: number;
  readonly learningRate: number;
  /**
   * wasm only: XNNPACK threads of the multithreaded binary (needs a cross-origin isolated page;
   * 1: that binary on one thread); absent or 0: the single-threaded SIMD binary.
   */
  readonly threads?: number;
  /**
   * Instead of training: time `reps` rounds of one 512×512 matrix product and one 3×3 convolution
   * (4×56×56×32 → 64 filters), the kernels threads should speed up (`probeMs`, ms per round).
   */
  readonly probe?: { readonly reps: number };
}

export interface PlainAnswer {
  readonly backend?: string;
  /** Worker clock (ms) at the end of each epoch, and at the start of `fit`. */
  readonly fitStartMs?: number;
  readonly epochEndsMs?: readonly number[];
  /** Samples per second over the epochs after the first (the warm-up). */
  readonly measuredSps?: number;
  /** wasm: the threads tfjs reports using (`getThreadsCount`), and whether the worker was cross-origin isolated. */
  readonly threads?: number;
  readonly isolated?: boolean;
  /** `probe`: milliseconds of each round, after one warm-up round. */
  readonly probeMs?: readonly number[];
  readonly error?: string;
}
