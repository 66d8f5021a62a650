/**
 * `wasm_threads_ratio` for `npm run bench`: tfjs's multithreaded wasm binary
 * (tfjs-backend-wasm-threaded-simd.wasm, XNNPACK with `setThreadsCount`) against the
 * single-threaded SIMD binary Skipwire's worker uses, on the bench page (served cross-origin
 * isolated, `ISOLATION_HEADERS`), with `model.fit` in the plain worker (bench/train/plain.worker.ts:
 * the same training kernels of src/train/wasm on both sides), interleaved run by run (threaded,
 * single, threaded, …), each run a fresh worker. Samples/s of the epochs after the first; the ratio
 * is the median threaded ÷ the median single-threaded: > 1 means threads help.
 */
import type { Harness } from '../test/e2e/harness';
import { median, round } from './stats';
import type { PlainAnswer, PlainRequest } from './train/plain';
import { type BenchPage, call, openBenchPage } from './training';

type ThreadsCase = 'spirals' | 'classic_cnn';

export interface ThreadsFigures {
  readonly wasm_threads_ratio: Partial<Record<ThreadsCase, number>>;
  readonly wasm_threads_run: {
    readonly threads: number;
    readonly hardware_concurrency: number;
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
  options: { quick: boolean; reps?: number },
  log: (s: string) => void,
): Promise<ThreadsFigures> {
  const reps = options.reps ?? (options.quick ? 3 : 5);
  const { context, page } = await openBenchPage(h, bench);
  try {
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const threads = Number(process.env.SW_THREADS ?? Math.max(2, Math.min(4, cores)));
    const ratios: ThreadsFigures['wasm_threads_ratio'] = {};
    const cases: ThreadsFigures['wasm_threads_run']['cases'] = {};
    for (const which of ['spirals', 'classic_cnn'] as const) {
      const base = request(which, options.quick);
      const threaded: number[] = [];
      const single: number[] = [];
      const reported: number[] = [];
      try {
        for (let r = 0; r < reps; r++) {
          for (const n of r % 2 ? [1, threads] : [threads, 1]) {
            const a = await call<PlainAnswer>(page, 'runPlain', { ...base, threads: n, timeoutMs: 150_000 });
            if (a.measuredSps === undefined || a.backend !== 'wasm')
              throw new Error(`the ${n > 1 ? 'threaded' : 'single-threaded'} run: ${a.error ?? `ran on ${a.backend}`}`);
            if (n > 1) reported.push(a.threads ?? 0);
            (n > 1 ? threaded : single).push(a.measuredSps);
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
    return { wasm_threads_ratio: ratios, wasm_threads_run: { threads, hardware_concurrency: cores, cases } };
  } finally {
    await context.close();
  }
}
