/**
 * The training Web Worker (a module worker): exposes the training service over comlink. tfjs and
 * the wasm and webgpu backends are imported on demand, so the worker starts at once.
 *
 * Created by `createTrainingClient()` (client.ts) as
 * `new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`.
 */

import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { expose } from 'comlink';
import { webgpuLoader } from './gpu';
import { createTrainingService } from './service';
import { wasmLoader } from './wasm/load';

let tfjs: Promise<typeof import('@tensorflow/tfjs')> | undefined;
const loadTf = () => {
  tfjs ??= import('@tensorflow/tfjs');
  return tfjs;
};

/**
 * Registers the wasm backend with the files Vite serves and the training kernels (src/train/wasm);
 * the single-threaded binary unless the run asks for threads (`wasm-threads`: wasm/threads.ts).
 */
const loadWasm = wasmLoader(loadTf, (wasm, tf) => {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
});

// The worker's lifeline (see `watchLife` in client.ts): a Web Lock named after the worker, held
// until the worker ends. The browser releases it however the worker ends — even when it is
// killed without an `error` event (for memory, say) — and the page is told at once.
void navigator.locks?.request(self.name, () => new Promise<never>(() => {}));

expose(createTrainingService({ loadTf, loaders: { wasm: loadWasm, webgpu: webgpuLoader(loadTf) } }));
