/**
 * One optimisation step and one evaluation pass, on rows of a data set: the tensor work of the
 * trainer. Every tensor made here is released before the functions return.
 */
import type { LayersModel, Optimizer, Scalar, Tensor, Variable } from '@tensorflow/tfjs';
import { type Analysis, type Compiled, compileModel, type SkipwireDoc } from '../compile';
import type { TF } from '../nodes';
import type { TargetLayout } from './check';
import { type Dataset, size } from './data/types';
import type { LossFn } from './losses';
import { type Rng, withRandom } from './rng';
import { gatherRows } from './targets';

export interface StepContext {
  readonly tf: TF;
  readonly model: LayersModel;
  readonly dataset: Dataset;
  /** Encoded targets of every sample (`encodeTargets`). */
  readonly targets: Float32Array;
  readonly layout: TargetLayout;
  readonly lossFn: LossFn;
  readonly metricFn: LossFn;
  /** Feeds tfjs's unseeded randomness (dropout, noise) during a step. */
  readonly rng: Rng;
  /** Rejects when the run must end at once (a lost GPU context): reads of results stop waiting. */
  readonly interrupt?: Promise<never>;
}

/** Waits for `read`, or rejects with `interrupt`'s error first. */
export function interruptible<T>(read: Promise<T>, interrupt: Promise<never> | undefined): Promise<T> {
  if (!interrupt) return read;
  read.catch(() => {}); // a read abandoned by the race may still fail later
  return Promise.race([read, interrupt]);
}

/** The inputs and targets of `rows` as tensors. */
export function batchTensors(c: StepContext, rows: readonly number[]): [Tensor, Tensor] {
  const { tf, dataset, layout } = c;
  const x = tf.tensor(gatherRows(dataset.x, size(dataset.inputShape), rows), [rows.length, ...dataset.inputShape]);
  const y = tf.tensor(gatherRows(c.targets, size(layout.shape), rows), [rows.length, ...layout.shape]);
  return [x, y];
}

/**
 * One optimisation step on `rows`; returns the batch loss and metric as tensors, unread (the
 * caller reads them when it suits the backend, `PendingReads`, and releases them).
 */
export function trainStepTensors(c: StepContext, optimizer: Optimizer, rows: readonly number[]): [Tensor, Tensor] {
  const { tf, model } = c;
  const vars = model.trainableWeights.map((w) => w.read() as Variable);
  return tf.tidy(() => {
    const [x, y] = batchTensors(c, rows);
    let metricValue: Tensor | undefined;
    const cost = withRandom(c.rng, () =>
      optimizer.minimize(
        () => {
          const pred = model.apply(x, { training: true }) as Tensor;
          metricValue = tf.keep(c.metricFn(y, pred));
          let total: Scalar = c.lossFn(y, pred);
          for (const extra of model.calculateLosses()) total = tf.add(total, extra);
          return total;
        },
        true,
        vars,
      ),
    ) as Scalar;
    applyConstraints(model);
    return [cost, metricValue as Tensor];
  });
}

/**
 * Projects every trainable weight that has a constraint (NonNeg, MaxNorm, …) back into its set, as
 * Keras does after each step: tfjs 4.22's optimizers update the variables without applying them.
 */
export function applyConstraints(model: LayersModel): void {
  for (const w of model.trainableWeights) if (w.constraint) (w.read() as Variable).assign(w.constraint.apply(w.read()));
}

/** One optimisation step on `rows`; returns the batch loss and metric, read at once. */
export async function trainStep(
  c: StepContext,
  optimizer: Optimizer,
  rows: readonly number[],
): Promise<[number, number]> {
  const [loss, metric] = trainStepTensors(c, optimizer, rows);
  try {
    const [l, m] = await interruptible(Promise.all([loss.data(), metric.data()]), c.interrupt);
    return [l[0] as number, m[0] as number];
  } finally {
    loss.dispose();
    metric.dispose();
  }
}

/** Mean loss and metric over `rows`, in inference mode, in batches of `batchSize`. */
export async function evaluateRows(
  c: StepContext,
  rows: readonly number[],
  batchSize: number,
): Promise<[number, number]> {
  let lossSum = 0;
  let metricSum = 0;
  for (let i = 0; i < rows.length; i += batchSize) {
    const chunk = rows.slice(i, i + batchSize);
    const out = c.tf.tidy(() => {
      const [x, y] = batchTensors(c, chunk);
      const pred = c.model.apply(x, { training: false }) as Tensor;
      return c.tf.stack([c.lossFn(y, pred), c.metricFn(y, pred)]);
    });
    try {
      const [l, m] = await interruptible(out.data(), c.interrupt);
      lossSum += (l as number) * chunk.length;
      metricSum += (m as number) * chunk.length;
    } finally {
      out.dispose();
    }
  }
  return [lossSum / rows.length, metricSum / rows.length];
}

/**
 * Loss and metric on the validation rows, or undefined without any. A fixed batch size (`plan`)
 * evaluates whole batches only, from zero states.
 */
export function validateRows(
  c: StepContext,
  rows: readonly number[],
  { size, fixed }: { readonly size: number; readonly fixed: boolean },
): Promise<[number, number]> | undefined {
  const whole = fixed ? rows.slice(0, rows.length - (rows.length % size)) : rows;
  if (!whole.length) return undefined;
  if (fixed) c.model.resetStates();
  return evaluateRows(c, whole, fixed ? size : Math.max(size, 64));
}

/** Gives every layer of `compiled` fresh initial weights (drawn from tfjs's current randomness). */
export function reinitialise(tf: TF, compiled: Compiled, doc: SkipwireDoc, analysis: Analysis): void {
  const fresh = compileModel(tf, doc, analysis);
  try {
    for (const [path, layer] of compiled.layers) {
      const other = fresh.layers.get(path);
      if (other && layer.weights.length) layer.setWeights(other.getWeights());
    }
  } finally {
    fresh.model.dispose();
  }
}
