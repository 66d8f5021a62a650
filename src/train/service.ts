/**
 * The training service: what the Web Worker exposes (worker.ts), written without any worker API
 * so Node tests run it as is. It makes the data set, picks the backend, keeps the trained weights
 * between runs (re-applied after edits to every unchanged layer) and forwards the trainer's
 * events to one listener.
 */

import type { SkipwireDoc } from '../compile';
import { analyze } from '../compile';
import type { WeightSet } from '../formats/weights';
import type { TF } from '../nodes';
import {
  type BackendLoader,
  type BackendName,
  type BackendSetting,
  type ContextWatch,
  chooseBackend,
  renewBackend,
  watchContext,
} from './backend';
import type { Preview, TrainEvent } from './events';
import { type FeatureMapsAnswer, featureMaps } from './featureMaps';
import { type GpuInfo, probeGpu } from './gpu';
import { yieldTurn } from './pace';
import { type CheckReport, type DataSource, dataDesk } from './serviceData';
import { parseSettings, type TrainingSettingsInput } from './settings';
import { createTrainer, type RunResult, type Trainer } from './trainer';

export type { CheckReport, DataSource } from './serviceData';

export interface TrainRequest {
  readonly doc: SkipwireDoc;
  /** Missing fields take their defaults; invalid ones are reported. */
  readonly settings?: TrainingSettingsInput;
  readonly data: DataSource;
  /**
   * The backend to try first (the others follow in order), or `auto` (the default): wasm for a
   * small model without convolutions, webgl for the rest on a hardware GPU, else wasm (`autoBackend`).
   */
  readonly backend?: BackendSetting;
  /** Start from the weights of the previous run where layers are unchanged (default true). */
  readonly keepWeights?: boolean;
  /** Preview predictions every N epochs (default 1; 0: never). */
  readonly previewEvery?: number;
  /** Live per-layer statistics (`layerStats` events) every few hundred ms (default false: none computed). */
  readonly stats?: boolean;
}

/** Receives the service's events, several at a time (`TrainingService.subscribe`). */
export type EventsListener = (events: readonly TrainEvent[]) => unknown;

/** The result of `start`: the run's outcome, or the problems that kept it from starting. */
export type StartResult =
  | ({ readonly started: true } & RunResult)
  | { readonly started: false; readonly report: CheckReport };

export interface TrainingService {
  /** Checks the data against the model without training. */
  check(request: TrainRequest): Promise<CheckReport>;
  /** Trains; resolves when the run ends (completed, stopped or fault). */
  start(request: TrainRequest): Promise<StartResult>;
  pause(): void;
  resume(): void;
  stop(): void;
  /** During a run: new initial weights. Otherwise: forget the trained weights. */
  resetWeights(): void;
  /** Predictions of the current model, undefined before any run. */
  preview(): Promise<Preview | undefined>;
  /** The trained weights by layer path, undefined before any run. */
  getWeights(): Promise<WeightSet | undefined>;
  /** Layer `path`'s output for validation sample `sample` (0-based), channel by channel; undefined before any run. */
  featureMaps(path: string, sample: number): Promise<FeatureMapsAnswer | undefined>;
  /** Weights for the next run to start from (e.g. restored from a file). */
  setWeights(weights: WeightSet | undefined): Promise<void>;
  /**
   * The one listener for events (the worker's client); replaces the previous one. Events come in
   * order, in lists: the batch events of a stretch of training together (sent when the trainer
   * yields to the event loop, about every `YIELD_AFTER_MS`, or with the next other event), every
   * other event at once. Over comlink that is one message per yield, not one per batch.
   */
  subscribe(listener: EventsListener): void;
  /** Releases the model and every tensor. */
  dispose(): void;
  /** Read-only: tfjs's tensor count and bytes in the worker (zeros before tfjs has loaded). */
  memory(): Promise<TensorMemory>;
}

/** What `memory()` reports: `tf.memory()`'s counts and the active backend. */
export interface TensorMemory {
  readonly numTensors: number;
  readonly numBytes: number;
  /** Undefined until tfjs has loaded. */
  readonly backend?: string;
}

export interface ServiceOptions {
  readonly loadTf: () => Promise<TF>;
  /** Loaders for backends that are not built into tfjs (wasm, webgpu). */
  readonly loaders?: Partial<Record<BackendName, BackendLoader>>;
  /** What GPU WebGL would use, for the automatic backend (default `probeGpu`, once). */
  readonly probeGpu?: () => GpuInfo | undefined;
}

