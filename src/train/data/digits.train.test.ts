/** The classic-cnn example learns the digits for real (tfjs cpu backend, a few seconds). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../../compile';
import { EXAMPLES } from '../../compile';
import type { EpochEvent } from '../events';
import { readTrainingSettings } from '../settings';
import { createTrainer } from '../trainer';
import { makeBuiltin } from './builtin';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

const classicCnn = () => (EXAMPLES['classic-cnn'] as () => SkipwireDoc)();

describe('classic-cnn on digits', () => {
  it('the example says to train on digits with SGD, batch 64, learning rate 0.01', () => {
    const { settings, issues } = readTrainingSettings(classicCnn());
    expect(issues).toEqual([]);
    expect(settings).toMatchObject({
      dataset: { name: 'digits' },
      optimizer: 'sgd',
      learningRate: 0.01,
      batchSize: 64,
    });
  });

  it('learns: accuracy well over chance (10%) after 3 short epochs', { timeout: 60_000 }, async () => {
    const doc = classicCnn();
    const { settings } = readTrainingSettings(doc);
    // The example's own input: 28×28×1, the set's default size.
    const dataset = makeBuiltin({ name: 'digits', samples: 96 }, [28, 28, 1]);
    expect(dataset.inputShape).toEqual([28, 28, 1]);
    const epochs: EpochEvent[] = [];
    const created = createTrainer(tf, {
      doc,
      dataset,
      // Few samples, so Adam with a larger step than the example's SGD to learn in 3 epochs.
      settings: {
        ...settings,
        optimizer: 'adam',
        learningRate: 0.005,
        batchSize: 8,
        epochs: 3,
        validationSplit: 0.25,
      },
      yieldToEventLoop: async () => {},
      onEvent: (e) => {
        if (e.type === 'epoch') epochs.push(e);
      },
    });
    if (!created.ok) throw new Error(created.check.problems.map((p) => p.message).join('; '));
    const result = await created.trainer.run();
    created.trainer.dispose();
    expect(result.reason).toBe('completed');
    const [first, last] = [epochs[0]!, epochs.at(-1)!];
    // 72 training and 24 validation samples; about 0.82 and 0.54 when written.
    expect(last.metrics.acc).toBeGreaterThan(0.6);
    expect(last.val?.metrics.acc).toBeGreaterThan(0.3);
    expect(last.loss).toBeLessThan(first.loss * 0.6);
    expect(last.val!.loss).toBeLessThan(Math.log(10) * 0.8);
  });
});
