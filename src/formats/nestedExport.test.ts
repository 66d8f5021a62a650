/**
 * Nested models export as nested models (nestedExport.ts): a tiny model built by tfjs itself (a
 * Sequential called twice inside a Functional, and a Functional inside it) is saved by tfjs,
 * imported as blocks, and exported to tfjs and Keras JSON: the same nesting and classes at each
 * level and the same calls as tfjs wrote, weights under tfjs' own names (tfjs' `loadLayersModel`
 * loads them), the same predictions, and read back to the same blocks and instances.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, parseDocument, serializeDocument } from '../compile';
import { exportModel } from './exportModel';
import { predictionDifference, randomBatch } from './fidelity';
import { readHdf5 } from './hdf5';
import { importModelText } from './importModel';
import { importKerasFile } from './kerasFiles';
import { nestedSiamese, randomizeWeights } from './tfjsFixtures.testkit';
import { applyWeights, byPath, weightSetOfNamed } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

type Layer = {
  class_name: string;
  name?: string;
  config: { name?: string; layers?: Layer[] };
  inbound_nodes?: unknown[];
};
/**
 * Each level's classes and inbound call counts, nested models looked into (their InputLayers left
 * out: Keras 2 lists a Sequential's, tfjs does not).
 */
function shape(layers: Layer[], nested = false): unknown[] {
  return layers
    .filter((l) => !nested || l.class_name !== 'InputLayer')
    .map((l) => [
      l.class_name,
      l.config.name,
      l.inbound_nodes?.length ?? '-',
      ...(Array.isArray(l.config.layers) ? [shape(l.config.layers, true)] : []),
    ]);
}

async function artifacts(m: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await m.save(
    tf.io.withSaveHandler(async (x) => {
      saved = x;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved as tf.io.ModelArtifacts;
}

describe('a tfjs-built nested model (Sequential ⊃ Functional, called twice)', () => {
  it('exports to tfjs nested as tfjs wrote it, loads with its weights and predicts the same', async () => {
    const m = nestedSiamese(tf);
    const a = await artifacts(m);
    const text = JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [] });
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.blocks.map((b) => [b.id, b.nested])).toEqual([
      ['head', { className: 'Model', name: 'head' }],
      ['base', { className: 'Sequential', name: 'base' }],
    ]);
    // The origin survives saving and loading the document.
    const again = parseDocument(serializeDocument(r.doc));
    expect(again.ok && again.doc.blocks.map((b) => b.nested?.className)).toEqual(['Model', 'Sequential']);

    const named = Object.fromEntries(m.weights.map((w) => [w.originalName, w.read()]));
    const weights = { imported: byPath(r.doc, weightSetOfNamed(named)) };
    const out = await exportModel(tf, r.doc, 'tfjs', { weights });
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.differences).toEqual([]);
    expect(out.fidelity?.pass).toBe(true);
    const json = JSON.parse(out.files[0]?.data as string);
    const orig = a.modelTopology as { config: { layers: Layer[] } };
    expect(shape(json.modelTopology.config.layers)).toEqual(shape(orig.config.layers));
    expect(json.weightsManifest[0].weights.map((w: { name: string }) => w.name).sort()).toEqual(
      (a.weightSpecs ?? []).map((w) => w.name).sort(),
    );
    // tfjs itself loads the export and predicts as the original.
    const bin = out.files[1]?.data as Uint8Array;
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    );
    const batch = randomBatch(tf, m, 2);
    expect(predictionDifference(tf, m, loaded, batch)).toBeLessThanOrEqual(1e-6);
    expect(loaded.countParams()).toBe(m.countParams());
    // Read back: the same blocks and instances.
    const back = importModelText(out.files[0]?.data as string);
    if (!back.ok) throw new Error(back.error);
    expect(back.doc.blocks.map((b) => [b.id, b.nested])).toEqual(r.doc.blocks.map((b) => [b.id, b.nested]));
    const inst = (d: typeof r.doc) => d.nodes.map((n) => [n.type, n.block, n.shares]);
    expect(inst(back.doc)).toEqual(inst(r.doc));
    expect(analyze(back.doc).totals).toEqual(analyze(r.doc).totals);
    tf.dispose(batch);
    loaded.dispose();
  });

  it('exports to Keras JSON nested, read by tfjs with the same counts', async () => {
    const m = nestedSiamese(tf);
    const a = await artifacts(m);
    const r = importModelText(JSON.stringify(a.modelTopology));
    if (!r.ok) throw new Error(r.error);
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.differences).toEqual([]);
    const json = JSON.parse(out.files[0]?.data as string);
    expect(json.class_name).toBe('Functional');
    expect(shape(json.config.layers)).toEqual(
      shape((a.modelTopology as { config: { layers: Layer[] } }).config.layers),
    );
    const base = json.config.layers.find((l: Layer) => l.name === 'base');
    expect(base.class_name).toBe('Sequential');
    expect(base.config.layers[0]).toMatchObject({ class_name: 'InputLayer', config: { batch_input_shape: [null, 4] } });
    const loaded = await tf.models.modelFromJSON({ modelTopology: json });
    expect(loaded.countParams()).toBe(m.countParams());
    expect(loaded.trainableWeights.length).toBe(m.trainableWeights.length);
    loaded.dispose();
  });
});

