/**
 * Channels-first models (Keras `data_format: "channels_first"`, Keras 1 `dim_ordering: "th"`) end to
 * end with real tfjs: a model built by tfjs imports from its model.json with its weights, predicts
 * as tfjs, and every export (tfjs, Keras JSON, .keras, .h5, Python) writes the layout back; real
 * Theano-era files from Deeplearning4j's Keras import tests import with tfjs' own counts.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type DocNode } from '../compile';
import { type AnyLayerDef, getLayer, resolveParams } from '../nodes';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { importPythonText } from './pythonIn';
import { importSaved, loadTfjsExport, readBackKerasFile } from './savedModel.testkit';
import { randomizeWeights } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const full = (n: DocNode) => [n.name, resolveParams((getLayer(n.type) as AnyLayerDef).params, n.params).values];
type LayerJson = { class_name: string; config: Record<string, unknown> };
const layersOf = (topology: Record<string, unknown>): LayerJson[] => {
  const c = topology.config as { layers?: LayerJson[] } | LayerJson[];
  return Array.isArray(c) ? c : (c.layers ?? []);
};
/** `[class, data_format]` of each layer that has one. */
const formatsOf = (topology: Record<string, unknown>) =>
  layersOf(topology)
    .filter((l) => l.config.data_format !== undefined)
    .map((l) => [l.class_name, l.config.data_format]);

/** (channels 3, height 10, width 9) → conv → batch norm on the channels axis → pool → flatten → dense, all channels-first. */
function channelsFirstByTfjs(): tf.LayersModel {
  const x = tf.input({ shape: [3, 10, 9], name: 'image' });
  const cf = 'channelsFirst' as const;
  let h = tf.layers
    .conv2d({ filters: 4, kernelSize: 3, activation: 'relu', dataFormat: cf, name: 'conv' })
    .apply(x) as tf.SymbolicTensor;
  h = tf.layers.batchNormalization({ axis: 1, name: 'bn' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2, dataFormat: cf, name: 'pool' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ dataFormat: cf, name: 'flat' }).apply(h) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y, name: 'cf' });
}

