import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocBuilder } from '../compile';
import type { ClassificationSet } from './data/types';
import type { LayerStatsEvent, TrainEvent } from './events';
import { layerHealth } from './health';
import { histogram, nextDue } from './layerStats';
import { mlp, separable, settings } from './testing';
import { createTrainer, type TrainerOptions } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

const noYield = async () => {};
/** A sample at every batch: no spacing, no budget. */
const EVERY_BATCH = { everyMs: 0, budget: 1 };

/** `count` samples, every one with the features `row`. */
function constant(row: number[], count = 32): ClassificationSet {
  const x = Float32Array.from({ length: count * row.length }, (_, i) => row[i % row.length] as number);
  const labels = Int32Array.from({ length: count }, (_, i) => i % 2);
  return { name: 'constant', task: 'classification', count, inputShape: [row.length], x, classes: ['a', 'b'], labels };
}

async function train(over: Partial<TrainerOptions>) {
  const events: TrainEvent[] = [];
  const made = createTrainer(tf, {
    doc: mlp(),
    dataset: separable(64),
    settings: settings({ epochs: 2, batchSize: 16 }),
    yieldToEventLoop: noYield,
    onEvent: (e) => events.push(e),
    ...over,
  });
  if (!made.ok) throw new Error(made.check.problems.map((p) => p.message).join('; '));
  const result = await made.trainer.run();
  const stats = events.filter((e): e is LayerStatsEvent => e.type === 'layerStats');
  return { trainer: made.trainer, result, events, stats };
}

const layer = (e: LayerStatsEvent | undefined, path: string) => e?.layers.find((l) => l.path === path);

describe('live layer statistics', () => {
  it('a ReLU fed only negative values: 100% zeros, every unit dead, and the node flagged red', async () => {
    const b = new DocBuilder('dead');
    const x = b.layer('input', 'input', { shape: [4] });
    const r = b.layer('relu', 'relu', {}, [x]);
    b.layer('dense', 'head', { units: 2, activation: 'softmax' }, [r]);
    const { stats, trainer } = await train({
      doc: b.build(),
      dataset: constant([-1, -2, -3, -0.5]),
      stats: EVERY_BATCH,
    });
    const relu = layer(stats[0], 'relu');
    expect(relu).toMatchObject({ zeros: 1, deadUnits: 1, mean: 0, std: 0 });
    expect(relu?.gradNorm).toBeUndefined(); // no weights
    const health = layerHealth(relu!);
    expect(health.level).toBe('bad');
    expect(health.reasons[0]).toMatch(/Dead units: 100%/);
    // Nothing reaches the kernel of the head (its inputs are 0), but its bias still learns.
    expect(layer(stats[0], 'head')?.gradNorm).toBeGreaterThan(0);
    trainer.dispose();
  });

  it('mean and std of a layer with known outputs: 2·x + 1 on the features 1, 2, 3, 4', async () => {
    const b = new DocBuilder('known');
    const x = b.layer('input', 'input', { shape: [4] });
    const s = b.layer('rescaling', 'scale', { scale: 2, offset: 1 }, [x]);
    b.layer('dense', 'head', { units: 2, activation: 'softmax' }, [s]);
    const { stats, trainer } = await train({ doc: b.build(), dataset: constant([1, 2, 3, 4]), stats: EVERY_BATCH });
    const scaled = layer(stats[0], 'scale');
    expect(scaled?.mean).toBeCloseTo(6, 5); // 3, 5, 7, 9
    expect(scaled?.std).toBeCloseTo(Math.sqrt(5), 5);
    expect(scaled?.zeros).toBe(0);
    expect(scaled?.histogram.min).toBe(3);
    expect(scaled?.histogram.max).toBe(9);
    // Every value of the probe batch (the validation samples) lands in a bin.
    expect(scaled?.histogram.counts.reduce((a, c) => a + c, 0)).toBe(stats[0]!.probe * 4);
    trainer.dispose();
  });

  it('gradient norms and update ratios on layers with weights, tanh saturation measured, tensors released', async () => {
    const before = tf.memory().numTensors;
    const { stats, trainer, events } = await train({ stats: EVERY_BATCH });
    const batches = events.filter((e) => e.type === 'batch').length;
    expect(stats).toHaveLength(batches);
    expect(stats[0]!.layers.map((l) => l.path)).toEqual(['hidden', 'head']);
    expect(stats[0]!.probe).toBe(13); // the validation samples (fewer than 16)
    const hidden = layer(stats[1], 'hidden')!;
    expect(hidden.gradNorm).toBeGreaterThan(0);
    expect(hidden.weightNorm).toBeGreaterThan(0);
    expect(hidden.saturated).toBeGreaterThanOrEqual(0); // a tanh layer
    expect(layer(stats[0], 'hidden')?.updateRatio).toBeUndefined(); // nothing to compare with yet
    // SGD 0.01 on a small net: about 1e-3 of the weights per step, as a healthy run should be.
    expect(hidden.updateRatio).toBeGreaterThan(1e-5);
    expect(hidden.updateRatio).toBeLessThan(1e-1);
    expect(layer(stats[1], 'head')?.saturated).toBeUndefined(); // softmax is not judged
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('off (the default): no statistics events, and statistics on train the very same weights', async () => {
    const off = await train({});
    expect(off.stats).toHaveLength(0);
    const on = await train({ stats: EVERY_BATCH });
    expect(on.stats.length).toBeGreaterThan(0);
    const [a, b] = [await off.trainer.getWeights(), await on.trainer.getWeights()];
    expect(b).toEqual(a);
    off.trainer.dispose();
    on.trainer.dispose();
  });

  it('spaces samples by time, and by the cost of the last one within the budget', () => {
    expect(nextDue(1000, 2, 400, 0.05)).toBe(1400); // cheap: every 400 ms
    expect(nextDue(1000, 100, 400, 0.05)).toBe(1000 + 1900); // 100 ms each: at most 5% of the time
  });

  it('histograms the finite values in equal bins', () => {
    const h = histogram([0, 1, 2, 3, Number.NaN, 12]);
    expect(h.min).toBe(0);
    expect(h.max).toBe(12);
    expect(h.counts.reduce((a, c) => a + c, 0)).toBe(5);
    expect(h.counts.slice(0, 4)).toEqual([1, 1, 1, 1]); // bins 1 wide
    expect(h.counts.at(-1)).toBe(1);
  });
});
