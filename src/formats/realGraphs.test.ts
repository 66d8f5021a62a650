/**
 * Real functional graphs from Deeplearning4j's Keras import test resources
 * (test/fixtures/real/README.md) that go past one call per layer: a DeepFM recommender whose
 * `sum_of_tensors` Lambda is called three times (a shared, opaque layer), and a seq2seq model with a
 * frozen Embedding whose decoder starts from the encoder's Bidirectional states (`return_state`).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const text = (file: string) => readFileSync(`test/fixtures/real/${file}`, 'utf8');

describe('DeepFM (tf.keras 2.2.4-tf model_config): a Lambda called three times', () => {
  it('imports as one opaque layer and two linked calls; every Lambda asks for its shape; exports say why they wait', async () => {
    const r = importModelText(text('dl4j-deepfm.model_config.json'));
    if (!r.ok) throw new Error(r.error);
    // The three calls of sum_of_tensors: one node holding the layer, two linked to it.
    const calls = r.doc.nodes.filter((n) => n.name.startsWith('sum_of_tensors'));
    expect(calls.map((n) => [n.name, n.type, n.shares ?? null])).toEqual([
      ['sum_of_tensors', 'opaque', null],
      ['sum_of_tensors_call_2', 'opaque', 'sum_of_tensors'],
      ['sum_of_tensors_call_3', 'opaque', 'sum_of_tensors'],
    ]);
    expect(calls[0]?.params).toMatchObject({ className: 'Lambda', config: { name: 'sum_of_tensors' } });
    // One warning names every layer kept opaque and what to do about each class.
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(
      /^kept as opaque layers .*: cat_embed_2d_genure_mean \(Lambda\), sum_of_tensors \(Lambda\), .*subtract_1 \(Subtract\).*; Lambda: a Lambda runs Python code .*; Subtract: tfjs 4\.22 cannot build Subtract: /,
    );
    // The file states no Lambda's output_shape: the analysis asks for it on the node, no more.
    const a = analyze(r.doc);
    expect(a.ok).toBe(false);
    const asked = a.diagnostics.filter((d) => d.severity === 'error');
    expect(asked.length).toBeGreaterThan(0);
    for (const d of asked) {
      expect(d.param).toBe('outputShape');
      expect(r.doc.nodes.find((n) => n.id === d.nodeId)?.params.className).toBe('Lambda');
    }
    const out = await exportModel(tf, r.doc, 'keras-json');
    expect(out.ok ? 'exported' : out.error).toMatch(
      /^the model has errors; fix them first: Lambda: output shape unknown/,
    );
  });
});

describe('seq2seq (Keras 2.1.4): frozen Embedding, Bidirectional LSTM with return_state', () => {
  const file = () => text('dl4j-seq2seq-frozen.keras2.json');
  /** Each layer's weights as tfjs holds them (tfjs' Bidirectional.getWeights reads an unbuilt layer). */
  const weightsOf = (m: tf.LayersModel) => new Map(m.layers.map((l) => [l.name, l.weights.map((w) => w.read())]));

  it('imports the encoder states as wires into the decoder, counts and predicts as tfjs does', async () => {
    const r = importModelText(file());
    if (!r.ok) throw new Error(r.error);
    const byId = new Map(r.doc.nodes.map((n) => [n.id, n]));
    const wires = r.doc.edges.map(
      (e) => `${byId.get(e.source)?.name}:${e.sourcePort ?? 0}>${byId.get(e.target)?.name}:${e.targetPort}`,
    );
    expect(wires.sort()).toEqual(
      [
        'input_1:0>embedding_1:0',
        'embedding_1:0>bidirectional_1:0',
        'bidirectional_1:1>concatenate_1:0',
        'bidirectional_1:3>concatenate_1:1',
        'bidirectional_1:2>concatenate_2:0',
        'bidirectional_1:4>concatenate_2:1',
        'input_2:0>lstm_2:0',
        'concatenate_1:0>lstm_2:1',
        'concatenate_2:0>lstm_2:2',
        'lstm_2:0>dense_1:0',
      ].sort(),
    );
    const a = analyze(r.doc);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.nodes.get('bidirectional_1')?.outputShapes).toEqual([[600], [300], [300], [300], [300]]);
    // Compiling first installs the fast Orthogonal initializer, which tfjs' own load then uses too.
    const compiled = compileModel(tf, r.doc);
    const reference = await tf.models.modelFromJSON({ modelTopology: JSON.parse(file()) });
    const trainable = reference.trainableWeights.reduce((n, w) => n + w.read().size, 0);
    expect(a.totals).toEqual({ trainable, nonTrainable: reference.countParams() - trainable });
    expect(a.totals.nonTrainable).toBeGreaterThan(0); // the frozen Embedding
    const theirs = weightsOf(reference);
    for (const l of compiled.model.layers) {
      const w = theirs.get(l.name) as tf.Tensor[];
      for (const [i, v] of l.weights.entries()) v.write(w[i] as tf.Tensor);
    }
    const tokens = tf.tensor2d(
      [[1, 5, 9, 2, 0, 3, 7, 4, 8, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1], Array(20).fill(3)],
      undefined,
      'float32',
    );
    const targets = tf.randomUniform([2, 5, 4], 0, 1, 'float32', 3);
    const ours = compiled.model.predict([tokens, targets]) as tf.Tensor;
    const want = reference.predict([tokens, targets]) as tf.Tensor;
    expect(ours.shape).toEqual([2, 5, 4]);
    const [x, y] = [Array.from(ours.dataSync()), Array.from(want.dataSync())];
    for (const [i, v] of x.entries()) expect(v).toBeCloseTo(y[i] as number, 5);
    compiled.model.dispose();
    reference.dispose();
  });

  it('exports to Keras JSON and tfjs and imports back with the same nodes, wires and params', async () => {
    const r = importModelText(file());
    if (!r.ok) throw new Error(r.error);
    const shape = (doc: typeof r.doc) => ({
      nodes: doc.nodes.map((n) => [n.name, n.type, n.trainable ?? true, n.params]).sort(),
      edges: doc.edges.map((e) => [e.source, e.sourcePort ?? 0, e.target, e.targetPort]).sort(),
    });
    for (const format of ['keras-json', 'tfjs']) {
      const out = await exportModel(tf, r.doc, format);
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const again = importModelText(out.files[0]?.data as string);
      if (!again.ok) throw new Error(again.error);
      expect(shape(again.doc)).toEqual(shape(r.doc));
      expect(analyze(again.doc).totals).toEqual(analyze(r.doc).totals);
    }
    // Two fidelity checks of a 10M-parameter model: ~50 s alone, over a minute on a loaded machine.
  }, 180_000);
});
