/**
 * Inputs with unknown (`None`) axes: the Input takes `?` dims, shapes show `?` where unknown,
 * parameter counts stay exact (against tfjs), a layer that needs the size says so at its node,
 * files with `None` axes import and export back with them, and training takes the length from
 * the data.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, DocBuilder } from '../compile';
import { checkParam, formatShape } from '../nodes';
import { conv2d } from '../nodes/layers/conv2d';
import { dense } from '../nodes/layers/dense';
import { embedding } from '../nodes/layers/embedding';
import { flatten } from '../nodes/layers/flatten';
import { globalAveragePooling2d } from '../nodes/layers/globalAveragePooling2d';
import { input } from '../nodes/layers/input';
import { lstm } from '../nodes/layers/lstm';
import { infer, oracleCheck } from '../nodes/oracle.testkit';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { importModelText } from './importModel';
import { exportPython } from './python';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('unknown dimensions in shapes and counts (tfjs is the oracle)', () => {
  it('the Input takes ? axes, and shows them as ?', () => {
    expect(checkParam(input.params.shape, [null, 8])).toBeNull();
    expect(checkParam(input.params.shape, [null, null, 3])).toBeNull();
    expect(checkParam(input.params.shape, [0, 8])).toMatch(/or \? for a size the data gives/);
    expect(input.describe?.({ shape: [null, 8] as never, batchSize: null })).toBe('?×8');
    expect(formatShape([null, null, 3])).toBe('?×?×3');
  });

  it.each([
    [embedding, [[null]], { inputDim: 50, outputDim: 8 }],
    [lstm, [[null, 8]], { units: 4, returnSequences: true }],
    [lstm, [[null, 8]], { units: 4 }],
    [conv2d, [[null, null, 3]], { filters: 5, kernelSize: [3, 3] }],
    [globalAveragePooling2d, [[null, null, 5]], {}],
    [dense, [[null, 6]], { units: 3 }],
  ] as const)('%#: exact counts and ? shapes as tfjs', (def, inputs, params) => {
    oracleCheck(def as never, inputs as never, params);
  });

  it('a layer that needs the size says so at its node', () => {
    expect(infer(flatten, [[null, 4]])).toMatch(/Flatten/);
    expect(infer(dense, [[4, null]])).toMatch(/Dense needs a known last dimension .* 4×\?/);
  });
});

/** A Keras 2 text model: `batch_input_shape: [null, null]` → Embedding → LSTM → Dense. */
const textModel = JSON.stringify({
  class_name: 'Sequential',
  config: {
    name: 'variable_length',
    layers: [
      { class_name: 'InputLayer', config: { name: 'tokens', batch_input_shape: [null, null], dtype: 'float32' } },
      { class_name: 'Embedding', config: { name: 'embed', input_dim: 100, output_dim: 8 } },
      // Keras' recurrent activation written out: tfjs would default to hard_sigmoid.
      { class_name: 'LSTM', config: { name: 'lstm', units: 6, recurrent_activation: 'sigmoid' } },
      { class_name: 'Dense', config: { name: 'out', units: 2, activation: 'softmax' } },
    ],
  },
  keras_version: '2.15.0',
  backend: 'tensorflow',
});

describe('files with None axes', () => {
  it('import, compile, predict at any length, and export back with the None axes', async () => {
    const r = importModelText(textModel);
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    const shapes = new Map(a.layers.map((l) => [l.name, l.shape]));
    expect(shapes.get('tokens')).toEqual([null]);
    expect(shapes.get('embed')).toEqual([null, 8]);
    expect(shapes.get('lstm')).toEqual([6]);
    const reference = await tf.models.modelFromJSON({ modelTopology: JSON.parse(textModel) });
    expect(a.totals.trainable).toBe(reference.countParams());
    const compiled = compileModel(tf, r.doc);
    compiled.model.setWeights(reference.getWeights());
    expect(compareModels(tf, reference, compiled.model).differences).toEqual([]);
    for (const length of [3, 11]) {
      const y = compiled.model.predict(tf.zeros([2, length])) as tf.Tensor;
      expect(y.shape).toEqual([2, 2]);
      y.dispose();
    }
    compiled.model.dispose();
    reference.dispose();

    for (const format of ['tfjs', 'keras-json']) {
      const out = await exportModel(tf, r.doc, format);
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const text = out.files[0]?.data as string;
      expect(text.replace(/\s/g, '')).toContain('"batch_input_shape":[null,null]');
      const back = importModelText(text);
      if (!back.ok) throw new Error(back.error);
      expect(back.doc.nodes[0]?.params.shape).toEqual([null]);
    }
    expect(exportPython(r.doc)).toContain('keras.Input(shape=(None,), name="tokens")');
  });

  it('a fully convolutional net on images of any size: counts, and it trains at two sizes', async () => {
    const b = new DocBuilder('fcn');
    const x = b.layer('input', 'image', { shape: [null, null, 3] });
    const c = b.layer('conv2d', 'conv', { filters: 4, kernelSize: [3, 3], padding: 'same' }, [x]);
    b.layer('conv2d', 'logits', { filters: 2, kernelSize: [1, 1], activation: 'softmax' }, [c]);
    const a = analyze(b.build());
    expect(a.ok).toBe(true);
    expect(a.layers.at(-1)?.shape).toEqual([null, null, 2]);
    expect(a.totals.trainable).toBe(3 * 3 * 3 * 4 + 4 + 4 * 2 + 2);
    const { model } = compileModel(tf, b.build());
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    for (const side of [6, 9]) {
      const xs = tf.randomNormal([2, side, side, 3]);
      const ys = tf.oneHot(tf.zeros([2, side, side], 'int32'), 2);
      const h = await model.fit(xs, ys, { epochs: 1, verbose: 0 });
      expect(Number.isFinite(h.history.loss?.[0] as number)).toBe(true);
      tf.dispose([xs, ys]);
    }
    model.dispose();
  });
});
