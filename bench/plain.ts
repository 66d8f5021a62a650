/**
 * `train_ratio_plain` for `npm run bench`: Skipwire's real training worker (src/train, through
 * the bench page's `runTraining`) against the same model written by hand with `tf.layers` and
 * trained with `model.fit` in a module worker of its own on the same page (`runPlain`,
 * bench/train/plain.worker.ts), interleaved run by run in pairs of alternating order (Skipwire,
 * plain; plain, Skipwire; …). Each run is a fresh worker.
 *
 * Method, chosen for this loaded 2-core machine (other sessions' work comes and goes within
 * seconds, and single runs spread 2×):
 * - a run's figure is the median of its epochs' wall-clock samples/s, epoch 1 left out (the
 *   warm-up: shader compilation on webgl, the JIT everywhere); several epochs are measured (4 of
 *   the classic CNN, 6 of spirals in --quick), so one descheduled stretch moves one epoch, not
 *   the run;
 * - the ratio is the median over the pairs of Skipwire's run ÷ plain's run: the two runs of a pair
 *   are seconds apart, so a load change between pairs divides out, and the median drops a pair a
 *   burst hit. The ratio of each side's median (`ratio_of_medians`, kept for comparison) mixes
 *   runs taken under different loads.
 * ≥ 0.98 means Skipwire trains as fast as `model.fit`.
 */
import type { Harness } from '../test/e2e/harness';
import { median, round } from './stats';
import type { PlainAnswer, PlainRequest } from './train/plain';
import type { RunAnswer, RunRequest } from './train/protocol';
import { type BenchPage, call, openBenchPage } from './training';

export type PlainCase = 'classic_cnn_webgl' | 'spirals_cpu' | 'spirals_wasm';

export interface PlainCaseFigures {
  /** The median over the pairs of Skipwire's run ÷ plain's run (see the file's comment). */
  readonly ratio: number;
  /** Skipwire's median run ÷ plain's median run, for comparison (drift between pairs moves it). */
  readonly ratio_of_medians: number;
  readonly pair_ratios: number[];
  readonly skipwire_sps: number;
  readonly plain_sps: number;
  readonly setup: string;
  /** Each run's figure: the median of its steady-state epochs' samples/s. */
  readonly runs_sps: { readonly skipwire: number[]; readonly plain: number[] };
  /** Every steady-state epoch's samples/s, run by run. */
  readonly epochs_sps: { readonly skipwire: number[][]; readonly plain: number[][] };
  /** Seconds the case took, start-ups included. */
  readonly wall_s: number;
}

export interface PlainFigures {
  readonly train_ratio_plain: Partial<Record<PlainCase, number>>;
  readonly train_ratio_plain_run: Partial<Record<PlainCase, PlainCaseFigures | { error: string }>>;
}

/**
 * Samples/s of each epoch after the first, from the clock readings at the end of every epoch
 * (the first reading ends the warm-up epoch).
 */
export function epochRates(ends: readonly number[], samples: number): number[] {
  return ends.slice(1).map((t, i) => (samples * 1000) / (t - (ends[i] as number)));
}

/**
 * The ratio of a case from its runs, paired in the order they ran: each run's figure is the median
 * of its epochs' rates; the ratio is the median of the per-pair ratios.
 */
export function pairedRatio(skipwire: readonly number[], plain: readonly number[]): { ratio: number; pairs: number[] } {
  const pairs = skipwire.map((s, i) => s / (plain[i] as number));
  return { ratio: median(pairs), pairs };
}

interface Case {
  readonly key: PlainCase;
  readonly plain: PlainRequest;
  readonly example: string;
  readonly timeoutMs: number;
  /** Pairs of runs (when the caller gives none). */
  readonly reps: number;
}

/** Sizes of a case a caller may change (bench/plainRun.ts), e.g. to try the method at other sizes. */
export type CaseSizes = Partial<Pick<PlainRequest, 'samples' | 'epochs' | 'batch'>>;

const cases = (quick: boolean, sizes: Partial<Record<PlainCase, CaseSizes>> = {}): Case[] => {
  // Spirals epochs of 8,000 samples (~0.4 s): at 2,000 (~0.1 s) one epoch's rate spread 9,000–28,000
  // samples/s on this machine and single pair ratios 0.85–1.27, so 3 pairs could land anywhere.
  const spirals = { model: 'spirals', samples: 8000, batch: 32, epochs: quick ? 7 : 9, learningRate: 0.01 } as const;
  const spiralReps = quick ? 5 : 7;
  const cnn = { model: 'classic_cnn', samples: quick ? 192 : 640, batch: 64, epochs: 5, learningRate: 0.01 } as const;
  return [
    {
      key: 'spirals_cpu',
      example: 'spirals',
      plain: { ...spirals, backend: 'cpu', ...sizes.spirals_cpu },
      timeoutMs: 60_000,
      reps: spiralReps,
    },
    {
      key: 'spirals_wasm',
      example: 'spirals',
      plain: { ...spirals, backend: 'wasm', ...sizes.spirals_wasm },
      timeoutMs: 60_000,
      reps: spiralReps,
    },
    {
      key: 'classic_cnn_webgl',
      example: 'classic-cnn',
      plain: { ...cnn, backend: 'webgl', ...sizes.classic_cnn_webgl },
      timeoutMs: 150_000,
      reps: quick ? 3 : 5,
    },
  ];
};

