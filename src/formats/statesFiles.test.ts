/**
 * `.keras` and `.h5` files of models with recurrent states (encoder–decoder LSTM and GRU, a
 * Bidirectional encoder whose forward and backward states are joined): export → import gives the
 * same graph (nodes, params, wires with their ports), the same weights byte for byte and the same
 * predictions. And a Keras 3 `config.json` whose decoder takes its states as a call's
 * `kwargs.initial_state` (test/fixtures/keras/keras3_seq2seq_initial_state.json, written after Keras
 * 3's serialization: no public file with that form was found).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { importModelText } from './importModel';
import { importPythonText } from './pythonIn';
import { importFile } from './registry';
import { graphOf, seq2seq } from './states.testkit';
import { applyWeights, type WeightSet } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

async function exported(doc: SkipwireDoc, kind: 'keras' | 'h5', weights?: WeightSet) {
  const out = await exportModel(tf, doc, kind, weights ? { weights: { imported: weights } } : {});
  if (!out.ok) throw new Error(`${kind}: ${out.error}`);
  expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
  const file = out.files[0] as { path: string; data: Uint8Array };
  expect(file.path.endsWith(`.${kind}`)).toBe(true);
  const back = await importFile(
    { name: file.path, bytes: file.data, sibling: async () => undefined },
    { loadTf: async () => tf, layout: 'layered' },
  );
  if (!back.ok) throw new Error(back.error);
  return back;
}

/** The document built in tfjs with the given weights (every weight from them, none fresh). */
function built(doc: SkipwireDoc, weights: WeightSet) {
  const c = compileModel(tf, doc);
  expect(applyWeights(tf, c.layers, { imported: weights }).fresh).toEqual([]);
  return c.model;
}

const bytes = (set: WeightSet) =>
  Object.entries(set).map(([k, ws]) => [k, ws.map((w) => Buffer.from(w.values.buffer).toString('base64'))]);

describe.each([
  ['lstm', false],
  ['gru', false],
  ['lstm', true],
] as const)('%s encoder–decoder (Bidirectional encoder: %s)', (type, bidirectional) => {
  it('.keras and .h5: export → import gives the same graph, weights and predictions', async () => {
    const doc = seq2seq(type, bidirectional);
    expect(analyze(doc).ok).toBe(true);
    // Fresh weights written once; the file read back is the reference.
    const first = await exported(doc, 'keras');
    expect(graphOf(first.doc)).toEqual(graphOf(doc));
    const weights = first.weights ?? {};
    expect(graphOf(doc).edges).toContain(bidirectional ? 'encoder:3>state_0:1' : 'encoder:1>decoder:1');
    expect(Object.keys(weights).sort()).toEqual(['decoder', 'encoder', 'last_h', 'out']);
    const reference = built(first.doc, weights);
    expect(reference.countParams()).toBe(analyze(doc).totals.trainable);
    for (const kind of ['keras', 'h5'] as const) {
      const again = await exported(first.doc, kind, weights);
      expect(graphOf(again.doc), kind).toEqual(graphOf(doc));
      expect(bytes(again.weights ?? {}), kind).toEqual(bytes(weights));
      const model = built(again.doc, again.weights ?? {});
      expect(compareModels(tf, reference, model, { weights: true }).differences, kind).toEqual([]);
      // And on an input of our own: the decoder's sequence output and its last h.
      const xs = [tf.randomNormal([2, 7, 5], 0, 1, 'float32', 1), tf.randomNormal([2, 6, 3], 0, 1, 'float32', 2)];
      const [a, b] = [reference.predict(xs), model.predict(xs)] as tf.Tensor[][];
      expect(a?.map((t) => t.shape)).toEqual([
        [2, 6, 4],
        [2, 2],
      ]);
      for (let i = 0; i < 2; i++)
        expect(tf.max(tf.abs(tf.sub(a?.[i] as tf.Tensor, b?.[i] as tf.Tensor))).dataSync()[0]).toBe(0);
      model.dispose();
    }
    reference.dispose();
  });
});

describe('a Keras 3 config with the decoder states in kwargs.initial_state', () => {
  // Written after keras/src/models/functional.py's serialize_node ({args, kwargs}, tensors as
  // __keras_tensor__ with their keras_history) and the LSTM config of the real Keras 3.10 file
  // test/fixtures/real/lstm_keras3.keras: the keras-io seq2seq with 12 / 14 tokens and 16 units.
  const text = readFileSync('test/fixtures/keras/keras3_seq2seq_initial_state.json', 'utf8');

  it('imports with the state wires, counts as tfjs and exports back (Keras JSON, Python)', async () => {
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.format).toBe('keras3');
    const g = graphOf(r.doc);
    expect(g.edges).toEqual(
      [
        'input_layer:0>lstm:0',
        'input_layer_1:0>lstm_1:0',
        'lstm:1>lstm_1:1',
        'lstm:2>lstm_1:2',
        'lstm_1:0>dense:0',
      ].sort(),
    );
    const { model, analysis } = compileModel(tf, r.doc);
    const encIn = tf.input({ shape: [null, 12] } as never) as tf.SymbolicTensor;
    const decIn = tf.input({ shape: [null, 14] } as never) as tf.SymbolicTensor;
    const [, h, c] = tf.layers.lstm({ units: 16, returnState: true }).apply(encIn) as tf.SymbolicTensor[];
    const [seq] = tf.layers
      .lstm({ units: 16, returnSequences: true, returnState: true })
      .apply(decIn, { initialState: [h, c] }) as tf.SymbolicTensor[];
    const out = tf.layers.dense({ units: 14, activation: 'softmax' }).apply(seq as tf.SymbolicTensor);
    const theirs = tf.model({ inputs: [encIn, decIn], outputs: out as tf.SymbolicTensor });
    expect(model.countParams()).toBe(theirs.countParams());
    expect(analysis.totals.trainable).toBe(theirs.countParams());
    model.dispose();
    const json = await exportModel(tf, r.doc, 'keras-json');
    if (!json.ok) throw new Error(json.error);
    const back = importModelText(json.files[0]?.data as string);
    if (!back.ok) throw new Error(back.error);
    expect(graphOf(back.doc)).toEqual(g);
    const py = await exportModel(tf, r.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const fromPy = importPythonText(py.files[0]?.data as string);
    if (!fromPy.ok) throw new Error(fromPy.error);
    expect(graphOf(fromPy.doc)).toEqual(g);
  });
});
