/**
 * Multithreaded wasm (tfjs-backend-wasm 4.22's threaded SIMD binary: XNNPACK on a pthreadpool of
 * Web Workers sharing one wasm memory). Two things in tfjs keep it from running as asked, and
 * `prepareWasmThreads` works around both before the backend starts:
 *
 * 1. **The thread count is capped at half the logical cores.** The C++ side
 *    (tfjs-backend-wasm/src/cc/backend.cc) has `num_cores = emscripten_num_logical_cores() / 2`
 *    ("many x86-64 processors have 2 threads per core") and `init_with_threads_count(n)` creates
 *    `pthreadpool_create(min(min(max(n, 1), 8), num_cores))` threads. On a 2-core machine
 *    (`navigator.hardwareConcurrency` = 2) that is 1 thread whatever `setThreadsCount` says.
 *    `emscripten_num_logical_cores` reads `navigator.hardwareConcurrency` once, when the module's
 *    static constructors run; it is answered here with twice the threads wanted for as long as
 *    the backend starts.
 * 2. **Minified bundles break the pthread workers.** tfjs starts each one from
 *    `"var WasmBackendModuleThreadedSimd = " + factory.toString()` (backend_wasm.js `init`); the
 *    minifier renames what the factory's text refers to outside itself, so every worker fails
 *    ("e is not defined"). That script is made of the glue's own, unminified source instead
 *    (imported as text), so the workers evaluate exactly the file tfjs ships.
 */
import type { TF } from '../../nodes';
import type { WasmBackendModule } from './load';

/** The most threads asked for: XNNPACK's pool is at most 8 (tfjs pre-creates 8 workers). */
export const MAX_WASM_THREADS = 8;

/** Whether this context can run threaded wasm: cross-origin isolated, so SharedArrayBuffer exists. */
export function canRunWasmThreads(scope: { crossOriginIsolated?: boolean } = globalThis): boolean {
  return scope.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
}

/** Threads to use by default: one per logical core, 2 to `MAX_WASM_THREADS`. */
export function defaultWasmThreads(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.max(2, Math.min(MAX_WASM_THREADS, Math.floor(cores)));
}

const GLUE_NAME = 'var WasmBackendModuleThreadedSimd = ';

/**
 * The factory expression of the Emscripten glue `source` (`(() => { … })()`), as tfjs wants it
 * after `var WasmBackendModuleThreadedSimd = `; throws when the file is not shaped as in 4.22.
 */
export function factoryExpression(source: string): string {
  const start = source.indexOf(GLUE_NAME);
  const end = source.indexOf('\nif (typeof exports', start);
  if (start < 0 || end < 0) throw new Error('the threaded wasm glue is not shaped as tfjs-backend-wasm 4.22 ships it');
  const expression = source
    .slice(start + GLUE_NAME.length, end)
    .trim()
    .replace(/;$/, '');
  if (!expression.startsWith('(() => {')) throw new Error('the threaded wasm glue does not start with its factory');
  return expression;
}

/**
 * The glue's own source for the pthread workers (see 2. above): while the backend starts, a Blob
 * made of `var WasmBackendModuleThreadedSimd = <factory.toString()>` (tfjs's worker script) is
 * made of the unminified factory instead. Returns the function that puts `Blob` back.
 */
async function unminifiedWorkerScript(): Promise<() => void> {
  const source = await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw');
  // The dev server's optimizer answers with the package's module, not the text: nothing is
  // minified there, so tfjs's own script works (test/e2e/threads.test.ts checks the build).
  if (typeof source.default !== 'string') return () => {};
  const script = GLUE_NAME + factoryExpression(source.default);
  const Original = globalThis.Blob;
  class GlueBlob extends Original {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(
        parts?.map((p) => (typeof p === 'string' && p.startsWith(GLUE_NAME) ? script : p)),
        options,
      );
    }
  }
  globalThis.Blob = GlueBlob;
  return () => {
    if (globalThis.Blob === GlueBlob) globalThis.Blob = Original;
  };
}

/** What `prepareWasmThreads` leaves to undo once the backend has started. */
export interface ThreadsPrepared {
  /** Puts `navigator.hardwareConcurrency` back (idempotent). */
  restore(): void;
}

/**
 * Makes tfjs start the threaded binary with `threads` threads (call before the wasm backend's
 * first `setBackend`, then `restore` once it has started): the multithread flag on, the thread
 * count, the factory's source for the pthread workers, and the core count tfjs halves.
 */
export async function prepareWasmThreads(wasm: WasmBackendModule, tf: TF, threads: number): Promise<ThreadsPrepared> {
  const restoreBlob = await unminifiedWorkerScript();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  const nav = globalThis.navigator as Navigator & { hardwareConcurrency: number };
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => 2 * threads });
  return {
    restore() {
      restoreBlob();
      if (Object.hasOwn(nav, 'hardwareConcurrency')) Reflect.deleteProperty(nav, 'hardwareConcurrency');
    },
  };
}
