/**
 * `.keras` and `.h5` files of models with recurrent states (encoder–decoder LSTM and GRU, a
 * Bidirectional encoder whose forward and backward states are joined): export → import gives the
 * same graph (nodes, params, wires with their ports), the same weights byte for byte and the same
 * predictions.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, DocBuilder, type Ref, type SkipwireDoc } from '../compile';
import { getLayer, resolveParams } from '../nodes';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { importFile } from './registry';
import { applyWeights, type WeightSet } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function seq2seq(type: 'lstm' | 'gru', bidirectional = false): SkipwireDoc {
  const b = new DocBuilder(`${type}_states`);
  const src = b.layer('input', 'source', { shape: [7, 5] });
  const tgt = b.layer('input', 'target', { shape: [6, 3] });
  const wrap = bidirectional ? { wrapper: 'bidirectional' } : {};
  const enc = b.layer(type, 'encoder', { units: 8, returnState: true, ...wrap }, [src]);
  const n = type === 'lstm' ? 2 : 1;
  let init: Ref[] = Array.from({ length: n }, (_, i) => [enc, i + 1] as const);
  if (bidirectional)
    init = Array.from({ length: n }, (_, i) =>
      b.layer('concatenate', `state_${i}`, {}, [
        [enc, i + 1],
        [enc, i + 1 + n],
      ]),
    );
  const dec = b.layer(type, 'decoder', { units: bidirectional ? 16 : 8, returnSequences: true, returnState: true }, [
    tgt,
    ...init,
  ]);
  b.layer('dense', 'out', { units: 4, activation: 'softmax' }, [dec]);
  b.layer('dense', 'last_h', { units: 2 }, [[dec, 1]]);
  return b.build();
}

function graphOf(doc: SkipwireDoc) {
  const name = new Map(doc.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: doc.nodes
      .map((n) => {
        const def = getLayer(n.type);
        return [n.name, n.type, JSON.stringify(def ? resolveParams(def.params, n.params).values : n.params)];
      })
      .sort(),
    edges: doc.edges
      .map((e) => `${name.get(e.source)}:${e.sourcePort ?? 0}>${name.get(e.target)}:${e.targetPort}`)
      .sort(),
  };
}

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
