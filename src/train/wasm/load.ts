/**
 * Loading the wasm backend for training: its package (imported on demand), then the training
 * kernels of this folder. `configure` runs in between (the worker's file paths, threads off).
 */
import type { TF } from '../../nodes';
import { registerWasmTraining } from '.';

export type WasmBackendModule = typeof import('@tensorflow/tfjs-backend-wasm');

/** A backend loader (backend.ts `BackendLoader`) for wasm with the training kernels. */
export function wasmLoader(tf: TF | (() => Promise<TF>), configure?: (wasm: WasmBackendModule, tf: TF) => void) {
  return async (): Promise<void> => {
    const tfjs = typeof tf === 'function' ? await tf() : tf;
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    configure?.(wasm, tfjs);
    registerWasmTraining(tfjs);
  };
}
