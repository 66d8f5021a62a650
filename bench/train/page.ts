/**
 * The training bench page: not part of the editor. bench/training.ts builds it with Vite (its own
 * small build of this folder), opens it in Chromium through the e2e harness and calls
 * `window.swBench` with `page.evaluate`:
 *
 * - `runTraining`: one run in the real training worker (`createTrainingClient`, src/train), on a
 *   chosen backend; samples per second from the trainer's epoch events, the first epoch a warm-up.
 * - `runPlain`: the same model written by hand and trained with `model.fit` in its own module
 *   worker (plain.worker.ts): the baseline of `train_ratio_plain`.
 * - `trainRatio`: the compiled ApesNet-mini (`compileModel`) and the same net written by hand with
 *   tf.layers (`handApesNet`), same weights and data, `fit` side by side on this page's tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import { compileModel, EXAMPLES } from '../../src/compile';
import { createTrainingClient } from '../../src/train/client';
import { makeBuiltin } from '../../src/train/data/builtin';
import type { StartedEvent } from '../../src/train/events';
import { handApesNet } from '../../test/handwritten';
import { sideBySide } from '../stats';
import type { PlainAnswer, PlainRequest } from './plain';
import type { BenchApi, RatioAnswer, RatioRequest, RunAnswer, RunRequest } from './protocol';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function runTraining(request: RunRequest): Promise<RunAnswer> {
  const make = EXAMPLES[request.example];
  const requested = request.backend ?? 'auto';
  if (!make)
    return Promise.resolve({
      requested,
      fallbacks: [],
      trainSamples: 0,
      batchesPerEpoch: 0,
      epochs: [],
      error: `no example ${request.example}`,
    });
  const doc = make();
  const client = createTrainingClient();
  const epochs: { epoch: number; elapsedMs: number; samplesPerSecond: number }[] = [];
  let started: StartedEvent | undefined;
  const t0 = performance.now();
  let startupMs: number | undefined;
  return new Promise<RunAnswer>((resolve) => {
    let over = false;
    const finish = (error?: string) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      // Ends the worker at once (also in the middle of a run on a backend that was not asked for).
      client.terminate();
      const trainSamples = started?.samples.train ?? 0;
      const first = epochs[0];
      const last = epochs[epochs.length - 1];
      const measuredSps =
        first && last && last !== first && last.elapsedMs > first.elapsedMs
          ? (trainSamples * (epochs.length - 1) * 1000) / (last.elapsedMs - first.elapsedMs)
          : undefined;
      resolve({
        requested,
        ...(started ? { used: started.backend } : {}),
        fallbacks: started?.fallbacks ?? [],
        trainSamples,
        batchesPerEpoch: started?.batchesPerEpoch ?? 0,
        epochs,
        ...(measuredSps === undefined ? {} : { measuredSps }),
        ...(startupMs === undefined ? {} : { startupMs }),
        ...(error ? { error } : {}),
      });
    };
    const timer = setTimeout(() => finish(`timed out after ${request.timeoutMs / 1000} s`), request.timeoutMs);
    client.subscribe((e) => {
      if (e.type === 'started') {
        started = e;
        startupMs = performance.now() - t0;
        if (request.backend && e.backend !== request.backend) finish();
      } else if (e.type === 'epoch') {
        epochs.push({ epoch: e.epoch, elapsedMs: e.elapsedMs, samplesPerSecond: e.samplesPerSecond });
      } else if (e.type === 'done') finish();
      else if (e.type === 'fault') finish(`${e.kind}: ${e.message}`);
    });
    client
      .start({
        doc,
        settings: request.settings,
        data: { kind: 'builtin', spec: request.data },
        keepWeights: false,
        previewEvery: 0,
        ...(request.backend ? { backend: request.backend } : {}),
      })
      .then((r) => {
        if (!r.started) finish(`did not start: ${r.report.problems.map((p) => p.message).join('; ')}`);
      })
      .catch((e: unknown) => finish(message(e)));
  });
}

/** One plain `model.fit` run in a fresh module worker, ended (terminated) when it answers or times out. */
function runPlain(request: PlainRequest & { readonly timeoutMs: number }): Promise<PlainAnswer> {
  const worker = new Worker(new URL('./plain.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<PlainAnswer>((resolve) => {
    const finish = (answer: PlainAnswer) => {
      clearTimeout(timer);
      worker.terminate();
      resolve(answer);
    };
    const timer = setTimeout(
      () => finish({ error: `timed out after ${request.timeoutMs / 1000} s` }),
      request.timeoutMs,
    );
    worker.onmessage = (e: MessageEvent<PlainAnswer>) => finish(e.data);
    worker.onerror = (e) => finish({ error: `the plain worker failed: ${e.message}` });
    worker.postMessage(request);
  });
}

async function trainRatio(request: RatioRequest): Promise<RatioAnswer> {
  if (!(await tf.setBackend(request.backend))) throw new Error(`${request.backend} did not start`);
  await tf.ready();
  const make = EXAMPLES['apesnet-mini'];
  if (!make) throw new Error('no example apesnet-mini');
  const compiled = compileModel(tf, make()).model;
  const hand = handApesNet(32, 32, 4);
  const set = makeBuiltin({ name: 'shapes-seg', samples: request.samples }, [32, 32, 3]);
  if (set.task !== 'segmentation') throw new Error('shapes-seg is not a segmentation set');
  const n = request.samples;
  const x = tf.tensor4d(set.x, [n, 32, 32, 3]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, 'int32'), 4).reshape([n, 32 * 32, 4]));
  try {
    let layersCopied = 0;
    for (const layer of hand.layers) {
      const weights = compiled.getLayer(layer.name).getWeights();
      if (!weights.length) continue;
      layer.setWeights(weights);
      layersCopied++;
    }
    for (const m of [compiled, hand]) m.compile({ optimizer: tf.train.sgd(0.01), loss: 'categoricalCrossentropy' });
    const trainOnce = (m: tf.LayersModel) => async () => {
      await m.fit(x, y, { batchSize: request.batch, epochs: 1, shuffle: false, verbose: 0 });
    };
    const t = await sideBySide(trainOnce(compiled), trainOnce(hand), request.reps);
    return {
      backend: tf.getBackend(),
      skipwireMs: t.a,
      handMs: t.b,
      runs: { skipwire: t.runs.a, hand: t.runs.b },
      layersCopied,
    };
  } finally {
    tf.dispose([x, y]);
    compiled.dispose();
    hand.dispose();
  }
}

async function webgpu(): Promise<string> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
  if (!gpu) return 'no navigator.gpu in this browser';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'navigator.gpu gives no adapter';
    const info = adapter.info ?? {};
    return `adapter: ${[info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed'}`;
  } catch (e) {
    return `requestAdapter failed: ${message(e)}`;
  }
}

const api: BenchApi = { runTraining, runPlain, trainRatio, webgpu };
(window as unknown as { swBench: BenchApi }).swBench = api;
document.body.dataset.ready = 'true';