const describeCase = (p: PlainRequest) =>
  `${p.model === 'spirals' ? 'spirals' : 'digits'} ${p.samples} samples, batch ${p.batch}, SGD ${p.learningRate}, ${p.epochs} epochs, no validation, ${p.backend}; each run: the median samples/s of epochs 2–${p.epochs}; ratio: the median over the pairs`;

export interface PlainOptions {
  readonly quick: boolean;
  /** Runs of each side (default: each case's own, 3–5 quick, 5–7 full). */
  readonly reps?: number;
  readonly only?: readonly PlainCase[];
  readonly sizes?: Partial<Record<PlainCase, CaseSizes>>;
}

/** Interleaved Skipwire / plain runs of each case (or of `only`). */
export async function trainRatioPlain(
  h: Harness,
  bench: BenchPage,
  options: PlainOptions,
  log: (s: string) => void,
): Promise<PlainFigures> {
  const { context, page } = await openBenchPage(h, bench);
  const ratios: Partial<Record<PlainCase, number>> = {};
  const runs: PlainFigures['train_ratio_plain_run'] = {};
  try {
    for (const c of cases(options.quick, options.sizes)) {
      if (options.only && !options.only.includes(c.key)) continue;
      const t0 = Date.now();
      const reps = options.reps ?? c.reps;
      const epochs = { skipwire: [] as number[][], plain: [] as number[][] };
      const request: RunRequest = {
        example: c.example,
        data: { name: c.plain.model === 'spirals' ? 'spirals' : 'digits', samples: c.plain.samples },
        settings: {
          batchSize: c.plain.batch,
          epochs: c.plain.epochs,
          validationSplit: 0,
          optimizer: 'sgd',
          learningRate: c.plain.learningRate,
        },
        backend: c.plain.backend,
        timeoutMs: c.timeoutMs,
      };
      try {
        const runSkipwire = async () => {
          const s = await call<RunAnswer>(page, 'runTraining', request);
          if (s.used !== c.plain.backend || s.epochs.length < 2)
            throw new Error(`Skipwire's run: ${s.error ?? `trained on ${s.used ?? 'nothing'}`}`);
          epochs.skipwire.push(
            epochRates(
              s.epochs.map((e) => e.elapsedMs),
              s.trainSamples,
            ),
          );
        };
        const runPlain = async () => {
          const p = await call<PlainAnswer>(page, 'runPlain', { ...c.plain, timeoutMs: c.timeoutMs } as PlainRequest);
          if (p.backend !== c.plain.backend || !p.epochEndsMs || p.epochEndsMs.length < 2)
            throw new Error(`the plain run: ${p.error ?? `trained on ${p.backend ?? 'nothing'}`}`);
          epochs.plain.push(epochRates(p.epochEndsMs, c.plain.samples));
        };
        // Pairs in alternating order (Skipwire first, then plain first, …): neither side always
        // follows the other's worker as it ends.
        for (let r = 0; r < reps; r++)
          for (const run of r % 2 ? [runPlain, runSkipwire] : [runSkipwire, runPlain]) await run();
        const [skipwire, plain] = [epochs.skipwire.map(median), epochs.plain.map(median)];
        const [sw, pl] = [median(skipwire), median(plain)];
        const { ratio, pairs } = pairedRatio(skipwire, plain);
        ratios[c.key] = round(ratio);
        runs[c.key] = {
          ratio: round(ratio),
          ratio_of_medians: round(sw / pl),
          pair_ratios: pairs.map((x) => round(x)),
          skipwire_sps: round(sw, 1),
          plain_sps: round(pl, 1),
          setup: describeCase(c.plain),
          runs_sps: { skipwire: skipwire.map((x) => round(x, 1)), plain: plain.map((x) => round(x, 1)) },
          epochs_sps: {
            skipwire: epochs.skipwire.map((r) => r.map((x) => round(x, 1))),
            plain: epochs.plain.map((r) => r.map((x) => round(x, 1))),
          },
          wall_s: round((Date.now() - t0) / 1000, 1),
        };
        log(
          `train_ratio_plain.${c.key}: ${ratios[c.key]} (median of ${reps} pair ratios ${pairs.map((x) => round(x)).join(' ')}; Skipwire ${round(sw, 1)} vs model.fit ${round(pl, 1)} samples/s, ratio of medians ${round(sw / pl)}; ${round((Date.now() - t0) / 1000, 1)} s)`,
        );
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        runs[c.key] = { error };
        log(`train_ratio_plain.${c.key}: failed: ${error}`);
      }
    }
    return { train_ratio_plain: ratios, train_ratio_plain_run: runs };
  } finally {
    await context.close();
  }
}
