/** Losses, metrics and optimizers by name, built with the tfjs passed in (Keras semantics). */
import type { Optimizer, Scalar, Tensor } from '@tensorflow/tfjs';
import { type MetricName, metricFor } from '../compile';
import type { TF } from '../nodes';
import type { TargetLayout } from './check';
import type { LossName, OptimizerName } from './settings';

/** Metrics reported beside the loss: accuracy for classes, mean absolute error for values. */
export interface Metrics {
  readonly acc?: number;
  readonly mae?: number;
}
export type { MetricName };

export type LossFn = (yTrue: Tensor, yPred: Tensor) => Scalar;

/** The mean loss over a batch (and over pixels for per-pixel outputs). */
export function lossFunction(tf: TF, name: LossName): LossFn {
  switch (name) {
    case 'categoricalCrossentropy':
      return (t, p) => tf.mean(tf.metrics.categoricalCrossentropy(t, p));
    case 'binaryCrossentropy':
      return (t, p) => tf.mean(tf.metrics.binaryCrossentropy(t, p));
    case 'meanSquaredError':
      return (t, p) => tf.mean(tf.square(tf.sub(t, p)));
    case 'meanAbsoluteError':
      return (t, p) => tf.mean(tf.abs(tf.sub(t, p)));
  }
}

/** The metric for a target layout (the rule is compile/training.ts' `metricFor`, which the exports use too). */
export function metricName(layout: TargetLayout): MetricName {
  return metricFor(layout.kind === 'values' ? 'values' : 'classes');
}

/** The batch mean of the layout's metric (accuracy per sample or per pixel; MAE for values). */
export function metricFunction(tf: TF, layout: TargetLayout): LossFn {
  if (layout.kind === 'onehot')
    return (t, p) => tf.mean(tf.cast(tf.equal(tf.argMax(t, -1), tf.argMax(p, -1)), 'float32'));
  if (layout.kind === 'binary')
    return (t, p) => tf.mean(tf.cast(tf.equal(tf.greater(t, 0.5), tf.greater(p, 0.5)), 'float32'));
  return (t, p) => tf.mean(tf.abs(tf.sub(t, p)));
}

export function makeOptimizer(tf: TF, name: OptimizerName, learningRate: number): Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}
