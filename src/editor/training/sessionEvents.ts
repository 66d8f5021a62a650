/**
 * How a training session turns the run's events into what the panel shows: progress, the latest
 * loss, the chart series, previews, faults, and the canvas's layer statistics. Changes go through
 * `queue` (applied to the store once per frame); `latest` reads a value with the queued changes.
 */
import type { TrainEvent, TrainListener } from '../../train/events';
import type { NodeStatsStore } from './nodeStats';
import { afterBatch, startPace } from './pace';
import type { TrainingSeries } from './series';
import type { TrainingState } from './session';

export interface EventSinks {
  readonly series: TrainingSeries;
  readonly stats: NodeStatsStore;
  queue(changes: Partial<TrainingState>): void;
  latest<K extends keyof TrainingState>(key: K): TrainingState[K];
  /** Reads the worker's tensor memory again (after each epoch). */
  refreshMemory(): void;
}

const now = (): number => performance.now();

export function eventHandler({ series, stats, queue, latest, refreshMemory }: EventSinks): TrainListener {
  const bump = () => ({ chartSeq: latest('chartSeq') + 1 });
  return (e: TrainEvent) => {
    switch (e.type) {
      case 'started':
        series.clear();
        stats.clear();
        queue({
          phase: 'running',
          started: e,
          progress: {
            epoch: 1,
            epochs: e.epochs,
            batch: 0,
            batchesPerEpoch: e.batchesPerEpoch,
            etaMs: 0,
            samplesPerSecond: 0,
            pace: startPace(now()),
          },
          epochsDone: 0,
          ...bump(),
        });
        return;
      case 'batch': {
        series.addBatch(e);
        const before = latest('progress');
        queue({
          loss: e.loss,
          progress: {
            epoch: e.epoch,
            epochs: before?.epochs ?? e.epoch,
            batch: e.batch,
            batchesPerEpoch: e.batchesPerEpoch,
            etaMs: e.etaMs,
            samplesPerSecond: e.samplesPerSecond,
            pace: afterBatch(before?.pace ?? startPace(now()), now()),
          },
          ...bump(),
        });
        return;
      }
      case 'epoch':
        series.addEpoch(e);
        queue({ epochsDone: e.epoch, lastEpoch: e, ...bump() });
        refreshMemory();
        return;
      case 'preview':
        queue({ preview: { epoch: e.epoch, preview: e.preview } });
        return;
      case 'paused':
        queue({ phase: 'paused' });
        return;
      case 'resumed':
        queue({ phase: 'running' });
        return;
      case 'weightsReset':
        return;
      case 'layerStats':
        stats.add(e);
        return;
      case 'done':
        queue({ done: e });
        return;
      case 'fault':
        queue({ fault: e });
        return;
    }
  };
}
