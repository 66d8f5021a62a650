/**
 * A model whose Input fixes the batch size, with a stateful LSTM, through the real trainer (real
 * tfjs): it trains in batches of the model's size whatever the setting says, on whole batches only,
 * in data order, resetting the states at each epoch; validation and previews run in that batch size;
 * the training check says what changes and refuses what cannot train.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, DocBuilder, type SkipwireDoc } from '../compile';
import { checkData } from './check';
import type { ClassificationSet } from './data/types';
import type { TrainEvent } from './events';
import { settings } from './testing';
import { createTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

/** Input (5 steps × 1, batch `batchSize`) → LSTM(4, stateful) → Dense(2, softmax). */
function statefulDoc(batchSize: number | null = 8, stateful = true): SkipwireDoc {
  const b = new DocBuilder('stateful');
  const x = b.layer('input', 'input', { shape: [5, 1], batchSize });
  const h = b.layer('lstm', 'lstm', { units: 4, stateful }, [x]);
  b.layer('dense', 'head', { units: 2, activation: 'softmax' }, [h]);
  return b.build();
}

/** Sequences of 5 numbers: class 1 when their sum is positive. */
function sequences(count: number): ClassificationSet {
  let s = 7;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  };
  const x = Float32Array.from({ length: count * 5 }, rand);
  const labels = Int32Array.from({ length: count }, (_, i) =>
    x.slice(i * 5, i * 5 + 5).reduce((a, v) => a + v) > 0 ? 1 : 0,
  );
  return { name: 'sums', task: 'classification', count, inputShape: [5, 1], x, classes: ['neg', 'pos'], labels };
}

const of = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) =>
  events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);

describe('training a stateful model', () => {
  it('trains through the real trainer in whole batches of the Input’s size, resetting states each epoch', async () => {
    const events: TrainEvent[] = [];
    // 45 samples, 9 for validation: 36 to train, 4 whole batches of 8 (4 samples left out).
    const r = createTrainer(tf, {
      doc: statefulDoc(),
      dataset: sequences(45),
      settings: settings({ epochs: 2, batchSize: 16, validationSplit: 0.2, learningRate: 0.05 }),
      yieldToEventLoop: async () => {},
      onEvent: (e) => events.push(e),
    });
    if (!r.ok) throw new Error(r.check.problems.map((p) => p.message).join('; '));
    const t = r.trainer;
    expect(t.plan).toEqual({ size: 8, fixed: true, stateful: true });
    // In data order: validation is the last 9 samples.
    expect(t.valRows).toEqual([36, 37, 38, 39, 40, 41, 42, 43, 44]);
    const model = t.compiled.model;
    let resets = 0;
    const reset = model.resetStates.bind(model);
    model.resetStates = () => {
      resets++;
      reset();
    };
    const run = await t.run();
    expect(run.fault).toBeUndefined();
    expect(run.reason).toBe('completed');
    expect(events[0]).toMatchObject({ type: 'started', batchesPerEpoch: 4, samples: { train: 36, validation: 9 } });
    expect(of(events, 'batch')).toHaveLength(8);
    const epochs = of(events, 'epoch');
    expect(epochs).toHaveLength(2);
    for (const e of epochs) {
      expect(Number.isFinite(e.loss)).toBe(true);
      expect(Number.isFinite(e.val?.loss)).toBe(true);
    }
    // Once at each epoch's start and once before each validation.
    expect(resets).toBe(4);
    const preview = await t.preview();
    expect(preview.confusion?.matrix.flat().reduce((a, b) => a + b)).toBe(9);
    t.dispose();
  }, 60_000);

  it('needs the model’s batch size: fed batches of the setting’s size, tfjs refuses them', async () => {
    // The same model without the trainer's batch plan: tfjs itself checks the fixed batch size.
    const r = createTrainer(tf, {
      doc: statefulDoc(),
      dataset: sequences(45),
      settings: settings({ epochs: 1, batchSize: 16 }),
      yieldToEventLoop: async () => {},
    });
    if (!r.ok) throw new Error('not created');
    const x = tf.zeros([16, 5, 1]);
    expect(() => r.trainer.compiled.model.predict(x, { batchSize: 16 })).toThrow(/expected.*8|8.*16|shape/i);
    x.dispose();
    r.trainer.dispose();
  });

  it('the check says the model’s batch size wins, what is left out, and refuses a training set below one batch', () => {
    const analysis = analyze(statefulDoc());
    const check = checkData(analysis, sequences(45), settings({ batchSize: 16, validationSplit: 0.2 }));
    expect(check.ok).toBe(true);
    expect(check.problems.map((p) => p.message)).toEqual([
      "The model's Input fixes the batch size at 8 (its stateful layers need it): training uses batches of 8, not the Batch size setting of 16.",
      '36 training samples make 4 whole batches of 8: the last 4 samples are left out of each epoch (a fixed batch size takes whole batches only, as in Keras).',
      'Stateful layers: the samples are fed in data order, not shuffled (row i of each batch continues row i of the one before), and the states are reset at the start of each epoch.',
    ]);
    expect(check.problems[0]?.settingsFix?.settings).toEqual({ batchSize: 8 });

    const small = checkData(analyze(statefulDoc(64)), sequences(45), settings({ batchSize: 64, validationSplit: 0.2 }));
    expect(small.ok).toBe(false);
    expect(small.problems[0]).toMatchObject({
      severity: 'error',
      message:
        "The model's Input fixes the batch size at 64, but the training set has only 36 samples: training needs at least one whole batch. Lower the Input's Batch size, or use more data.",
      fix: { ops: [{ op: 'setParam', param: 'batchSize', value: 36 }] },
    });

    const noBatch = checkData(analyze(statefulDoc(null)), sequences(45), settings());
    expect(noBatch.ok).toBe(false);
    expect(analyze(statefulDoc(null)).diagnostics[0]?.message).toMatch(/stateful LSTM needs a fixed batch size/);
  });

  it('a fixed batch size without stateful layers still trains in whole batches, shuffled', async () => {
    const r = createTrainer(tf, {
      doc: statefulDoc(8, false),
      dataset: sequences(45),
      settings: settings({ epochs: 1, batchSize: 8, validationSplit: 0.2 }),
      yieldToEventLoop: async () => {},
    });
    if (!r.ok) throw new Error(r.check.problems.map((p) => p.message).join('; '));
    expect(r.trainer.plan).toEqual({ size: 8, fixed: true, stateful: false });
    expect(r.trainer.batchesPerEpoch).toBe(4);
    expect((await r.trainer.run()).reason).toBe('completed');
    r.trainer.dispose();
  }, 60_000);
});
