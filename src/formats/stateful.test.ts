/**
 * Stateful recurrent layers with their fixed batch size, end to end: the real text-generation model
 * (TensorFlow's tutorial, converted by tfjs-converter: `batch_input_shape [64, None]`, a stateful
 * LSTM(1024)) imports with tfjs' own counts and exports back identically; a small stateful model
 * built by tfjs goes through every format and predicts as tfjs' own model; Keras 3 and Python forms;
 * the analysis' messages.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type DocNode, modelBatchSize } from '../compile';
import { type AnyLayerDef, getLayer, resolveParams } from '../nodes';
import { exportModel } from './exportModel';
import { pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { exportPython } from './python';
import { importPythonText } from './pythonIn';
import { importSaved, loadTfjsExport, readBackKerasFile } from './savedModel.testkit';
import { randomizeWeights } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const FIXTURE = 'test/fixtures/real/text-generation-stateful-lstm.model.json';

type Topology = { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
/** A node's name and params, defaults filled in. */
const full = (n: DocNode) => [n.name, resolveParams((getLayer(n.type) as AnyLayerDef).params, n.params).values];
const layersOf = (json: unknown) => (json as Topology).config.layers;
/** Each layer's class and the settings this feature is about. */
const summary = (json: unknown) =>
  layersOf(json).map((l) => [
    l.class_name,
    l.class_name === 'InputLayer' ? (l.config.batch_input_shape ?? l.config.batch_shape) : null,
    l.config.stateful ?? null,
  ]);

describe('the real stateful text-generation model (test/fixtures/real/README.md)', () => {
  it('imports with its batch size and analyses with tfjs’ own counts', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const modelTopology = (JSON.parse(text) as { modelTopology: Record<string, unknown> }).modelTopology;
    const reference = await tf.models.modelFromJSON({ modelTopology: modelTopology as never });
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.type, n.params.batchSize ?? null, n.params.stateful ?? null])).toEqual([
      ['input', 64, null],
      ['embedding', null, null],
      ['lstm', null, true],
      ['dense', null, null],
    ]);
    const analysis = analyze(r.doc);
    expect(analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(modelBatchSize(analysis)).toBe(64);
    expect(analysis.totals.trainable).toBe(reference.countParams());
    expect(analysis.totals.trainable).toBe(5_372_514);
    expect(analysis.layers.map((l) => l.shape)).toEqual([[null], [null, 256], [null, 1024], [null, 98]]);
    reference.dispose();
  }, 60_000);

  it('compiles and exports to tfjs and Keras JSON, reading back identical (its LSTM cut to 32 units, for speed)', async () => {
    // Building LSTM(1024) with fresh weights and predicting a batch of 64 takes minutes on the cpu backend.
    const r = importModelText(readFileSync(FIXTURE, 'utf8').replace(/"units":\s*1024/, '"units": 32'));
    if (!r.ok) throw new Error(r.error);
    const analysis = analyze(r.doc);
    const compiled = compileModel(tf, r.doc);
    expect(compiled.model.inputs[0]?.shape).toEqual([64, null]);
    expect(compiled.model.countParams()).toBe(analysis.totals.trainable);
    compiled.model.dispose();
    for (const format of ['tfjs', 'keras-json']) {
      const out = await exportModel(tf, r.doc, format);
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
      const json = JSON.parse(out.files[0]?.data as string) as Record<string, unknown>;
      const topology = format === 'tfjs' ? json.modelTopology : json;
      const written = summary((topology as { model_config?: unknown }).model_config ?? topology);
      expect(written).toEqual([
        ['InputLayer', [64, null], null],
        ['Embedding', null, null],
        ['LSTM', null, true],
        ['Dense', null, null],
      ]);
      const back = importModelText(out.files[0]?.data as string);
      if (!back.ok) throw new Error(back.error);
      expect(back.doc.nodes.map((n) => [n.name, n.type, n.params])).toEqual(
        r.doc.nodes.map((n) => [n.name, n.type, n.params]),
      );
      expect(analyze(back.doc).totals).toEqual(analysis.totals);
    }
  }, 60_000);
});

/** A small stateful model as tfjs builds it: batch 4, LSTM → GRU → SimpleRNN, all stateful. */
function small(): tf.LayersModel {
  const x = tf.input({ batchShape: [4, 6, 3], name: 'steps' });
  const a = tf.layers.lstm({ units: 5, stateful: true, returnSequences: true, name: 'lstm' }).apply(x);
  const b = tf.layers.gru({ units: 4, stateful: true, returnSequences: true, name: 'gru' }).apply(a);
  const c = tf.layers.simpleRNN({ units: 3, stateful: true, name: 'rnn' }).apply(b);
  const y = tf.layers.dense({ units: 2, name: 'out' }).apply(c) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y, name: 'small' });
}

