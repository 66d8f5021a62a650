/**
 * `stats_overhead`: the cost of live layer statistics (src/train/layerStats.ts). The classic CNN on
 * digits through the trainer (Node, wasm: the CLI's path), 2 epochs, batch 64, with statistics
 * on (the default spacing: every 400 ms or more, at most 5% of the time) and off, runs
 * interleaved in pairs (off then on, on then off, …) in one bench run. The figure is the median
 * over the pairs of steady-state samples/s with statistics ÷ without (epoch 2's wall-clock rate;
 * epoch 1 is the warm-up): pairs, because the shared machine's load drifts between runs. Goal ≥
 * 0.9. `stats_share` is the time the samples themselves took ÷ the runs' training time.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { analyze, example } from '../src/compile';
import { pickBackend } from '../src/train/backend';
import { makeBuiltin } from '../src/train/data/builtin';
import type { LayerStatsEvent } from '../src/train/events';
import { DEFAULT_SETTINGS } from '../src/train/settings';
import { createTrainer } from '../src/train/trainer';
import { wasmLoader } from '../src/train/wasm/load';
import { median, round } from './stats';

export async function statsOverhead(tf: typeof tfjs, quick: boolean, log: (s: string) => void) {
  const doc = example('classic-cnn');
  const input = analyze(doc).layers.find((l) => l.type === 'input')?.shape;
  await pickBackend(tf, { preferred: 'wasm', loaders: { wasm: wasmLoader(tf) } });
  const dataset = makeBuiltin({ name: 'digits', seed: 1, samples: quick ? 1536 : 3072 }, input);
  const settings = { ...DEFAULT_SETTINGS, epochs: 2, batchSize: 64, optimizer: 'sgd' as const };
  const samples: LayerStatsEvent[] = [];
  let trainedMs = 0;
  const run = async (stats: boolean) => {
    const made = createTrainer(tf, {
      doc,
      dataset,
      settings,
      stats,
      onEvent: (e) => {
        if (e.type === 'layerStats') samples.push(e);
      },
    });
    if (!made.ok) throw new Error('classic-cnn does not train on digits');
    const result = await made.trainer.run();
    made.trainer.dispose();
    if (stats) trainedMs += result.history.at(-1)?.elapsedMs ?? 0;
    return result.history.at(-1)?.samplesPerSecond ?? 0;
  };
  const on: number[] = [];
  const off: number[] = [];
  await run(true); // untimed: warms up both paths
  samples.length = 0;
  trainedMs = 0;
  const reps = quick ? 4 : 8;
  for (let i = 0; i < reps; i++) {
    for (const stats of i % 2 ? [true, false] : [false, true]) (stats ? on : off).push(await run(stats));
  }
  await tf.setBackend('cpu');
  const ratio = round(median(on.map((x, i) => x / (off[i] as number))));
  const share = round(samples.reduce((a, s) => a + s.costMs, 0) / trainedMs, 3);
  const costMs = round(median(samples.map((s) => s.costMs)), 1);
  log(
    `stats_overhead (Node wasm, classic CNN, batch 64): ${round(median(on), 1)} vs ${round(median(off), 1)} samples/s with/without (median pair ratio ${ratio}); statistics took ${round(share * 100, 1)}% of the time: ${samples.length} samples of ${costMs} ms (median) in ${reps} runs`,
  );
  return {
    stats_overhead: ratio,
    stats_share: share,
    stats_overhead_run: {
      backend: 'wasm (Node)',
      sps_on: on.map((x) => round(x, 1)),
      sps_off: off.map((x) => round(x, 1)),
      samples_per_run: round(samples.length / reps, 1),
      sample_cost_ms: costMs,
    },
  };
}
