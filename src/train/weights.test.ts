import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdit, compileModel, DocBuilder } from '../compile';
import { separable, settings } from './testing';
import { createTrainer } from './trainer';
import { applyWeights, getWeights } from './weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

/** input(2) → a(8) → block instance "blk" (Dense 8 inside) → b(8) → head(2, softmax). */
function model() {
  const d = new DocBuilder('kept');
  d.block('pair', 'Pair', (bb) => [bb.layer('dense', 'inner', { units: 8, activation: 'relu' }, [bb.input()])]);
  const x = d.layer('input', 'input', { shape: [2] });
  const a = d.layer('dense', 'a', { units: 8, activation: 'tanh' }, [x]);
  const blk = d.instance('pair', 'blk', [a]);
  const b = d.layer('dense', 'b', { units: 8, activation: 'tanh' }, [blk]);
  d.layer('dense', 'head', { units: 2, activation: 'softmax' }, [b]);
  return d.build();
}

describe('weights kept across edits', () => {
  it('keeps the trained weights of every unchanged layer (same path, same shapes) after an edit', async () => {
    const doc = model();
    const first = createTrainer(tf, {
      doc,
      dataset: separable(),
      settings: settings({ epochs: 2 }),
      yieldToEventLoop: async () => {},
    });
    if (!first.ok) throw new Error('setup');
    await first.trainer.run();
    const trained = await first.trainer.getWeights();
    first.trainer.dispose();
    expect(Object.keys(trained)).toEqual(['a', 'blk/inner', 'b', 'head']);

    // The edit: layer b gets 5 units, so b's kernel and bias and head's kernel change shape.
    const edited = applyEdit(doc, { op: 'setParam', node: 'b', param: 'units', value: 5 });
    expect(edited.error).toBeUndefined();
    const second = createTrainer(tf, { doc: edited.doc, dataset: separable(), settings: settings(), weights: trained });
    if (!second.ok) throw new Error('setup');
    expect(second.trainer.weightsApplied).toEqual({ kept: ['a', 'blk/inner'], fresh: ['b', 'head'] });
    const now = await second.trainer.getWeights();
    expect(now.a).toEqual(trained.a);
    expect(now['blk/inner']).toEqual(trained['blk/inner']);
    expect(now.head?.[0]?.shape).toEqual([5, 2]);
    second.trainer.dispose();
  });

  it('getWeights copies out every layer with weights and leaves no tensor behind', async () => {
    const c = compileModel(tf, model());
    const n = tf.memory().numTensors;
    const w = await getWeights(c.layers);
    expect(tf.memory().numTensors).toBe(n);
    expect(w.a?.map((x) => x.shape)).toEqual([[2, 8], [8]]);
    expect(w.input).toBeUndefined();
    // Applying them to a second build of the same document reproduces its predictions.
    const other = compileModel(tf, model());
    expect(applyWeights(tf, other.layers, w)).toEqual({ kept: ['a', 'blk/inner', 'b', 'head'], fresh: [] });
    expect(tf.memory().numTensors).toBe(2 * n);
    const x = tf.tensor2d([[0.3, -0.7]]);
    const diff = tf.tidy(
      () => tf.max(tf.abs(tf.sub(c.model.predict(x) as tf.Tensor, other.model.predict(x) as tf.Tensor))).dataSync()[0],
    );
    expect(diff).toBe(0);
    x.dispose();
    c.model.dispose();
    other.model.dispose();
  });

  it('does not apply weights whose count or shapes differ', () => {
    const c = compileModel(tf, model());
    const r = applyWeights(tf, c.layers, {
      a: [{ shape: [2, 8], values: new Float32Array(16) }],
      b: [
        { shape: [8, 3], values: new Float32Array(24) },
        { shape: [3], values: new Float32Array(3) },
      ],
    });
    expect(r).toEqual({ kept: [], fresh: ['a', 'blk/inner', 'b', 'head'] });
    c.model.dispose();
  });
});
