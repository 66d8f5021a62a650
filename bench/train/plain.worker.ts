/**
 * The plain-tfjs baseline's worker (a module worker, like Skipwire's training worker): builds the
 * model by hand (plain.ts), makes the same built-in data, and trains it with `model.fit`. The
 * backends are set up as Skipwire's worker sets them up (src/train/worker.ts): wasm with its
 * files from Vite, threads off unless a request asks for them (`threads`, for `wasm_threads_ratio`), and the same training kernels (src/train/wasm), so both sides
 * train on the same backend and only the training loop differs.
 */
import * as tf from '@tensorflow/tfjs';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { makeBuiltin } from '../../src/train/data/builtin';
import { registerWasmTraining } from '../../src/train/wasm';
import { prepareWasmThreads } from '../../src/train/wasm/threads';
import { type PlainAnswer, type PlainRequest, plainModel } from './plain';

wasm.setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
registerWasmTraining(tf);

async function train(r: PlainRequest): Promise<PlainAnswer> {
  // Each run is a fresh worker, so the binary is chosen here, before the backend starts.
  const threads = r.backend === 'wasm' ? (r.threads ?? 0) : 0;
  if (threads && !self.crossOriginIsolated) return { error: 'threads need a cross-origin isolated page' };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // Threads as Skipwire's worker starts them (src/train/wasm/threads.ts: the thread cap, minified glue).
  const prepared = threads ? await prepareWasmThreads(wasm, tf, threads) : undefined;
  try {
    if (!(await tf.setBackend(r.backend))) return { error: `${r.backend} did not start` };
    await tf.ready();
  } finally {
    prepared?.restore();
  }
  if (r.probe) return { backend: tf.getBackend(), ...threadInfo(r), probeMs: probe(r.probe.reps) };
  const set = makeBuiltin({ name: r.model === 'spirals' ? 'spirals' : 'digits', samples: r.samples });
  if (set.task !== 'classification') return { error: `${set.name} is not a classification set` };
  const model = plainModel(tf, r.model);
  const x = tf.tensor(set.x, [set.count, ...set.inputShape]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(set.labels, 'int32'), set.classes.length));
  try {
    model.compile({ optimizer: tf.train.sgd(r.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const ends: number[] = [];
    const fitStartMs = performance.now();
    await model.fit(x, y, {
      batchSize: r.batch,
      epochs: r.epochs,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd: () => void ends.push(performance.now()) },
    });
    const first = ends[0] as number;
    const last = ends[ends.length - 1] as number;
    return {
      backend: tf.getBackend(),
      ...threadInfo(r),
      fitStartMs,
      epochEndsMs: ends,
      ...(ends.length > 1 ? { measuredSps: (set.count * (ends.length - 1) * 1000) / (last - first) } : {}),
    };
  } finally {
    tf.dispose([x, y]);
    model.dispose();
  }
}

function threadInfo(r: PlainRequest): Pick<PlainAnswer, 'threads' | 'isolated'> {
  return r.backend === 'wasm' ? { threads: wasm.getThreadsCount(), isolated: self.crossOriginIsolated } : {};
}

/** `PlainRequest.probe`: ms per round of a matrix product and a convolution, after a warm-up round. */
function probe(reps: number): number[] {
  const a = tf.randomNormal([512, 512]);
  const x = tf.randomNormal([4, 56, 56, 32]);
  const f = tf.randomNormal([3, 3, 32, 64]);
  const round = () =>
    tf.tidy(() => [tf.matMul(a, a).dataSync(), tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same').dataSync()]);
  try {
    round();
    return Array.from({ length: reps }, () => {
      const t0 = performance.now();
      round();
      return performance.now() - t0;
    });
  } finally {
    tf.dispose([a, x, f]);
  }
}

self.onmessage = (e: MessageEvent<PlainRequest>) => {
  train(e.data).then(
    (answer) => self.postMessage(answer),
    (error: unknown) => self.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
