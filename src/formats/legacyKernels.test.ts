/**
 * Legacy `.h5` kernels: a Keras 1.2.2 file of the real Theano-era MNIST CNN config
 * (test/fixtures/real/dl4j-mnist-cnn-th.keras1.json) holding "th" kernels (filters, stack, rows,
 * cols), flipped when saved by Theano, imports with the weights tfjs needs: the compiled import
 * predicts as a reference model holding the Keras 2 layout weights. The file is laid out as Keras 1
 * saved weights (`model_weights/<layer>/<layer>_W`), its kernels made from the reference's with
 * tfjs' own transpose and reverse, independent of the converter under test.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel } from '../compile';
import { compareModels } from './fidelity';
import { writeHdf5 } from './hdf5';
import { importModelText } from './importModel';
import { flipSpatial, legacyKernels, transpose } from './legacyKernels';
import { importFile } from './registry';
import { applyWeights } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const CONFIG = readFileSync('test/fixtures/real/dl4j-mnist-cnn-th.keras1.json', 'utf8');

/** The Keras 1 file of `reference`'s weights, as Keras 1.2.2 on `backend` saved a "th" model. */
async function keras1File(reference: tf.LayersModel, backend: 'theano' | 'tensorflow'): Promise<Uint8Array> {
  const groups: { path: string; attrs?: Record<string, string | string[]> }[] = [
    { path: '', attrs: { keras_version: '1.2.2', backend, model_config: CONFIG } },
    { path: 'model_weights', attrs: { layer_names: reference.layers.map((l) => l.name) } },
  ];
  const datasets: { path: string; shape: number[]; values: Float32Array }[] = [];
  for (const l of reference.layers) {
    const ws = l.getWeights();
    const names = ws.map((_, i) => `${l.name}_${i === 0 ? 'W' : 'b'}`);
    groups.push({ path: `model_weights/${l.name}`, attrs: { weight_names: names } });
    ws.forEach((w, i) => {
      let saved = w;
      if (i === 0 && l.getClassName() === 'Conv2D') {
        // Theano kept true convolution kernels (flipped rows and columns); Keras 1 "th" stored (filters, stack, rows, cols).
        if (backend === 'theano') saved = tf.reverse(saved, [0, 1]);
        saved = tf.transpose(saved, [3, 2, 0, 1]);
      }
      datasets.push({
        path: `model_weights/${l.name}/${names[i]}`,
        shape: [...saved.shape],
        values: Float32Array.from(saved.dataSync()),
      });
    });
  }
  return writeHdf5({ groups, datasets });
}

describe('Keras 1 and Theano kernels in legacy .h5 files', () => {
  it.each(['theano', 'tensorflow'] as const)(
    'Keras 1.2.2 "th" MNIST CNN saved on %s: the import predicts as the model it was saved from',
    async (backend) => {
      const imported = importModelText(CONFIG);
      if (!imported.ok) throw new Error(imported.error);
      const reference = compileModel(tf, imported.doc).model;
      reference.setWeights(reference.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.2, 'float32', 5 + i)));
      const bytes = await keras1File(reference, backend);
      const r = await importFile(
        { name: 'mnist_cnn_th.h5', bytes, sibling: async () => undefined },
        { loadTf: async () => tf, layout: 'layered' },
      );
      if (!r.ok) throw new Error(r.error);
      expect(r.warnings).toEqual([]);
      const compiled = compileModel(tf, r.doc);
      expect(applyWeights(tf, compiled.layers, { imported: r.weights ?? {} }).fresh).toEqual([]);
      expect(compareModels(tf, reference, compiled.model, { weights: true }).differences).toEqual([]);
      compiled.model.dispose();
      reference.dispose();
    },
    60_000,
  );

  it('square kernels too, where the layout cannot be told from the shape', () => {
    const values = Float32Array.from({ length: 16 }, (_, i) => i);
    const model = {
      keras_version: '1.2.2',
      backend: 'theano',
      config: [{ class_name: 'Convolution2D', config: { name: 'c', dim_ordering: 'th', nb_filter: 2 } }],
    };
    const [k] = legacyKernels(model, { c: [{ shape: [2, 2, 2, 2], values }] }).c ?? [];
    const want = tf.transpose(tf.reverse(tf.tensor(values, [2, 2, 2, 2]), [2, 3]), [2, 3, 1, 0]);
    expect(k?.shape).toEqual([2, 2, 2, 2]);
    expect(Array.from(k?.values ?? [])).toEqual(Array.from(want.dataSync()));
  });

  it('leaves Keras 2 files saved by TensorFlow as they are; transposes and flips like tfjs', () => {
    const weights = { c: [{ shape: [3, 3, 1, 2], values: new Float32Array(18) }] };
    const model = {
      keras_version: '2.2.4',
      backend: 'tensorflow',
      config: [{ class_name: 'Conv2D', config: { name: 'c' } }],
    };
    expect(legacyKernels(model, weights)).toBe(weights);
    const w = { shape: [2, 3, 4], values: Float32Array.from({ length: 24 }, (_, i) => i) };
    expect(Array.from(transpose(w, [2, 0, 1]).values)).toEqual(
      Array.from(tf.transpose(tf.tensor(w.values, w.shape), [2, 0, 1]).dataSync()),
    );
    expect(Array.from(flipSpatial(w, 2).values)).toEqual(
      Array.from(tf.reverse(tf.tensor(w.values, w.shape), [0, 1]).dataSync()),
    );
  });
});
