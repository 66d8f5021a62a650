/**
 * `train_ratio_plain` for `npm run bench`: Skipwire's real training worker (src/train, through
 * the bench page's `runTraining`) against the same model written by hand with `tf.layers` and
 * trained with `model.fit` in a module worker of its own on the same page (`runPlain`,
 * bench/train/plain.worker.ts), interleaved run by run in pairs of alternating order (Skipwire,
 * plain; plain, Skipwire; …).
 * Each run is a fresh worker; both sides count samples/s on the wall clock over the epochs after
 * the first (epoch 1 warms up: shader compilation on webgl). The ratio is the median of
 * Skipwire's ÷ the median of plain's: ≥ 1 means Skipwire trains as fast as `model.fit`.
 */
import type { Harness } from '../test/e2e/harness';
import { median, round } from './stats';
import type { PlainAnswer, PlainRequest } from './train/plain';
import type { RunAnswer, RunRequest } from './train/protocol';
import { type BenchPage, call, openBenchPage } from './training';

export type PlainCase = 'classic_cnn_webgl' | 'spirals_cpu' | 'spirals_wasm';

export interface PlainCaseFigures {
  readonly ratio: number;
  readonly skipwire_sps: number;
  readonly plain_sps: number;
  readonly setup: string;
  readonly runs_sps: { readonly skipwire: number[]; readonly plain: number[] };
}

export interface PlainFigures {
  readonly train_ratio_plain: Partial<Record<PlainCase, number>>;
  readonly train_ratio_plain_run: Partial<Record<PlainCase, PlainCaseFigures | { error: string }>>;
}

interface Case {
  readonly key: PlainCase;
  readonly plain: PlainRequest;
  readonly example: string;
  readonly timeoutMs: number;
}

const cases = (quick: boolean): Case[] => {
  const spirals = { model: 'spirals', samples: 2000, batch: 32, epochs: quick ? 4 : 6, learningRate: 0.01 } as const;
  const cnn = { model: 'classic_cnn', samples: quick ? 192 : 640, batch: 64, epochs: 3, learningRate: 0.01 } as const;
  return [
    { key: 'spirals_cpu', example: 'spirals', plain: { ...spirals, backend: 'cpu' }, timeoutMs: 60_000 },
    { key: 'spirals_wasm', example: 'spirals', plain: { ...spirals, backend: 'wasm' }, timeoutMs: 60_000 },
    { key: 'classic_cnn_webgl', example: 'classic-cnn', plain: { ...cnn, backend: 'webgl' }, timeoutMs: 150_000 },
  ];
};

const describeCase = (p: PlainRequest) =>
  `${p.model === 'spirals' ? 'spirals' : 'digits'} ${p.samples} samples, batch ${p.batch}, SGD ${p.learningRate}, ${p.epochs} epochs, no validation, ${p.backend}; samples/s of epochs 2–${p.epochs}`;

/** Interleaved Skipwire / plain runs of each case (or of `only`); `reps` of each side (default 3 quick, 5 full). */
export async function trainRatioPlain(
  h: Harness,
  bench: BenchPage,
  options: { quick: boolean; reps?: number; only?: readonly PlainCase[] },
  log: (s: string) => void,
): Promise<PlainFigures> {
  const reps = options.reps ?? (options.quick ? 3 : 5);
  const { context, page } = await openBenchPage(h, bench);
  const ratios: Partial<Record<PlainCase, number>> = {};
  const runs: PlainFigures['train_ratio_plain_run'] = {};
  try {
    for (const c of cases(options.quick)) {
      if (options.only && !options.only.includes(c.key)) continue;
      const skipwire: number[] = [];
      const plain: number[] = [];
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
          if (s.used !== c.plain.backend || s.measuredSps === undefined)
            throw new Error(`Skipwire's run: ${s.error ?? `trained on ${s.used ?? 'nothing'}`}`);
          skipwire.push(s.measuredSps);
        };
        const runPlain = async () => {
          const p = await call<PlainAnswer>(page, 'runPlain', { ...c.plain, timeoutMs: c.timeoutMs } as PlainRequest);
          if (p.backend !== c.plain.backend || p.measuredSps === undefined)
            throw new Error(`the plain run: ${p.error ?? `trained on ${p.backend ?? 'nothing'}`}`);
          plain.push(p.measuredSps);
        };
        // Pairs in alternating order (Skipwire first, then plain first, …): neither side always
        // follows the other's worker as it ends.
        for (let r = 0; r < reps; r++)
          for (const run of r % 2 ? [runPlain, runSkipwire] : [runSkipwire, runPlain]) await run();
        const [sw, pl] = [median(skipwire), median(plain)];
        ratios[c.key] = round(sw / pl);
        runs[c.key] = {
          ratio: round(sw / pl),
          skipwire_sps: round(sw, 1),
          plain_sps: round(pl, 1),
          setup: describeCase(c.plain),
          runs_sps: { skipwire: skipwire.map((x) => round(x, 1)), plain: plain.map((x) => round(x, 1)) },
        };
        log(
          `train_ratio_plain.${c.key}: ${ratios[c.key]} (Skipwire ${round(sw, 1)} vs model.fit ${round(pl, 1)} samples/s, ${reps} interleaved runs each)`,
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