export function createTrainingService(options: ServiceOptions): TrainingService {
  let tfPromise: Promise<TF> | undefined;
  let listener: EventsListener | undefined;
  let trainer: Trainer | undefined;
  let pending: WeightSet | undefined;
  let running = false;
  /** Stop asked for before the trainer existed (while the backend was starting). */
  let cancelled = false;
  const data = dataDesk();
  const tfjs = () => {
    tfPromise ??= options.loadTf();
    return tfPromise;
  };
  let probed: { gpu: GpuInfo | undefined } | undefined;
  const gpu = () => {
    probed ??= { gpu: (options.probeGpu ?? probeGpu)() };
    return probed.gpu;
  };
  /** What the listener returned for the last delivery: over comlink, a promise settled once it is handled. */
  let delivered: unknown;
  /** Batch events not sent yet: they go together, at the trainer's next yield or with the next other event. */
  let held: TrainEvent[] = [];
  const send = () => {
    if (!held.length) return;
    const events = held;
    held = [];
    delivered = listener?.(events);
  };
  const emit = (e: TrainEvent) => {
    held.push(e);
    if (e.type !== 'batch') send();
  };
  /** The trainer's turn of the event loop: the batch events so far leave first, in one message. */
  const turn = () => {
    send();
    return yieldTurn();
  };
  /** Sends what is held and waits until the listener has handled every event so far (messages arrive in order). */
  const flush = async () => {
    send();
    await Promise.resolve(delivered).catch(() => undefined);
  };

  /** Takes the trained weights out of the last trainer and releases it. */
  async function retire(keep: boolean): Promise<void> {
    if (!trainer) return;
    if (keep) pending = await trainer.getWeights();
    trainer.dispose();
    trainer = undefined;
  }

  return {
    async check(request) {
      return data.report(request, analyze(request.doc));
    },

    async start(request) {
      if (running) throw new Error('Training is already running: stop it first.');
      running = true;
      cancelled = false;
      let watch: ContextWatch | undefined;
      try {
        const tf = await tfjs();
        // One analysis for the check, the backend choice, the data set and the trainer.
        const analysis = analyze(request.doc);
        const checked = data.report(request, analysis);
        if (!checked.ok) return { started: false, report: checked };
        const keep = request.keepWeights ?? true;
        await retire(keep);
        if (!keep) pending = undefined;
        const { settings } = parseSettings(request.settings ?? {});
        const backend = await chooseBackend(tf, request.backend, analysis, gpu, options.loaders);
        watch = watchContext(tf);
        const created = createTrainer(tf, {
          doc: request.doc,
          dataset: data.datasetFor(request, analysis),
          analysis,
          settings,
          ...(pending ? { weights: { trained: pending } } : {}),
          onEvent: emit,
          yieldToEventLoop: turn,
          backend,
          previewEvery: request.previewEvery ?? 1,
          interrupt: watch.lost,
          stats: request.stats ?? false,
        });
        if (!created.ok) return { started: false, report: { ...checked, ...created.check } };
        trainer = created.trainer;
        pending = undefined;
        if (cancelled) {
          emit({ type: 'done', reason: 'stopped', epochs: 0 });
          return { started: true, reason: 'stopped', epochs: 0, history: [] };
        }
        const result = await trainer.run();
        if (result.fault && result.fault.kind !== 'error') {
          // Diverged weights (NaN) are worthless, and after a lost context or running out of memory
          // the model's memory is gone or suspect: the next run starts afresh, on a fresh context.
          trainer.dispose();
          trainer = undefined;
          if (result.fault.kind === 'context-lost') await renewBackend(tf, backend.name);
        }
        return { started: true, ...result };
      } finally {
        watch?.dispose();
        running = false;
        await flush();
      }
    },

    pause: () => trainer?.pause(),
    resume: () => trainer?.resume(),
    stop() {
      if (trainer?.state === 'running' || trainer?.state === 'paused') trainer.stop();
      else if (running) cancelled = true;
    },

    resetWeights() {
      if (running && trainer) {
        trainer.resetWeights();
        return;
      }
      trainer?.dispose();
      trainer = undefined;
      pending = undefined;
      emit({ type: 'weightsReset' });
    },

    async preview() {
      return trainer?.preview();
    },

    async getWeights() {
      return trainer ? trainer.getWeights() : pending;
    },

    async featureMaps(path, sample) {
      if (!trainer || trainer.state === 'disposed') return undefined;
      const rows = trainer.valRows;
      const row = rows[Math.min(Math.max(0, sample), rows.length - 1)];
      if (row === undefined) return { error: 'There are no validation samples (the validation split is 0).' };
      return featureMaps(trainer.steps, trainer.compiled.layers, path, row);
    },

    async setWeights(weights) {
      if (running) throw new Error('Stop training before replacing the weights.');
      await retire(false);
      pending = weights;
    },

    subscribe(l) {
      listener = l;
    },

    dispose() {
      trainer?.dispose();
      trainer = undefined;
      pending = undefined;
      data.clear();
    },

    async memory() {
      if (!tfPromise) return { numTensors: 0, numBytes: 0 };
      const tf = await tfPromise;
      const { numTensors, numBytes } = tf.memory();
      return { numTensors, numBytes, backend: tf.getBackend() };
    },
  };
}
