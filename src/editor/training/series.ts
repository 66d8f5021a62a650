/**
 * What the training charts plot, collected from the run's events: one x axis in epochs (batch
 * `b` of epoch `e` at `e - 1 + b / batchesPerEpoch`), per-batch values at every point, per-epoch
 * and validation values at the last batch of their epoch (gaps elsewhere, which the charts span).
 * Plain arrays, appended in place; the charts redraw from them at most once per frame.
 */
import type { BatchEvent, EpochEvent } from '../../train/events';
import type { Metrics } from '../../train/losses';

export type MetricKey = keyof Metrics;

/** Rows of aligned data: x, then one row per series (null where a series has no point). */
export type ChartRows = [number[], ...(number | null)[][]];

const metricOf = (m: Metrics): { key: MetricKey; value: number } | undefined =>
  m.acc !== undefined ? { key: 'acc', value: m.acc } : m.mae !== undefined ? { key: 'mae', value: m.mae } : undefined;

export class TrainingSeries {
  readonly x: number[] = [];
  readonly batchLoss: (number | null)[] = [];
  readonly epochLoss: (number | null)[] = [];
  readonly valLoss: (number | null)[] = [];
  readonly batchMetric: (number | null)[] = [];
  readonly epochMetric: (number | null)[] = [];
  readonly valMetric: (number | null)[] = [];
  /** The metric the run reports (`acc` or `mae`), once known. */
  metric: MetricKey | undefined;

  get length(): number {
    return this.x.length;
  }

  clear(): void {
    for (const a of [this.x, this.batchLoss, this.epochLoss, this.valLoss]) a.length = 0;
    for (const a of [this.batchMetric, this.epochMetric, this.valMetric]) a.length = 0;
    this.metric = undefined;
  }

  addBatch(e: BatchEvent): void {
    const m = metricOf(e.metrics);
    this.metric ??= m?.key;
    this.x.push(e.epoch - 1 + e.batch / e.batchesPerEpoch);
    this.batchLoss.push(e.loss);
    this.batchMetric.push(m?.value ?? null);
    this.epochLoss.push(null);
    this.valLoss.push(null);
    this.epochMetric.push(null);
    this.valMetric.push(null);
  }

  addEpoch(e: EpochEvent): void {
    const last = this.x.length - 1;
    if (last < 0 || this.x[last] !== e.epoch) {
      // No batch at the epoch's end (should not happen): give the epoch a point of its own.
      this.x.push(e.epoch);
      for (const a of [
        this.batchLoss,
        this.batchMetric,
        this.epochLoss,
        this.valLoss,
        this.epochMetric,
        this.valMetric,
      ])
        a.push(null);
    }
    const i = this.x.length - 1;
    const m = metricOf(e.metrics);
    this.metric ??= m?.key;
    this.epochLoss[i] = e.loss;
    this.epochMetric[i] = m?.value ?? null;
    this.valLoss[i] = e.val?.loss ?? null;
    this.valMetric[i] = e.val ? (metricOf(e.val.metrics)?.value ?? null) : null;
  }

  /** x, batch loss, epoch loss, validation loss. */
  lossRows(): ChartRows {
    return [this.x, this.batchLoss, this.epochLoss, this.valLoss];
  }

  /** x, batch metric, epoch metric, validation metric. */
  metricRows(): ChartRows {
    return [this.x, this.batchMetric, this.epochMetric, this.valMetric];
  }
}