describe('the tiny nested model through every format with weights', () => {
  it('tfjs, Keras JSON, .h5 and .keras each pass their read-back check with the same predictions', async () => {
    const m = nestedSiamese(tf);
    const a = await artifacts(m);
    const r = importModelText(JSON.stringify(a.modelTopology));
    if (!r.ok) throw new Error(r.error);
    const named = Object.fromEntries(m.weights.map((w) => [w.originalName, w.read()]));
    const weights = { imported: byPath(r.doc, weightSetOfNamed(named)) };
    for (const format of ['tfjs', 'keras-json', 'h5', 'keras']) {
      const out = await exportModel(tf, r.doc, format, { weights });
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.differences, format).toEqual([]);
      expect(out.fidelity?.checked, format).toMatch(/predictions/);
      expect(out.fidelity?.maxDifference ?? 1, format).toBeLessThanOrEqual(1e-6);
    }
    // The .keras archive keeps a nested model's variables under its own layers, as Keras 3 walks them.
    const keras = await exportModel(tf, r.doc, 'keras', { weights });
    if (!keras.ok) throw new Error(keras.error);
    const zip = unzipSync(keras.files[0]?.data as Uint8Array);
    const vars = await readHdf5(zip['model.weights.h5'] as Uint8Array);
    expect([...vars.datasets.keys()].sort()).toEqual([
      'layers/dense/vars/0',
      'layers/dense/vars/1',
      ...[0, 1, 2, 3].map((i) => `layers/sequential/layers/batch_normalization/vars/${i}`),
      'layers/sequential/layers/dense/vars/0',
      'layers/sequential/layers/dense/vars/1',
      'layers/sequential/layers/model/layers/dense/vars/0',
      'layers/sequential/layers/model/layers/dense/vars/1',
    ]);
    // The .h5 reads back to the same blocks, with the weights tfjs had.
    const h5 = await exportModel(tf, r.doc, 'h5', { weights });
    if (!h5.ok) throw new Error(h5.error);
    const back = await importKerasFile('h5', h5.files[0]?.data as Uint8Array, {
      loadTf: async () => tf,
      layout: 'layered',
    });
    if (!back.ok) throw new Error(back.error);
    expect(back.doc.blocks.map((b) => [b.id, b.nested])).toEqual(r.doc.blocks.map((b) => [b.id, b.nested]));
    const compiled = compileModel(tf, back.doc);
    applyWeights(tf, compiled.layers, { imported: back.weights ?? {} });
    const batch = randomBatch(tf, m, 2);
    expect(predictionDifference(tf, m, compiled.model, batch)).toBeLessThanOrEqual(1e-6);
    tf.dispose(batch);
    compiled.model.dispose();
  });
});

describe('a frozen nested Functional that gives the model its output', () => {
  it('exports with its trainable flags and the output taken from the nested call', async () => {
    const i = tf.input({ shape: [3], name: 'fi' });
    const d = tf.layers.dense({ units: 4, name: 'fd', trainable: false }).apply(i) as tf.SymbolicTensor;
    const inner = tf.model({ name: 'frozen_part', inputs: i, outputs: d });
    const x = tf.input({ shape: [3], name: 'x' });
    const y = tf.layers.dense({ units: 3, name: 'pre' }).apply(x) as tf.SymbolicTensor;
    const m = tf.model({ inputs: x, outputs: inner.apply(y) as tf.SymbolicTensor, name: 'top' });
    randomizeWeights(tf, m, 9);
    const a = await artifacts(m);
    const r = importModelText(JSON.stringify(a.modelTopology));
    if (!r.ok) throw new Error(r.error);
    const named = Object.fromEntries(m.weights.map((w) => [w.originalName, w.read()]));
    const weights = { imported: byPath(r.doc, weightSetOfNamed(named)) };
    for (const format of ['tfjs', 'keras-json']) {
      const out = await exportModel(tf, r.doc, format, { weights });
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.differences, format).toEqual([]);
      const json = JSON.parse(out.files[0]?.data as string);
      const topology = json.modelTopology ?? json;
      expect(topology.config.output_layers).toEqual([['frozen_part', 1, 0]]);
      const loaded = await tf.models.modelFromJSON({ modelTopology: topology });
      const count = (ws: tf.LayerVariable[]) =>
        ws.reduce((s, w) => s + w.shape.reduce((p: number, n) => p * (n ?? 1), 1), 0);
      expect([count(loaded.trainableWeights), count(loaded.nonTrainableWeights)], format).toEqual([
        count(m.trainableWeights),
        count(m.nonTrainableWeights),
      ]);
      expect(count(loaded.nonTrainableWeights)).toBe(16);
      loaded.dispose();
    }
  });
});
