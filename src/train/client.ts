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
import type { WeightSet } from '../formats/weights';
import type { Preview, TrainEvent, TrainListener } from './events';
import type { TrainingFault } from './faults';
import type { FeatureMapsAnswer } from './featureMaps';
import type { CheckReport, StartResult, TensorMemory, TrainingService, TrainRequest } from './service';

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
  getWeights(): Promise<WeightSet | undefined>;
  /** Layer `path`'s feature maps for a validation sample, after (or during) a run. */
  featureMaps(path: string, sample: number): Promise<FeatureMapsAnswer | undefined>;
  setWeights(weights: WeightSet | undefined): Promise<void>;
  /** Read-only: tensors alive in the worker (`tf.memory()`), to show memory use and spot leaks. */
  memory(): Promise<TensorMemory>;
  /** Calls `listener` with every event; returns the function that unsubscribes it. */
  subscribe(listener: TrainListener): () => void;
  /** Releases the model and ends the worker. */
  terminate(): void;
}

/** Any endpoint comlink speaks through; a `Worker` by default. */
export type TrainingEndpoint = Endpoint & {
  terminate?(): void;
  /** The name of the Web Lock the worker holds while it lives (see `watchLife`). */
  lifeline?: string;
};

let workers = 0;

function defaultWorker(): TrainingEndpoint {
  // A name of its own per worker: the worker holds a Web Lock of that name for its whole life.
  const name = `skipwire-training-${Date.now().toString(36)}-${++workers}`;
  return Object.assign(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name }), {
    lifeline: name,
  });
}

/**
 * Calls `onDeath` when the worker holding lock `name` ends, however it ends: the browser
 * releases a worker's Web Locks when it goes, even when it is killed without an `error` event
 * (out of memory). Unlike a timed heartbeat, a worker busy in a long kernel is never taken for
 * dead. Waits (polling `locks.query`, at most ~10 s) until the worker holds the lock, so the
 * request cannot be granted before the worker took it. Returns false where Web Locks are missing.
 */
export function watchLife(name: string, onDeath: () => void, locks = globalThis.navigator?.locks): boolean {
  if (!locks) return false;
  void (async () => {
    for (let i = 0; i < 1000; i++) {
      const { held = [] } = await locks.query();
      if (held.some((l) => l.name === name)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await locks.request(name, () => onDeath());
  })();
  return true;
}
interface Connection {
  readonly endpoint: TrainingEndpoint;
  readonly remote: Remote<TrainingService>;
  readonly subscribed: Promise<void>;
  /** Resolves with a fault if the worker dies (an uncaught error, or it ended without a word). */
  readonly crashed: Promise<TrainingFault>;
  /** Marks the worker as ended on purpose (terminate). */
  readonly ended: () => void;
}

/**
 * With no endpoint given, the client owns its worker: if that worker crashes, the run ends with a
 * fault event (the editor keeps working) and a fresh worker serves the next run.
 */
export function createTrainingClient(endpoint?: TrainingEndpoint): TrainingClient {
  const listeners = new Set<TrainListener>();
  let status: TrainingStatus = 'idle';
  const dispatch = (e: TrainEvent) => {
    if (e.type === 'started' || e.type === 'resumed') status = 'running';
    else if (e.type === 'paused') status = 'paused';
    else if (e.type === 'done' || e.type === 'fault') status = 'idle';
    for (const l of listeners) l(e);
  };

  const connect = (ep: TrainingEndpoint): Connection => {
    const remote = wrap<TrainingService>(ep);
    let dead = false;
    let onCrash: (f: TrainingFault) => void = () => {};
    const crashed = new Promise<TrainingFault>((resolve) => {
      onCrash = resolve;
    });
    const die = (fault: TrainingFault) => {
      if (dead) return;
      dead = true;
      dispatch({ type: 'fault', ...fault });
      onCrash(fault);
      ep.terminate?.();
      if (!endpoint) conn = connect(defaultWorker());
    };
    ep.addEventListener('error', (ev: Event) => {
      const detail = (ev as ErrorEvent).message;
      die({
        kind: 'error',
        message: `The training worker crashed${detail ? ` (${detail})` : ''}; training stopped.`,
        hint: 'Your model is safe. Press Start to train again (from fresh weights).',
      });
    });
    if (ep.lifeline)
      watchLife(ep.lifeline, () =>
        die({
          kind: 'error',
          message:
            'The training worker stopped without a word (the browser may have ended it, for example to reclaim memory); training stopped.',
          hint: 'Your model is safe. Press Start to train again (from fresh weights); a smaller batch size uses less memory.',
        }),
      );
    const ended = () => {
      dead = true; // ended by this client: its lock goes too, and that is no fault
    };
    // The worker sends its events in lists (one message per stretch of training): passed on one by one.
    const receive = (events: readonly TrainEvent[]) => {
      for (const e of events) dispatch(e);
    };
    return { endpoint: ep, remote, subscribed: remote.subscribe(proxy(receive)), crashed, ended };
  };
  let conn = connect(endpoint ?? defaultWorker());

  return {
    get status() {
      return status;
    },
    async check(request) {
      await conn.subscribed;
      return conn.remote.check(request);
    },
    async start(request) {
      const c = conn;
      await c.subscribed;
      try {
        return await Promise.race([
          c.remote.start(request),
          c.crashed.then((fault): StartResult => ({ started: true, reason: 'fault', epochs: 0, history: [], fault })),
        ]);
      } finally {
        status = 'idle';
      }
    },
    pause: () => conn.remote.pause(),
    resume: () => conn.remote.resume(),
    stop: () => conn.remote.stop(),
    resetWeights: () => conn.remote.resetWeights(),
    preview: () => conn.remote.preview(),
    getWeights: () => conn.remote.getWeights(),
    featureMaps: (path, sample) => conn.remote.featureMaps(path, sample),
    setWeights: (weights) => conn.remote.setWeights(weights),
    memory: () => conn.remote.memory(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      listeners.clear();
      const { endpoint: ep, remote, ended } = conn;
      ended();
      if (ep.terminate) {
        // Ending the worker frees its memory and GPU context, even in the middle of a batch.
        remote[releaseProxy]();
        ep.terminate();
        return;
      }
      void remote.dispose().finally(() => remote[releaseProxy]());
    },
  };
}
