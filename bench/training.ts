/**
 * Training figures for `npm run bench`, in Chromium through the e2e harness's browser:
 *
 * - backends: samples/s of ApesNet-mini (shapes-seg), spirals and the classic CNN (digits) on
 *   every backend the training
 *   worker offers, from the trainer's epoch events after a warm-up epoch, on the bench page
 *   (bench/train/, its own small Vite build, served beside the editor); which backend the
 *   default choice takes, and whether it is the fastest.
 * - classic_cnn_sps: the classic CNN example on `digits` through the editor's Training panel
 *   (batch 64, SGD 0.01, 2 epochs, webgl), from the Start click to the end of epoch 2, and the
 *   longest main-thread task over the run.
 * - train_ratio_webgl: compiled ApesNet-mini ÷ `handApesNet` on the bench page's webgl, same
 *   weights, same data, `fit` interleaved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build, type InlineConfig, preview } from 'vite';
import { BACKENDS, type BackendName } from '../src/train/backend';
import type { Harness } from '../test/e2e/harness';
import { round } from './stats';
import type { PlainRequest } from './train/plain';
import type { BenchApi, RatioAnswer, RatioRequest, RunAnswer, RunRequest } from './train/protocol';

/** The headers that make a page cross-origin isolated (`crossOriginIsolated`: SharedArrayBuffer, wasm threads). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

export interface BenchPage {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds bench/train/ with Vite into a temporary folder and serves it (closed by `close`).
 * `isolated` serves it cross-origin isolated (`ISOLATION_HEADERS`), as `wasm_threads_ratio`
 * (bench/threads.ts) needs; `minify: false` leaves the bundle unminified (threads start in both:
 * src/train/wasm/threads.ts gives the pthread workers the glue's unminified source).
 */
