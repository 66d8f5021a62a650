/**
 * `wasm_threads_ratio` for `npm run bench`: tfjs's multithreaded wasm binary
 * (tfjs-backend-wasm-threaded-simd.wasm, XNNPACK on a pthreadpool, started as Skipwire's worker
 * starts it: src/train/wasm/threads.ts) against the single-threaded SIMD binary, on the bench page
 * (served cross-origin isolated, `ISOLATION_HEADERS`, minified as the editor's build), each run a
 * fresh worker (bench/train/plain.worker.ts), interleaved run by run:
 * - `wasm_threads_kernel_ratio`: one 512×512 matrix product plus one 3×3 convolution
 *   (4×56×56×32 → 64), ms per round on 1 thread ÷ on N threads of the threaded binary: how much
 *   the threads themselves speed the arithmetic (≈ N on idle cores; 1 when they never run);
 * - `wasm_threads_ratio`: `model.fit` samples/s of the epochs after the first, N threads ÷ the
 *   single-threaded binary (the same training kernels of src/train/wasm on both): > 1 means the
 *   threaded binary trains faster, start to end of an epoch.
 */

import { loadavg } from 'node:os';
import type { Harness } from '../test/e2e/harness';
import { median, round } from './stats';
import type { PlainAnswer, PlainRequest } from './train/plain';
import { type BenchPage, call, openBenchPage } from './training';

type ThreadsCase = 'spirals' | 'classic_cnn';

export interface ThreadsFigures {
  readonly wasm_threads_ratio: Partial<Record<ThreadsCase, number>>;
  readonly wasm_threads_kernel_ratio?: number;
  readonly wasm_threads_run: {
    readonly threads: number;
    readonly hardware_concurrency: number;
    readonly load?: string;
    readonly kernel?: { one_thread_ms: number[]; threads_ms: number[]; reported_threads: number[] } | { error: string };
    readonly cases: Partial<
      Record<
        ThreadsCase,
        { threaded_sps: number[]; single_sps: number[]; reported_threads: number[]; setup: string } | { error: string }
      >
    >;
  };
}

const request = (which: ThreadsCase, quick: boolean): PlainRequest =>
  which === 'spirals'
    ? { model: 'spirals', backend: 'wasm', samples: 2000, batch: 32, epochs: quick ? 4 : 6, learningRate: 0.01 }
    : { model: 'classic_cnn', backend: 'wasm', samples: quick ? 640 : 1280, batch: 64, epochs: 3, learningRate: 0.01 };

/** Threaded (one thread per core, at most 4) against single-threaded wasm, `reps` interleaved runs each. */
export async function wasmThreadsRatio(
  h: Harness,
  bench: BenchPage,
  options: { quick: boolean; reps?: number; kernelOnly?: boolean },
  log: (s: string) => void,
): Promise<ThreadsFigures> {
  const reps = options.reps ?? (options.quick ? 2 : 5);
  const { context, page } = await openBenchPage(h, bench);
  try {
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Number(process.env.SW_THREADS ?? Math.max(2, Math.min(4, cores)));
    const ratios: ThreadsFigures['wasm_threads_ratio'] = {};
    const cases: ThreadsFigures['wasm_threads_run']['cases'] = {};
    const load = loadAverage();
    let kernelRatio: number | undefined;
    let kernel: ThreadsFigures['wasm_threads_run']['kernel'];
    try {
      const one: number[] = [];
      const many: number[] = [];
      const reported: number[] = [];
      for (let r = 0; r < reps; r++) {
        for (const n of r % 2 ? [1, threads] : [threads, 1]) {
          const base: PlainRequest = {
            model: 'spirals',
            backend: 'wasm',
            samples: 0,
            batch: 1,
            epochs: 0,
            learningRate: 0,
          };
          const a = await call<PlainAnswer>(page, 'runPlain', {
            ...base,
            threads: n,
            probe: { reps: 3 },
            timeoutMs: 120_000,
          });
          if (!a.probeMs) throw new Error(`the probe on ${n} thread(s): ${a.error ?? 'no timings'}`);
          if (n > 1) reported.push(a.threads ?? 0);
          (n > 1 ? many : one).push(...a.probeMs);
        }
      }
      kernelRatio = round(median(one) / median(many));
      kernel = {
        one_thread_ms: one.map((x) => round(x, 1)),
        threads_ms: many.map((x) => round(x, 1)),
        reported_threads: reported,
      };
      log(
        `wasm_threads_kernel_ratio: ${kernelRatio} (matMul + conv2d ${round(median(one), 1)} ms on 1 thread vs ${round(median(many), 1)} ms on ${threads}, threads reported ${reported.join(', ')}; load ${load})`,
      );
    } catch (e) {
      kernel = { error: e instanceof Error ? e.message : String(e) };
      log(`wasm_threads_kernel_ratio: failed: ${kernel.error}`);
    }
    for (const which of options.kernelOnly ? [] : (['spirals', 'classic_cnn'] as const)) {
      const base = request(which, options.quick);
      const threaded: number[] = [];
      const single: number[] = [];
      const reported: number[] = [];
      try {
        for (let r = 0; r < reps; r++) {
          for (const n of r % 2 ? [0, threads] : [threads, 0]) {
            const a = await call<PlainAnswer>(page, 'runPlain', { ...base, threads: n, timeoutMs: 150_000 });
            if (a.measuredSps === undefined || a.backend !== 'wasm')
              throw new Error(`the ${n > 0 ? 'threaded' : 'single-threaded'} run: ${a.error ?? `ran on ${a.backend}`}`);
            if (n > 0) reported.push(a.threads ?? 0);
            (n > 0 ? threaded : single).push(a.measuredSps);
          }
        }
        ratios[which] = round(median(threaded) / median(single));
        cases[which] = {
          threaded_sps: threaded.map((x) => round(x, 1)),
          single_sps: single.map((x) => round(x, 1)),
          reported_threads: reported,
          setup: `${base.model} ${base.samples} samples, batch ${base.batch}, ${base.epochs} epochs, model.fit; ${threads} threads vs 1`,
        };
        log(
          `wasm_threads_ratio.${which}: ${ratios[which]} (${threads} threads ${round(median(threaded), 1)} vs single ${round(median(single), 1)} samples/s, ${reps} interleaved runs each)`,
        );
      } catch (e) {
        cases[which] = { error: e instanceof Error ? e.message : String(e) };
        log(`wasm_threads_ratio.${which}: failed: ${cases[which].error}`);
      }
    }
    return {
      wasm_threads_ratio: ratios,
      ...(kernelRatio !== undefined ? { wasm_threads_kernel_ratio: kernelRatio } : {}),
      wasm_threads_run: { threads, hardware_concurrency: cores, load, ...(kernel ? { kernel } : {}), cases },
    };
  } finally {
    await context.close();
  }
}

/** The 1-, 5- and 15-minute load averages, as `uptime` prints them. */
function loadAverage(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');
}
