/**
 * Loading the wasm backend for training: its package (imported on demand), then the training
 * kernels of this folder. `configure` runs in between (the worker's file paths, threads off).
 * Asked for `threads` > 1 (only where the context is cross-origin isolated: `canRunWasmThreads`)
 * before wasm has started, it starts the backend itself on tfjs's multithreaded binary
 * (threads.ts), since the binary and the thread count are fixed when the backend starts.
 */
import type { TF } from '../../nodes';
import { registerWasmTraining } from '.';
import { canRunWasmThreads, prepareWasmThreads } from './threads';

export type WasmBackendModule = typeof import('@tensorflow/tfjs-backend-wasm');

/** How long the threaded backend may take to start (its pthread workers load the module) before it is given up. */
export const THREADED_START_MS = 60_000;

/** A backend loader (backend.ts `BackendLoader`) for wasm with the training kernels. */
export function wasmLoader(tf: TF | (() => Promise<TF>), configure?: (wasm: WasmBackendModule, tf: TF) => void) {
  let started: Promise<void> | undefined;
  return async (want?: { readonly threads?: number }): Promise<void> => {
    const tfjs = typeof tf === 'function' ? await tf() : tf;
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    configure?.(wasm, tfjs);
    registerWasmTraining(tfjs);
    const count = want?.threads ?? 0;
    // Once wasm has started (on either binary) it stays as it started, for the worker's life.
    if (started || count < 2 || !canRunWasmThreads() || tfjs.engine().registry.wasm) return started;
    started = startThreaded(wasm, tfjs, count);
    return started;
  };
}

/** Starts the wasm backend on `count` threads; rejects with the reason when it cannot. */
async function startThreaded(wasm: WasmBackendModule, tf: TF, count: number): Promise<void> {
  const prepared = await prepareWasmThreads(wasm, tf, count);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`its ${count} threads did not start within ${THREADED_START_MS / 1000} s`)),
        THREADED_START_MS,
      );
    });
    const ok = await Promise.race([tf.setBackend('wasm'), timeout]);
    if (!ok) throw new Error(`the multithreaded binary (${count} threads) did not start`);
  } finally {
    clearTimeout(timer);
    prepared.restore();
  }
}
