/**
 * Bidirectional and TimeDistributed end to end: a tfjs model with a Bidirectional LSTM, a
 * Bidirectional GRU ("ave") and a TimeDistributed Dense, saved as tfjs saves it → imported (the
 * wrapper is a param of the LSTM / GRU / Dense node) → exported to every format → read back with
 * the same classes, counts and predictions; Keras 3 configs (with their `backward_layer`) import;
 * what cannot be reproduced is refused with the layer's name.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { importPythonText } from './pythonIn';
import { importSaved, readBackKerasFile } from './savedModel.testkit';
import { randomizeWeights } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function tagger(): tf.LayersModel {
  const x = tf.input({ shape: [5, 3], name: 'steps' });
  const bi = tf.layers.bidirectional({
    layer: tf.layers.lstm({ units: 4, returnSequences: true, name: 'lstm' }) as never,
    name: 'bi_lstm',
  });
  const ave = tf.layers.bidirectional({
    layer: tf.layers.gru({ units: 3, returnSequences: true, name: 'gru' }) as never,
    mergeMode: 'ave',
    name: 'bi_gru',
  });
  const td = tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2, activation: 'softmax' }), name: 'tags' });
  const y = td.apply(ave.apply(bi.apply(x))) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y, name: 'tagger' });
}

describe('Bidirectional / TimeDistributed model files', () => {
  it('import as wrapper params, export to every format and read back with the same predictions', async () => {
    const original = tagger();
    randomizeWeights(tf, original, 3);
    const imported = await importSaved(tf, original);
    const { weights } = imported;
    const byName = new Map(imported.doc.nodes.map((n) => [n.name, n]));
    expect(byName.get('bi_lstm')).toMatchObject({ type: 'lstm', params: { units: 4, wrapper: 'bidirectional' } });
    expect(byName.get('bi_gru')?.params).toMatchObject({ wrapper: 'bidirectional', mergeMode: 'ave' });
    expect(byName.get('tags')).toMatchObject({ type: 'dense', params: { units: 2, wrapper: 'timeDistributed' } });
    const analysis = analyze(imported.doc);
    expect(analysis.ok).toBe(true);
    expect(analysis.totals.trainable).toBe(original.countParams());
    const shapes = new Map(analysis.layers.map((l) => [l.name, l.shape]));
    expect(shapes.get('bi_lstm')).toEqual([5, 8]);
    expect(shapes.get('bi_gru')).toEqual([5, 3]);
    expect(shapes.get('tags')).toEqual([5, 2]);

    for (const format of ['tfjs', 'keras-json', 'keras', 'h5']) {
      const out = await exportModel(tf, imported.doc, format, { weights });
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
      if (format === 'keras-json') {
        const text = out.files[0]?.data as string;
        const layers = (JSON.parse(text) as { config: { layers: { class_name: string }[] } }).config.layers;
        expect(layers.map((l) => l.class_name)).toEqual([
          'InputLayer',
          'Bidirectional',
          'Bidirectional',
          'TimeDistributed',
        ]);
      }
      if (format !== 'keras' && format !== 'h5') continue;
      // The Keras file, imported again, carries every weight: the same predictions as the original.
      const back = await readBackKerasFile(tf, out.files[0] as { path: string; data: Uint8Array }, original);
      expect(back.warnings).toEqual([]);
    }

    const py = await exportModel(tf, imported.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const source = py.files[0]?.data as string;
    expect(source).toMatch(
      /layers\.Bidirectional\(\s*layers\.LSTM\(units=4, [^)]*return_sequences=True\),\s*name="bi_lstm"/,
    );
    expect(source).toMatch(/layers\.Bidirectional\(\s*layers\.GRU\([^)]*\),\s*merge_mode="ave"/);
    expect(source).toMatch(/layers\.TimeDistributed\(\s*layers\.Dense\(units=2, activation="softmax"\)/);
    expect(pythonParses(source)).toBe('ok');
    const fromPy = importPythonText(source);
    if (!fromPy.ok) throw new Error(fromPy.error);
    expect(fromPy.doc.nodes.map((n) => [n.name, n.type, n.params.wrapper ?? null, n.params.mergeMode ?? null])).toEqual(
      imported.doc.nodes.map((n) => [n.name, n.type, n.params.wrapper ?? null, n.params.mergeMode ?? null]),
    );
    expect(analyze(fromPy.doc).totals).toEqual(analysis.totals);
    original.dispose();
  });
});

const LSTM3 = {
  module: 'keras.layers',
  class_name: 'LSTM',
  config: { name: 'forward_lstm', units: 6, return_sequences: false, go_backwards: false, trainable: true },
  registered_name: null,
};
const keras3 = (wrapper: Record<string, unknown>) =>
  JSON.stringify({
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 7, 2], name: 'in' } },
        wrapper,
      ],
    },
  });

describe('Keras 3 wrapper configs and refusals', () => {
  it('reads a Keras 3 Bidirectional with its backward layer, and a frozen TimeDistributed', () => {
    const backward = { ...LSTM3, config: { ...LSTM3.config, name: 'backward_lstm', go_backwards: true } };
    const r = importModelText(
      keras3({
        module: 'keras.layers',
        class_name: 'Bidirectional',
        config: { name: 'bidirectional', merge_mode: 'mul', layer: LSTM3, backward_layer: backward, trainable: false },
      }),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.format).toBe('keras3');
    expect(r.doc.nodes[1]).toMatchObject({
      name: 'bidirectional',
      type: 'lstm',
      trainable: false,
      params: { units: 6, wrapper: 'bidirectional', mergeMode: 'mul' },
    });
    expect(analyze(r.doc).layers.find((l) => l.name === 'bidirectional')?.shape).toEqual([6]);
  });

  it.each([
    [{ merge_mode: null, layer: LSTM3 }, /layer "bi" \(Bidirectional\): merge_mode null .*None gives two outputs/],
    [
      { layer: LSTM3, backward_layer: { ...LSTM3, config: { ...LSTM3.config, units: 3, go_backwards: true } } },
      /layer "bi" \(Bidirectional\): its backward_layer differs from its forward layer/,
    ],
    [{ layer: { class_name: 'Dense', config: { units: 3 } } }, /wraps Dense, which cannot be wrapped in Bidirectional/],
    [
      { layer: { class_name: 'Sequential', config: { layers: [] } } },
      /wraps Sequential, which is not a supported layer/,
    ],
    [{}, /layer "bi" \(Bidirectional\) has no wrapped layer/],
  ])('refuses %j with a located message', (config, message) => {
    const r = importModelText(keras3({ class_name: 'Bidirectional', config: { name: 'bi', ...config } }));
    expect(r.ok ? 'imported' : r.error).toMatch(message);
  });
});

describe('a real Keras 2 file with TimeDistributed (test/fixtures/real/README.md)', () => {
  it('imports, exports and reads back the same topology, counts and predictions as tfjs', async () => {
    const text = readFileSync('test/fixtures/real/dl4j-time-distributed.keras2.json', 'utf8');
    const reference = await tf.models.modelFromJSON({ modelTopology: JSON.parse(text) });
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.params.wrapper ?? null])).toEqual([
      ['input_1', 'input', null],
      ['time_distributed_1', 'dense', 'timeDistributed'],
    ]);
    expect(analyze(r.doc).totals.trainable).toBe(reference.countParams());
    const compiled = compileModel(tf, r.doc);
    compiled.model.setWeights(reference.getWeights());
    expect(compareModels(tf, reference, compiled.model).differences).toEqual([]);
    compiled.model.dispose();
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const again = importModelText(out.files[0]?.data as string);
    if (!again.ok) throw new Error(again.error);
    expect(again.doc.nodes.map((n) => [n.name, n.type, n.params])).toEqual(
      r.doc.nodes.map((n) => [n.name, n.type, n.params]),
    );
    reference.dispose();
  });
});