export async function serveBenchPage(options: { isolated?: boolean; minify?: boolean } = {}): Promise<BenchPage> {
  const root = fileURLToPath(new URL('./train/', import.meta.url));
  const outDir = await mkdtemp(join(tmpdir(), 'skipwire-bench-train-'));
  const config: InlineConfig = {
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      target: 'es2022',
      chunkSizeWarningLimit: 10_000,
      minify: options.minify ?? true,
    },
    worker: { format: 'es' },
  };
  try {
    await build(config);
    const server = await preview({
      ...config,
      preview: {
        port: 0,
        strictPort: false,
        host: '127.0.0.1',
        open: false,
        ...(options.isolated ? { headers: ISOLATION_HEADERS } : {}),
      },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the bench page server did not report its URL');
    return {
      url,
      async close() {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}

/** Opens the bench page in a fresh browser; the caller closes the context. */
export async function openBenchPage(h: Harness, bench: BenchPage) {
  const opened = await h.browser();
  await opened.page.goto(bench.url);
  await opened.page.locator('body[data-ready="true"]').waitFor();
  return opened;
}

/** Calls `window.swBench[fn](request)` on the bench page (bench/train/protocol.ts). */
export const call = <T>(page: Page, fn: keyof BenchApi, request?: RunRequest | RatioRequest | PlainRequest) =>
  page.evaluate<T>(`window.swBench.${fn}(${request === undefined ? '' : JSON.stringify(request)})`);

// ── backends ────────────────────────────────────────────────────────────────────────────────

export interface BackendRow {
  /** The backend of the `started` event (a missing one falls back to the next in order). */
  readonly used: string;
  readonly sps?: number;
  /** Why the backend asked for was not used (the service's fallback reason). */
  readonly unavailable?: string;
  readonly error?: string;
}

export interface BackendModelFigures {
  readonly setup: string;
  readonly per_backend: Partial<Record<BackendName, BackendRow>>;
  /** What the service picks when no backend is asked for. */
  readonly auto_backend: string;
  readonly fastest: string | undefined;
  readonly auto_is_fastest: boolean;
}

export interface BackendsFigure {
  readonly apesnet_mini: BackendModelFigures;
  readonly spirals: BackendModelFigures;
  readonly classic_cnn: BackendModelFigures;
  /** Whether Chromium offers WebGPU to the bench page at all (the worker loads webgpu only when it gives an adapter). */
  readonly webgpu_in_page: string;
}

interface ModelCase {
  readonly key: 'apesnet_mini' | 'spirals' | 'classic_cnn';
  readonly example: string;
  readonly data: RunRequest['data'];
  readonly settings: RunRequest['settings'];
  readonly timeoutMs: number;
  readonly setup: string;
}

/** ApesNet-mini trains at about half a sample per second on SwiftShader: few samples, 2 epochs. */
const backendCases = (quick: boolean): ModelCase[] => {
  const [samples, batch] = quick ? [2, 2] : [8, 4];
  return [
    {
      key: 'apesnet_mini',
      example: 'apesnet-mini',
      data: { name: 'shapes-seg', samples },
      settings: { batchSize: batch, epochs: 2, validationSplit: 0, optimizer: 'sgd', learningRate: 0.01 },
      timeoutMs: 180_000,
      setup: `shapes-seg ${samples} samples (32×32×3), batch ${batch}, SGD 0.01, no validation; samples/s of epoch 2 (epoch 1 warms up)`,
    },
    {
      key: 'spirals',
      example: 'spirals',
      // 8,000 samples: epochs of 1,000 (~0.1 s on cpu and wasm) made single runs swap the two.
      data: { name: 'spirals', samples: 8000 },
      settings: { batchSize: 32, epochs: 3, validationSplit: 0, optimizer: 'sgd', learningRate: 0.01 },
      timeoutMs: 90_000,
      setup: 'spirals 8000 samples, batch 32, SGD 0.01, no validation; samples/s of epochs 2–3 (epoch 1 warms up)',
    },
    {
      key: 'classic_cnn',
      example: 'classic-cnn',
      data: { name: 'digits', samples: quick ? 192 : 640 },
      settings: { batchSize: 64, epochs: 3, validationSplit: 0, optimizer: 'sgd', learningRate: 0.01 },
      timeoutMs: 150_000,
      setup: `digits ${quick ? 192 : 640} samples (28×28×1), batch 64, SGD 0.01, no validation; wall-clock samples/s of epochs 2–3 (epoch 1 warms up)`,
    },
  ];
};

const rowOf = (r: RunAnswer, requested: BackendName): BackendRow => {
  const used = r.used ?? '?';
  if (r.used !== undefined && r.used !== requested) {
    const why = r.fallbacks.find((f) => f.backend === requested)?.reason ?? `fell back to ${used}`;
    return { used, unavailable: why };
  }
  return {
    used,
    ...(r.measuredSps === undefined ? {} : { sps: round(r.measuredSps, 2) }),
    ...(r.error ? { error: r.error } : {}),
  };
};

/**
 * For each model: first a run with no backend asked for (the default choice; it also measures
 * that backend), then every other backend in `BACKENDS`, each in a fresh worker. A backend that
 * is missing or cannot train the model falls back in the service: that run is ended at once and
 * the backend reported with the reason (every backend a run passed over is reported so, and not
 * asked for again).
 */
export async function backendFigures(
  h: Harness,
  bench: BenchPage,
  options: { quick: boolean },
  log: (s: string) => void,
): Promise<BackendsFigure> {
  const { context, page } = await openBenchPage(h, bench);
  const out: { -readonly [K in ModelCase['key']]?: BackendModelFigures } = {};
  try {
    for (const c of backendCases(options.quick)) {
      const base = { example: c.example, data: c.data, settings: c.settings, timeoutMs: c.timeoutMs };
      const per: Partial<Record<BackendName, BackendRow>> = {};
      const record = (r: RunAnswer, requested: BackendName) => {
        per[requested] = rowOf(r, requested);
        for (const f of r.fallbacks) per[f.backend as BackendName] ??= { used: r.used ?? '?', unavailable: f.reason };
      };
      const auto = await call<RunAnswer>(page, 'runTraining', base);
      if (!auto.used) throw new Error(`${c.example}: the default run did not start (${auto.error ?? '?'})`);
      const autoName = auto.used as BackendName;
      record(auto, autoName);
      for (const b of BACKENDS)
        if (!per[b]) record(await call<RunAnswer>(page, 'runTraining', { ...base, backend: b }), b);
      const measured = Object.entries(per).filter(([, r]) => r.sps !== undefined) as [string, BackendRow][];
      const fastest = measured.sort((a, b) => (b[1].sps as number) - (a[1].sps as number))[0]?.[0];
      out[c.key] = {
        setup: c.setup,
        per_backend: per,
        auto_backend: autoName,
        fastest,
        auto_is_fastest: fastest === autoName,
      };
      const describe = (b: BackendName) => {
        const r = per[b];
        return r?.sps !== undefined ? `${r.sps}` : r?.unavailable ? 'unavailable' : (r?.error ?? '?');
      };
      log(
        `backends (${c.example}, samples/s): ${BACKENDS.map((b) => `${b} ${describe(b)}`).join(', ')}; default ${autoName}${fastest === autoName ? ' (the fastest)' : `, fastest ${fastest}`}`,
      );
    }
    const webgpu = await call<string>(page, 'webgpu');
    log(`WebGPU in the bench page: ${webgpu}`);
    return {
      apesnet_mini: out.apesnet_mini as BackendModelFigures,
      spirals: out.spirals as BackendModelFigures,
      classic_cnn: out.classic_cnn as BackendModelFigures,
      webgpu_in_page: webgpu,
    };
  } finally {
    await context.close();
  }
}

// ── train_ratio_webgl ───────────────────────────────────────────────────────────────────────

export interface RatioFigures {
  readonly ratio: number;
  readonly skipwire_sps: number;
  readonly hand_sps: number;
  readonly backend: string;
  readonly samples: number;
  readonly batch: number;
  readonly reps: number;
  readonly runs_ms: { readonly skipwire: number[]; readonly hand: number[] };
}

/** Samples/s of the compiled ApesNet-mini ÷ samples/s of `handApesNet`, interleaved `fit`s. */
export async function trainRatioWebgl(
  h: Harness,
  bench: BenchPage,
  options: { samples: number; batch: number; reps: number },
  log: (s: string) => void,
): Promise<RatioFigures> {
  const { context, page } = await openBenchPage(h, bench);
  try {
    const r = await call<RatioAnswer>(page, 'trainRatio', { backend: 'webgl', ...options });
    if (r.backend !== 'webgl') throw new Error(`the page trained on ${r.backend}, not webgl`);
    const sps = (ms: number) => (options.samples * 1000) / ms;
    const out: RatioFigures = {
      ratio: round(r.handMs / r.skipwireMs),
      skipwire_sps: round(sps(r.skipwireMs), 2),
      hand_sps: round(sps(r.handMs), 2),
      backend: r.backend,
      ...options,
      runs_ms: { skipwire: r.runs.skipwire.map((t) => round(t, 0)), hand: r.runs.hand.map((t) => round(t, 0)) },
    };
    log(
      `train on webgl (ApesNet-mini, ${options.samples} samples, batch ${options.batch}): ${out.skipwire_sps} vs hand-written ${out.hand_sps} samples/s (${options.reps} interleaved reps)`,
    );
    return out;
  } finally {
    await context.close();
  }
}
