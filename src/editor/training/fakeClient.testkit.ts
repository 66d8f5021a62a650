/**
 * A fake training client for the panel's tests: `check` runs the real check in-process (the
 * training service's own code, which needs no tfjs), the run controls are recorded, and the test
 * plays the worker by emitting events and ending the run when it likes.
 */
import type { TrainingClient, TrainingStatus } from '../../train/client';
import type { TrainEvent, TrainListener } from '../../train/events';
import type { FeatureMapsAnswer } from '../../train/featureMaps';
import { createTrainingService, type StartResult, type TrainRequest } from '../../train/service';

export interface FakeClient extends TrainingClient {
  /** Every call, in order: `start`, `pause`, `stop`… */
  readonly calls: string[];
  /** The requests `start` was given. */
  readonly starts: TrainRequest[];
  /** Sends an event to the subscribers, as the worker would. */
  emit(event: TrainEvent): void;
  /** Ends the pending `start` with this result. */
  finish(result: StartResult): void;
  /** What `memory()` answers. */
  tensors: number;
  /** What `featureMaps()` answers. */
  maps?: FeatureMapsAnswer;
}

export function fakeClient(): FakeClient {
  const service = createTrainingService({
    loadTf: () => Promise.reject(new Error('the fake client has no tfjs')),
  });
  const listeners = new Set<TrainListener>();
  const calls: string[] = [];
  const starts: TrainRequest[] = [];
  let status: TrainingStatus = 'idle';
  let end: ((r: StartResult) => void) | undefined;
  const record = (name: string) => async () => {
    calls.push(name);
  };
  const fake: FakeClient = {
    calls,
    starts,
    tensors: 0,
    get status() {
      return status;
    },
    check: (request) => service.check(request),
    async start(request) {
      calls.push('start');
      starts.push(request);
      const report = await service.check(request);
      if (!report.ok) return { started: false, report };
      status = 'running';
      return new Promise<StartResult>((resolve) => {
        end = (r) => {
          status = 'idle';
          resolve(r);
        };
      });
    },
    pause: record('pause'),
    resume: record('resume'),
    stop: record('stop'),
    resetWeights: record('resetWeights'),
    preview: async () => undefined,
    getWeights: async () => undefined,
    async featureMaps(path, sample) {
      calls.push(`featureMaps ${path} ${sample}`);
      return fake.maps;
    },
    setWeights: record('setWeights'),
    memory: async () => ({ numTensors: fake.tensors, numBytes: fake.tensors * 1024, backend: 'webgl' }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => listeners.clear(),
    emit(event) {
      for (const l of listeners) l(event);
    },
    finish(result) {
      end?.(result);
      end = undefined;
    },
  };
  return fake;
}
