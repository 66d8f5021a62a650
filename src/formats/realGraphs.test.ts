/**
 * Real functional graphs from Deeplearning4j's Keras import test resources
 * (test/fixtures/real/README.md) that go past one call per layer: a DeepFM recommender whose
 * `sum_of_tensors` Lambda is called three times (a shared, opaque layer), and a seq2seq model with a
 * frozen Embedding whose decoder starts from the encoder's Bidirectional states (`return_state`).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../compile';
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
  it('is refused at the first use of a state, naming the layer, the construct and what to do', () => {
    const topology = JSON.parse(text('dl4j-seq2seq-frozen.keras2.json'));
    const frozen = topology.config.layers.find((l: { name: string }) => l.name === 'embedding_1');
    expect(frozen.config.trainable).toBe(false);
    const r = importModelText(JSON.stringify(topology));
    expect(r.ok ? 'imported' : r.error).toBe(
      `layer "concatenate_1" (Concatenate) uses output 1 of "bidirectional_1" (LSTM), a state its return_state gives: Skipwire wires only a recurrent layer's main output, so states passed on (an encoder–decoder's initial_state) cannot be imported yet; rebuild the model without return_state`,
    );
  });
});
