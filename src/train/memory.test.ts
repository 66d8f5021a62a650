/**
 * The training-memory estimate against the backend's real peak: one optimisation step as the
 * trainer runs it (`optimizer.minimize` over the model's trainable weights, categorical
 * crossentropy), measured with `tf.profile` (its `peakBytes` is every live tensor's bytes at the
 * fullest moment), on ApesNet-mini and the classic CNN. Within 25%.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, EXAMPLES } from '../compile';
import { lossFunction, makeOptimizer } from './losses';
import { batchAdvice, DEFAULT_BUDGET_BYTES, memoryBudget, OPTIMIZER_SLOTS } from './memory';
import type { OptimizerName } from './settings';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The peak bytes of the second training step (the first creates the optimizer's slots). */
async function realPeak(example: string, batchSize: number, optimizer: OptimizerName): Promise<number> {
  const doc = (EXAMPLES[example] as () => never)();
  const analysis = analyze(doc);
  const { model } = compileModel(tf, doc, analysis);
  const opt = makeOptimizer(tf, optimizer, 0.01);
  const loss = lossFunction(tf, 'categoricalCrossentropy');
  const input = analysis.layers[0]?.shape as number[];
  const output = analysis.layers.at(-1)?.shape as number[];
  const step = () =>
    tf.tidy(() => {
      const x = tf.randomUniform([batchSize, ...input]);
      const y = tf.oneHot(
        tf.randomUniform([batchSize, ...output.slice(0, -1)], 0, output.at(-1) as number, 'int32'),
        output.at(-1) as number,
      );
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      opt.minimize(() => loss(y, model.apply(x, { training: true }) as tf.Tensor), false, vars);
    });
  try {
    step();
    return (await tf.profile(step)).peakBytes;
  } finally {
    model.dispose();
    opt.dispose();
  }
}

describe('training memory estimate', () => {
  it.each([
    ['classic-cnn', 64, 'sgd'],
    ['classic-cnn', 16, 'adam'],
    ['apesnet-mini', 2, 'adam'],
  ] as const)(
    '%s, batch %i, %s: within 25%% of the real peak',
    async (example, batchSize, optimizer) => {
      const before = tf.memory().numTensors;
      const peak = await realPeak(example, batchSize, optimizer);
      const a = batchAdvice(analyze((EXAMPLES[example] as () => never)()), { batchSize, optimizer }, memoryBudget());
      const ratio = a.estimate.total / peak;
      expect(ratio, `estimate ${a.estimate.total} vs peak ${peak}`).toBeGreaterThan(0.75);
      expect(ratio, `estimate ${a.estimate.total} vs peak ${peak}`).toBeLessThan(1.25);
      expect(tf.memory().numTensors).toBe(before);
    },
    120_000,
  );

  it('optimizer slots are what tfjs keeps: Adam 2, RMSprop 2, momentum 1, SGD 0 copies of the weights', () => {
    const doc = (EXAMPLES['classic-cnn'] as () => never)();
    const analysis = analyze(doc);
    for (const name of Object.keys(OPTIMIZER_SLOTS) as OptimizerName[]) {
      const { model } = compileModel(tf, doc, analysis);
      const opt = makeOptimizer(tf, name, 0.01);
      const weights = tf.memory().numBytes;
      tf.tidy(() => {
        const x = tf.randomUniform([2, 28, 28, 1]);
        opt.minimize(() => tf.sum(model.apply(x) as tf.Tensor) as tf.Scalar, false);
      });
      const own = model.countParams() * 4;
      expect((tf.memory().numBytes - weights) / own, name).toBe(OPTIMIZER_SLOTS[name]);
      model.dispose();
      opt.dispose();
    }
  });

  it('ApesNet at batch 64 does not fit the default budget; the advice is the largest batch that does', () => {
    const a = batchAdvice(
      analyze((EXAMPLES.apesnet as () => never)()),
      { batchSize: 64, optimizer: 'adam' },
      memoryBudget(),
    );
    expect(a.budget.bytes).toBe(DEFAULT_BUDGET_BYTES);
    expect(a.fits).toBe(false);
    expect(a.largest).toBeGreaterThanOrEqual(1);
    expect(a.largest).toBeLessThan(64);
    const at = (batchSize: number) =>
      batchAdvice(analyze((EXAMPLES.apesnet as () => never)()), { batchSize, optimizer: 'adam' }, memoryBudget());
    expect(at(a.largest).fits).toBe(true);
    expect(at(a.largest + 1).fits).toBe(false);
    expect(memoryBudget(2)).toEqual({ bytes: 1024 ** 3, source: 'half of the 2 GB this device reports' });
  });
});