describe('a stateful model built by tfjs', () => {
  it('imports, exports to every format and reads back predicting as tfjs’ own model', async () => {
    const original = small();
    randomizeWeights(tf, original, 5);
    const imported = await importSaved(tf, original);
    const { weights } = imported;
    expect(imported.doc.nodes.map((n) => [n.name, n.params.batchSize ?? null, n.params.stateful ?? null])).toEqual([
      ['steps', 4, null],
      ['lstm', null, true],
      ['gru', null, true],
      ['rnn', null, true],
      ['out', null, null],
    ]);
    const analysis = analyze(imported.doc);
    expect(analysis.ok).toBe(true);
    expect(analysis.totals.trainable).toBe(original.countParams());

    for (const format of ['tfjs', 'keras-json', 'keras', 'h5']) {
      const out = await exportModel(tf, imported.doc, format, { weights });
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
      if (format === 'tfjs') {
        // tfjs' own load of the exported file predicts as the original, states carried from call to call.
        const loaded = await loadTfjsExport(tf, out.files);
        const x = tf.randomUniform([4, 6, 3], -1, 1, 'float32', 3);
        original.resetStates();
        for (let call = 0; call < 2; call++) {
          const a = original.predict(x, { batchSize: 4 }) as tf.Tensor;
          const b = loaded.predict(x, { batchSize: 4 }) as tf.Tensor;
          expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-6);
        }
        // The second call started from the first one's states: a stateless run gives other values.
        loaded.resetStates();
        const fresh = loaded.predict(x, { batchSize: 4 }) as tf.Tensor;
        const second = original.predict(x, { batchSize: 4 }) as tf.Tensor;
        expect(tf.max(tf.abs(tf.sub(fresh, second))).dataSync()[0]).toBeGreaterThan(1e-4);
        loaded.dispose();
      }
      if (format !== 'keras' && format !== 'h5') continue;
      const back = await readBackKerasFile(tf, out.files[0] as { path: string; data: Uint8Array }, original);
      // tfjs leaves LSTM's unit_forget_bias out of its own files: compare the params with their defaults filled in.
      expect(back.doc.nodes.map(full)).toEqual(imported.doc.nodes.map(full));
    }

    const py = await exportModel(tf, imported.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const source = py.files[0]?.data as string;
    expect(source).toMatch(/keras\.Input\(shape=\(6, 3\), batch_size=4, name="steps"\)/);
    expect(source.match(/stateful=True/g)).toHaveLength(3);
    // The training section trains in the model's batch size, whatever the setting says.
    expect(exportPython(imported.doc, { distributed: true })).toContain(
      'def train_distributed(epochs=20, batch_size=4):',
    );
    expect(pythonParses(source)).toBe('ok');
    const fromPy = importPythonText(source);
    if (!fromPy.ok) throw new Error(fromPy.error);
    expect(fromPy.doc.nodes.map(full)).toEqual(imported.doc.nodes.map(full));
    original.dispose();
  }, 60_000);
});

describe('Keras 3 and Python forms', () => {
  it('reads Keras 3 batch_shape and stateful', () => {
    const r = importModelText(
      JSON.stringify({
        module: 'keras',
        class_name: 'Sequential',
        config: {
          name: 'seq',
          layers: [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [8, null, 2], name: 'in' } },
            { module: 'keras.layers', class_name: 'GRU', config: { name: 'gru', units: 3, stateful: true } },
          ],
        },
      }),
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.name, n.params.batchSize ?? null, n.params.stateful ?? null])).toEqual([
      ['in', 8, null],
      ['gru', null, true],
    ]);
  });

  it.each([
    ['keras.Input(shape=(None, 2), batch_size=8)', 8],
    ['keras.Input(batch_shape=(8, None, 2))', 8],
    ['keras.Input(shape=(None, 2))', null],
  ])('reads %s', (input, batch) => {
    const source = `import keras\nfrom keras import layers\nx = ${input}\ny = layers.LSTM(4, stateful=${batch ? 'True' : 'False'})(x)\nmodel = keras.Model(x, y)\n`;
    const r = importPythonText(source);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => (n.type === 'input' ? (n.params.batchSize ?? null) : n.params.stateful))).toEqual([
      batch,
      batch !== null,
    ]);
  });

  it('refuses a batch size that is not a whole number', () => {
    const r = importModelText(
      JSON.stringify({
        class_name: 'Sequential',
        config: { name: 's', layers: [{ class_name: 'Dense', config: { units: 2, batch_input_shape: [2.5, 3] } }] },
      }),
    );
    expect(r.ok ? 'imported' : r.error).toMatch(/batch size must be a whole number ≥ 1 or None \(got 2.5\)/);
  });
});

describe('analysis', () => {
  it('says at the stateful layer that it needs a fixed batch size, and where to set it', () => {
    const r = importModelText(readFileSync(FIXTURE, 'utf8').replace(/\[\s*64,\s*null\s*\]/g, '[null, null]'));
    if (!r.ok) throw new Error(r.error);
    const analysis = analyze(r.doc);
    expect(analysis.ok).toBe(false);
    const lstm = r.doc.nodes.find((n) => n.type === 'lstm');
    expect(analysis.diagnostics).toEqual([
      {
        nodeId: lstm?.id,
        severity: 'error',
        param: 'stateful',
        message:
          'stateful LSTM needs a fixed batch size: set Batch size on the Input "embedding_1_input" (Keras batch_shape), or turn Stateful off.',
      },
    ]);
  });
});
