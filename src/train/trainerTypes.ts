/**
 * The trainer's options and results (trainer.ts): what a caller passes to `createTrainer` and what
 * a run gives back.
 */
import type { Analysis, SkipwireDoc } from '../compile';
import type { WeightSources } from '../formats/weights';
import type { Dataset } from './data/types';
import type { BackendFallback, EpochEvent, TrainListener } from './events';
import type { TrainingFault } from './faults';
import type { SamplerOptions } from './layerStats';
import type { TrainingSettings } from './settings';

export interface TrainerOptions {
  readonly doc: SkipwireDoc;
  /** `analyze(doc)`, when the caller has it already. */
  readonly analysis?: Analysis;
  readonly dataset: Dataset;
  readonly settings: TrainingSettings;
  /**
   * Starting weights, per layer by the one rule (`formats/weights.ts`): an earlier run's where the
   * layer's path and weight shapes are unchanged, else the imported model's, else fresh.
   */
  readonly weights?: WeightSources;
  readonly onEvent?: TrainListener;
  /** The backend to report (default: `tf.getBackend()`), with the ones passed over. */
  readonly backend?: {
    readonly name: string;
    readonly fallbacks: readonly BackendFallback[];
    /** Why it was chosen, when it was chosen automatically. */
    readonly reason?: string;
  };
  /** Emit a predictions preview after every `previewEvery` epochs (default 0: never). */
  readonly previewEvery?: number;
  /** Clock in milliseconds (default `performance.now`). */
  readonly now?: () => number;
  /**
   * Lets messages (pause, stop) in between batches, once at least `YIELD_AFTER_MS` of work has
   * passed since the last time (default `yieldTurn`: not clamped to 4 ms like a nested timeout).
   */
  readonly yieldToEventLoop?: () => Promise<void>;
  /** Batches whose losses may wait to be read together (default `readEveryFor(backend)`). */
  readonly readEvery?: number;
  /**
   * Rejects when the run must stop at once (`watchContext(tf).lost`: the GPU context was lost and
   * tfjs's reads would wait forever). The run then ends with a fault and releases its tensors.
   */
  readonly interrupt?: Promise<never>;
  /**
   * Live per-layer statistics (`layerStats` events, src/train/layerStats.ts): on, with its options,
   * or off (the default: nothing is computed).
   */
  readonly stats?: boolean | SamplerOptions;
}

export interface RunResult {
  readonly reason: 'completed' | 'stopped' | 'fault';
  /** Epochs fully trained in this run. */
  readonly epochs: number;
  readonly history: readonly EpochEvent[];
  readonly fault?: TrainingFault;
}

export type TrainerState = 'idle' | 'running' | 'paused' | 'disposed';