describe('a channels-first model built by tfjs', () => {
  it('imports from its model.json with its weights, predicts as tfjs and every export writes the layout back', async () => {
    const original = channelsFirstByTfjs();
    randomizeWeights(tf, original, 3);
    const imported = await importSaved(tf, original);
    const { weights, saved } = imported;
    expect(imported.warnings).toEqual([]);
    expect(imported.doc.nodes.map((n) => [n.name, n.params.dataFormat ?? null])).toEqual([
      ['image', null],
      ['conv', 'channels_first'],
      ['bn', null],
      ['pool', 'channels_first'],
      ['flat', 'channels_first'],
      ['out', null],
    ]);
    const analysis = analyze(imported.doc);
    expect(analysis.ok, analysis.diagnostics.map((d) => d.message).join('; ')).toBe(true);
    expect(analysis.totals).toEqual({ trainable: 4 * 3 * 9 + 4 + 8 + 4 * 4 * 3 * 3 + 3, nonTrainable: 8 });
    expect(analysis.totals.trainable + analysis.totals.nonTrainable).toBe(original.countParams());

    const originalTopology = JSON.parse(saved.modelJson).modelTopology as Record<string, unknown>;
    for (const format of ['tfjs', 'keras-json', 'keras', 'h5']) {
      const out = await exportModel(tf, imported.doc, format, { weights });
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
      if (format === 'tfjs' || format === 'keras-json') {
        const json = JSON.parse(out.files.find((f) => f.path.endsWith('.json'))?.data as string);
        const topology = (json.modelTopology ?? json) as Record<string, unknown>;
        expect(formatsOf(topology), format).toEqual(formatsOf(originalTopology));
        expect(formatsOf(topology).filter(([, f]) => f === 'channels_first')).toHaveLength(3);
      }
      if (format === 'tfjs') {
        // tfjs' own load of the exported files predicts as the original.
        const loaded = await loadTfjsExport(tf, out.files);
        expect(compareModels(tf, original, loaded).differences).toEqual([]);
        loaded.dispose();
      }
      if (format !== 'keras' && format !== 'h5') continue;
      const back = await readBackKerasFile(tf, out.files[0] as { path: string; data: Uint8Array }, original);
      expect(back.doc.nodes.map(full), format).toEqual(imported.doc.nodes.map(full));
    }

    const py = await exportModel(tf, imported.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const source = py.files[0]?.data as string;
    expect(source.match(/data_format="channels_first"/g)).toHaveLength(3);
    expect(pythonParses(source)).toBe('ok');
    const fromPy = importPythonText(source);
    if (!fromPy.ok) throw new Error(fromPy.error);
    expect(fromPy.doc.nodes.map(full)).toEqual(imported.doc.nodes.map(full));
    original.dispose();
  }, 60_000);
});

/** A Keras 3 `to_json()` entry: module, class, config, registered name. */
const k3 = (class_name: string, config: Record<string, unknown>) => ({
  module: 'keras.layers',
  class_name,
  config,
  registered_name: null,
});

describe('Keras 3 JSON', () => {
  it('reads data_format on Conv2D, MaxPooling2D and GlobalAveragePooling2D, and writes it back to Python', async () => {
    const cf = { data_format: 'channels_first' };
    const model = {
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: 'k3',
        layers: [
          k3('InputLayer', { batch_shape: [null, 3, 8, 8], dtype: 'float32', name: 'x' }),
          k3('Conv2D', { name: 'c', filters: 4, kernel_size: [3, 3], activation: 'relu', ...cf }),
          k3('MaxPooling2D', { name: 'p', pool_size: [2, 2], strides: [2, 2], ...cf }),
          k3('GlobalAveragePooling2D', { name: 'g', keepdims: false, ...cf }),
          k3('Dense', { name: 'd', units: 2 }),
        ],
      },
    };
    const r = importModelText(JSON.stringify(model));
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.doc);
    expect(a.ok, a.diagnostics.map((d) => d.message).join('; ')).toBe(true);
    expect(r.doc.nodes.map((n) => a.nodes.get(n.id)?.outputShapes[0])).toEqual([
      [3, 8, 8],
      [4, 6, 6],
      [4, 3, 3],
      [4],
      [2],
    ]);
    expect(a.totals).toEqual({ trainable: 3 * 9 * 4 + 4 + 4 * 2 + 2, nonTrainable: 0 });
    const py = await exportModel(tf, r.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const source = py.files[0]?.data as string;
    // Conv2D, MaxPooling2D and GlobalAveragePooling2D, each with its layout; channels_last is Keras 3's default, left out.
    expect(source.match(/data_format="channels_first"/g)).toHaveLength(3);
    expect(source).toMatch(/layers\.Conv2D\([\s\S]*?data_format="channels_first"[\s\S]*?layers\.MaxPooling2D\(/);
    const fromPy = importPythonText(source);
    if (!fromPy.ok) throw new Error(fromPy.error);
    expect(fromPy.doc.nodes.map(full)).toEqual(r.doc.nodes.map(full));
  });
});

describe('what tfjs cannot run channels-first', () => {
  it('a SeparableConv2D with a bias imports, with an error at its node saying what to do', () => {
    const r = importModelText(
      JSON.stringify({
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 'sep',
          layers: [
            k3('InputLayer', { batch_shape: [null, 3, 8, 8], dtype: 'float32', name: 'x' }),
            k3('SeparableConv2D', { name: 's', filters: 4, kernel_size: [3, 3], data_format: 'channels_first' }),
          ],
        },
      }),
    );
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.doc);
    expect(a.ok).toBe(false);
    const id = r.doc.nodes.find((n) => n.name === 's')?.id;
    expect(a.diagnostics.find((d) => d.nodeId === id)).toMatchObject({
      severity: 'error',
      param: 'dataFormat',
      message: expect.stringMatching(/SeparableConv2D cannot add a bias channels-first.*turn off use bias/),
    });
  });

  it('a Conv1D is refused, naming the layer, why and what to do', () => {
    const r = importModelText(
      JSON.stringify({
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 'c1',
          layers: [
            k3('InputLayer', { batch_shape: [null, 4, 20], dtype: 'float32', name: 'x' }),
            k3('Conv1D', { name: 'c', filters: 4, kernel_size: 3, data_format: 'channels_first' }),
          ],
        },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(
      /layer "c" \(Conv1D\): data_format "channels_first" \(tfjs 4\.22's Conv1D .*Permute\(\[2, 1\]\)/,
    );
  });
});

const REAL = 'test/fixtures/real';
const text = (file: string) => readFileSync(`${REAL}/${file}`, 'utf8');

describe('real channels-first files', () => {
  it('Keras 1.2.2 MNIST CNN with dim_ordering "th": channels-first nodes, tfjs’ count of the converted topology, exported back', async () => {
    const r = importModelText(text('dl4j-mnist-cnn-th.keras1.json'));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.filter((n) => n.params.dataFormat === 'channels_first').map((n) => n.type)).toEqual([
      'conv2d',
      'conv2d',
      'maxPooling2d',
    ]);
    expect(r.doc.nodes[0]?.params.shape).toEqual([1, 28, 28]);
    const a = analyze(r.doc);
    expect(a.ok, a.diagnostics.map((d) => d.message).join('; ')).toBe(true);
    // Keras' own summary of its mnist_cnn example: 600,810 parameters.
    expect(a.totals).toEqual({ trainable: 600_810, nonTrainable: 0 });
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const converted = JSON.parse(out.files[0]?.data as string) as Record<string, unknown>;
    expect(
      formatsOf(converted)
        .filter(([, f]) => f === 'channels_first')
        .map(([c]) => c),
    ).toEqual(['Conv2D', 'Conv2D', 'MaxPooling2D']);
    // The Keras 1 Flatten has no data_format: it flattens channels-first maps as they are, and so
    // does the written one (no data_format: channels_last's rule, no transpose).
    const flatten = layersOf(converted).find((l) => l.class_name === 'Flatten');
    expect(flatten?.config.data_format ?? 'channels_last').toBe('channels_last');
    const reference = await tf.models.modelFromJSON({ modelTopology: converted as never });
    expect(reference.countParams()).toBe(600_810);
    expect(reference.outputs[0]?.shape).toEqual([null, 10]);
    const again = importModelText(out.files[0]?.data as string);
    if (!again.ok) throw new Error(again.error);
    expect(again.doc.nodes.map(full)).toEqual(r.doc.nodes.map(full));
    reference.dispose();
  });

  it('Keras 2.0.6 channels_first CNN: tfjs’ own model of the file, same counts and predictions, exported back', async () => {
    const topology = JSON.parse(text('dl4j-cnn-channels-first.keras2.json')) as Record<string, unknown>;
    const reference = await tf.models.modelFromJSON({ modelTopology: topology as never });
    const r = importModelText(JSON.stringify(topology));
    if (!r.ok) throw new Error(r.error);
    const a = analyze(r.doc);
    expect(a.ok, a.diagnostics.map((d) => d.message).join('; ')).toBe(true);
    expect(a.totals.trainable).toBe(reference.countParams());
    const compiled = compileModel(tf, r.doc);
    compiled.model.setWeights(reference.getWeights());
    expect(compareModels(tf, reference, compiled.model).differences).toEqual([]);
    compiled.model.dispose();
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const written = JSON.parse(out.files[0]?.data as string) as Record<string, unknown>;
    expect(formatsOf(written).filter(([c]) => c !== 'Flatten')).toEqual(formatsOf(topology));
    const again = importModelText(out.files[0]?.data as string);
    if (!again.ok) throw new Error(again.error);
    expect(again.doc.nodes.map(full)).toEqual(r.doc.nodes.map(full));
    reference.dispose();
  });
});
