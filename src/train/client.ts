/**
 * The main-thread side of training: starts the worker and talks to it through comlink. The
 * editor's training panel calls this and subscribes to the events.
 *
 * @example
 * const client = createTrainingClient();
 * const off = client.subscribe((e) => { if (e.type === 'epoch') chart.push(e.loss); });
 * const result = await client.start({ doc, settings, data: { kind: 'builtin', spec: { name: 'shapes-seg' } } });
 * if (!result.started) showProblems(result.report.problems);
 */
import { type Endpoint, proxy, type Remote, releaseProxy, wrap } from 'comlink';
import type { Preview, TrainEvent, TrainListener } from './events';
import type { CheckReport, StartResult, TensorMemory, TrainingService, TrainRequest } from './service';
import type { WeightSnapshot } from './weights';

export type TrainingStatus = 'idle' | 'running' | 'paused';

export interface TrainingClient {
  /** Follows the events: `running` from `started` to `done`/`fault`, `paused` in between. */
  readonly status: TrainingStatus;
  /** Checks the data against the model (shapes, classes, loss) without training. */
  check(request: TrainRequest): Promise<CheckReport>;
  /** Trains; resolves when the run ends, or at once with the problems that keep it from starting. */
  start(request: TrainRequest): Promise<StartResult>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  /** During a run: new initial weights. Otherwise: the next run starts from scratch. */
  resetWeights(): Promise<void>;
  preview(): Promise<Preview | undefined>;
  getWeights(): Promise<WeightSnapshot | undefined>;
  setWeights(weights: WeightSnapshot | undefined): Promise<void>;
  /** Read-only: tensors alive in the worker (`tf.memory()`), to show memory use and spot leaks. */
  memory(): Promise<TensorMemory>;
  /** Calls `listener` with every event; returns the function that unsubscribes it. */
  subscribe(listener: TrainListener): () => void;
  /** Releases the model and ends the worker. */
  terminate(): void;
}

/** Any endpoint comlink speaks through; a `Worker` by default. */
export type TrainingEndpoint = Endpoint & { terminate?(): void };

function defaultWorker(): TrainingEndpoint {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'skipwire-training' });
}

export function createTrainingClient(endpoint: TrainingEndpoint = defaultWorker()): TrainingClient {
  const remote: Remote<TrainingService> = wrap<TrainingService>(endpoint);
  const listeners = new Set<TrainListener>();
  let status: TrainingStatus = 'idle';
  const dispatch = (e: TrainEvent) => {
    if (e.type === 'started' || e.type === 'resumed') status = 'running';
    else if (e.type === 'paused') status = 'paused';
    else if (e.type === 'done' || e.type === 'fault') status = 'idle';
    for (const l of listeners) l(e);
  };
  const subscribed = remote.subscribe(proxy(dispatch));

  return {
    get status() {
      return status;
    },
    async check(request) {
      await subscribed;
      return remote.check(request);
    },
    async start(request) {
      await subscribed;
      try {
        return await remote.start(request);
      } finally {
        status = 'idle';
      }
    },
    pause: () => remote.pause(),
    resume: () => remote.resume(),
    stop: () => remote.stop(),
    resetWeights: () => remote.resetWeights(),
    preview: () => remote.preview(),
    getWeights: () => remote.getWeights(),
    setWeights: (weights) => remote.setWeights(weights),
    memory: () => remote.memory(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      listeners.clear();
      if (endpoint.terminate) {
        // Ending the worker frees its memory and GPU context, even in the middle of a batch.
        remote[releaseProxy]();
        endpoint.terminate();
        return;
      }
      void remote.dispose().finally(() => remote[releaseProxy]());
    },
  };
}
