/**
 * Choosing a tfjs backend: webgl by default, then webgpu, then wasm (for models it can train:
 * with the kernels of src/train/wasm, every layer of the catalogue), then cpu; `autoBackend`
 * says where to start for a model. Each backend passed over is
 * reported with the reason, and the one in use is named in the training events.
 */
import type { Analysis } from '../compile';
import type { TF } from '../nodes';
import type { BackendFallback } from './events';
import type { GpuInfo } from './gpu';
import { defaultWasmThreads } from './wasm/threads';

export const BACKENDS = ['webgl', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Registers a backend that is not built in (a dynamic import of its package, its wasm paths, its
 * training kernels…). Called before every attempt at the backend, so it must be idempotent.
 * `threads` (wasm): start on the multithreaded binary with that many threads, where the context
 * allows it and the backend has not started yet.
 */
export type BackendLoader = (want?: { readonly threads?: number }) => Promise<void>;

export interface BackendChoice {
  readonly name: BackendName;
  readonly fallbacks: readonly BackendFallback[];
}

/** The gradient kernels the model's layers need to train (each layer declares its own: `gradientKernels`). */
export function requiredKernels(analysis: Analysis): string[] {
  return [...new Set(analysis.layers.flatMap((l) => l.def.gradientKernels ?? []))];
}

/**
 * Below this many parameters, a model with no convolutions trains faster on a CPU backend than
 * through WebGL: each of its many small operations costs a shader dispatch and a texture round
 * trip that dwarf the arithmetic. Measured with `npm run bench` (the `backends` figure): spirals
 * (626 parameters) ran ~5,300 samples/s on wasm, ~3,600 on cpu and ~1,300 on software webgl in
 * Chromium (wall-clock, 2026-12-02); wasm led cpu in every run since the time-based yield.
 */
export const SMALL_DENSE_PARAMS = 20_000;

/**
 * What the training panel offers: a backend, `auto` to pick by the model, or `wasm-threads`: wasm
 * on tfjs's multithreaded binary (offered where the page is cross-origin isolated; never chosen
 * automatically: on this 2-core machine it measured slower than one thread, BENCHMARKS.md).
 */
export type BackendSetting = BackendName | 'auto' | 'wasm-threads';

/**
 * The automatic choice for a model, the fastest measured (`npm run bench`, BENCHMARKS.md):
 * - a small model without convolutions: wasm (cpu when wasm cannot start: `pickBackend` falls
 *   back in order), on any machine: WebGL's per-operation cost dwarfs its arithmetic;
 * - the rest: webgl when the GPU is real hardware (webgpu next, then wasm, if it cannot start);
 * - otherwise wasm, which trains every layer of the catalogue (with the kernels of
 *   src/train/wasm) and measured ≥ 10× faster than software-rendered WebGL (SwiftShader, read
 *   from the renderer string) on the classic CNN. Software WebGL is never preferred over wasm.
 * `gpu` is what `probeGpu` found (undefined: no WebGL).
 */
export function autoBackend(
  analysis: Analysis,
  gpu?: GpuInfo,
): { readonly name: BackendName; readonly reason: string } {
  const params = analysis.totals.trainable + analysis.totals.nonTrainable;
  const count = `${params.toLocaleString('en-US')} parameters`;
  const convolutions = requiredKernels(analysis).length > 0;
  if (!convolutions && params <= SMALL_DENSE_PARAMS)
    return {
      name: 'wasm',
      reason: `chosen automatically: a small model without convolutions (${count}) trains fastest on wasm`,
    };
  const what = convolutions ? 'convolutions' : count;
  if (gpu && !gpu.software) return { name: 'webgl', reason: `chosen automatically: ${what} train fastest on the GPU` };
  const why = gpu ? `WebGL here is drawn in software (${shortRenderer(gpu.renderer)})` : 'there is no WebGL here';
  return { name: 'wasm', reason: `chosen automatically: ${what} train fastest on wasm: ${why}` };
}

/** "SwiftShader" out of "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) …))". */
function shortRenderer(renderer: string): string {
  return /swiftshader|llvmpipe|softpipe/i.exec(renderer)?.[0] ?? renderer.slice(0, 60);
}

/** The first of `kernels` that `backend` lacks, if any. */
function missingKernel(tf: TF, backend: string, kernels: readonly string[]): string | undefined {
  return kernels.find((k) => tf.getKernel(k, backend) === undefined);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Sets the first backend that works, from `preferred` (default webgl) on down the order. A
 * backend with no loader and no registration here is skipped ("not available").
 */
export async function pickBackend(
  tf: TF,
  options: {
    readonly preferred?: BackendName;
    /** Gradient kernels the model needs (`requiredKernels`). */
    readonly kernels?: readonly string[];
    readonly loaders?: Partial<Record<BackendName, BackendLoader>>;
    /** wasm's threads (`BackendLoader`); absent: one. */
    readonly wasmThreads?: number;
  } = {},
): Promise<BackendChoice> {
  const start = BACKENDS.indexOf(options.preferred ?? 'webgl');
  const fallbacks: BackendFallback[] = [];
  for (const name of BACKENDS.slice(start)) {
    try {
      const loader = options.loaders?.[name];
      // Loaders are idempotent; each run may add what an earlier lacked.
      if (loader) await (name === 'wasm' && options.wasmThreads ? loader({ threads: options.wasmThreads }) : loader());
      if (!tf.findBackendFactory(name)) {
        fallbacks.push({ backend: name, reason: `${name} is not available here` });
        continue;
      }
      if (!(await tf.setBackend(name))) {
        fallbacks.push({ backend: name, reason: `${name} failed to start` });
        continue;
      }
      await tf.ready();
      const missing = missingKernel(tf, name, options.kernels ?? []);
      if (missing) {
        fallbacks.push({ backend: name, reason: `${name} cannot train this model: it has no ${missing} kernel` });
        continue;
      }
      return { name, fallbacks };
    } catch (e) {
      fallbacks.push({ backend: name, reason: `${name} failed to start: ${message(e)}` });
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${fallbacks.map((f) => f.reason).join('; ')}`);
}

/**
 * The backend for a training run: the setting's (`auto`: `autoBackend` for the model and the GPU),
 * then the ones after it; the automatic choice keeps its reason.
 */
export async function chooseBackend(
  tf: TF,
  setting: BackendSetting | undefined,
  analysis: Analysis,
  gpu: () => GpuInfo | undefined,
  loaders?: Partial<Record<BackendName, BackendLoader>>,
): Promise<BackendChoice & { readonly reason?: string }> {
  const auto = !setting || setting === 'auto' ? autoBackend(analysis, gpu()) : undefined;
  const threaded = setting === 'wasm-threads';
  const picked = await pickBackend(tf, {
    preferred: auto?.name ?? (threaded ? 'wasm' : (setting as BackendName)),
    kernels: requiredKernels(analysis),
    ...(loaders ? { loaders } : {}),
    ...(threaded ? { wasmThreads: defaultWasmThreads() } : {}),
  });
  const reason = auto && picked.name === auto.name ? auto.reason : undefined;
  const threads = picked.name === 'wasm' ? wasmThreadsInUse(tf) : undefined;
  const note = threads && (threaded || threads > 1) ? threadsNote(tf, threads, threaded) : undefined;
  const why = [reason, note].filter(Boolean).join('; ');
  return why ? { ...picked, reason: why } : picked;
}

/** The XNNPACK threads of the active wasm backend (tfjs's `getThreadsCount`), if it says. */
export function wasmThreadsInUse(tf: TF): number | undefined {
  const wasm = (tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
  const count = wasm?.tfjs?.getThreadsCount?.();
  return typeof count === 'number' && count > 0 ? count : undefined;
}

function threadsNote(tf: TF, threads: number, asked: boolean): string {
  if (threads > 1) return `multithreaded: ${threads} threads`;
  if (!asked) return '1 thread';
  // Only the multithreaded binary's module has a pthread pool.
  if ((tf.backend() as unknown as { wasm?: { PThread?: unknown } }).wasm?.PThread)
    return '1 thread: the multithreaded binary started with only one';
  return typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated
    ? '1 thread: wasm had already started single-threaded in this worker'
    : '1 thread: threads need a cross-origin isolated page (COOP/COEP headers)';
}

/** One line for the user: "Training on cpu (webgl is not available here; …)". */
export function describeBackend(choice: BackendChoice): string {
  const why = choice.fallbacks.map((f) => f.reason).join('; ');
  return `Training on ${choice.name}${why ? ` (${why})` : ''}`;
}

/**
 * Replaces a backend whose context was lost by a fresh instance (same factory), so the next
 * `setBackend` creates a new context instead of reusing the dead one.
 */
export async function renewBackend(tf: TF, name: string): Promise<void> {
  const factory = tf.findBackendFactory(name);
  if (!factory) return;
  if (tf.getBackend() === name) await tf.setBackend('cpu');
  tf.removeBackend(name);
  tf.registerBackend(name, factory);
}

/** Watches the active backend's GPU context during a run (`watchContext`). */
export interface ContextWatch {
  /** Rejects with an Error when the context is lost; never resolves. */
  readonly lost: Promise<never>;
  /** Stops watching (the promise then never settles). */
  dispose(): void;
}

/** What a WebGL context offers to be watched: tfjs's webgl backend keeps it at `gpgpu.gl`. */
interface Watchable {
  isContextLost(): boolean;
  readonly canvas?: {
    addEventListener?: EventTarget['addEventListener'];
    removeEventListener?: EventTarget['removeEventListener'];
  };
}

/**
 * When the GPU context of the active backend is lost (driver reset, GPU memory exhausted, or
 * `WEBGL_lose_context`), tfjs does not throw: its next read of a result waits forever. This
 * watches for the loss, by the canvas's `webglcontextlost` event and by polling
 * `isContextLost()` (the event is not delivered while a worker is busy), so the trainer can race
 * its reads against `lost` and stop with a message. Backends without a GPU context are not watched.
 */
export function watchContext(tf: TF, pollMs = 200): ContextWatch {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: Watchable } }).gpgpu?.gl;
  let fail: (e: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    fail = reject;
  });
  lost.catch(() => {}); // settled by whoever races it; never an unhandled rejection
  if (!gl || typeof gl.isContextLost !== 'function') return { lost, dispose() {} };
  let watching = true;
  const report = () => {
    if (!watching) return;
    stop();
    fail(new Error(`${tf.getBackend()}: the GPU context was lost (CONTEXT_LOST_WEBGL)`));
  };
  const onLost = () => report();
  const timer = setInterval(() => {
    if (gl.isContextLost()) report();
  }, pollMs);
  gl.canvas?.addEventListener?.('webglcontextlost', onLost);
  const stop = () => {
    watching = false;
    clearInterval(timer);
    gl.canvas?.removeEventListener?.('webglcontextlost', onLost);
  };
  if (gl.isContextLost()) report();
  return { lost, dispose: stop };
}
