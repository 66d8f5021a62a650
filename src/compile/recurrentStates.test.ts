/**
 * Recurrent states as outputs and inputs (Keras `return_state` / `initial_state`): the extra output
 * ports' shapes, the checks of the initial states, and the tfjs build against tfjs' own layers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder, type Ref } from './builder';
import { compileModel } from './compile';
import { applyEdit } from './ops';
import { summarize } from './summary';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** An encoder–decoder: the encoder's final states start the decoder. */
function seq2seq(type: 'lstm' | 'gru' | 'simpleRnn', opts: { bidirectional?: boolean; decoderUnits?: number } = {}) {
  const b = new DocBuilder('seq2seq');
  const src = b.layer('input', 'source', { shape: [7, 5] });
  const tgt = b.layer('input', 'target', { shape: [6, 3] });
  const wrap = opts.bidirectional ? { wrapper: 'bidirectional' } : {};
  const enc = b.layer(type, 'encoder', { units: 8, returnState: true, ...wrap }, [src]);
  const states = type === 'lstm' ? 2 : 1;
  let init: Ref[] = Array.from({ length: states }, (_, i) => [enc, i + 1] as const);
  if (opts.bidirectional)
    init = Array.from({ length: states }, (_, i) =>
      b.layer('concatenate', `state_${i}`, {}, [
        [enc, i + 1],
        [enc, i + 1 + states],
      ]),
    );
  const units = opts.decoderUnits ?? (opts.bidirectional ? 16 : 8);
  const dec = b.layer(type, 'decoder', { units, returnSequences: true }, [tgt, ...init]);
  b.layer('dense', 'out', { units: 4, activation: 'softmax' }, [dec]);
  return b.build();
}

describe('return state: extra output ports', () => {
  it('gives the LSTM output, h and c ports with their shapes; the counts stay the layers own', () => {
    const a = analyze(seq2seq('lstm'));
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.nodes.get('encoder')?.outputShapes).toEqual([[8], [8], [8]]);
    expect(a.nodes.get('decoder')?.inputShapes).toEqual([[6, 3], [8], [8]]);
    expect(a.nodes.get('encoder')?.count.trainable).toBe(4 * (8 * (5 + 8) + 8));
    expect(a.layers.find((l) => l.path === 'decoder')?.inputs).toEqual(['target', 'encoder:1', 'encoder:2']);
    // The encoder's unused main output is no model output: only the Dense is.
    expect(a.outputs).toEqual(['out']);
    // The summary names the state tensors as Keras' model.summary() does.
    expect(summarize('seq2seq', a).rows.find((r) => r.name === 'decoder')?.connectedTo).toEqual([
      'target[0][0]',
      'encoder[0][1]',
      'encoder[0][2]',
    ]);
  });

  it('a warm re-analysis (the same document again, and after edits) wires the same state ports', () => {
    const doc = seq2seq('lstm');
    const fresh = analyze(structuredClone(doc));
    const wiring = (a: ReturnType<typeof analyze>) => a.layers.map((l) => [l.path, l.inputs, l.states ?? null]);
    analyze(doc);
    expect(wiring(analyze(doc))).toEqual(wiring(fresh));
    // A model with no states at all, then the states back: replayed layers take the right slots.
    const off = applyEdit(doc, { op: 'setParam', node: 'encoder', param: 'returnState', value: false }).doc;
    expect(analyze(off).ok).toBe(false);
    expect(wiring(analyze(doc))).toEqual(wiring(fresh));
    expect(analyze(doc).ok).toBe(true);
  });

  it('gives Bidirectional the forward and then the backward states', () => {
    const a = analyze(seq2seq('lstm', { bidirectional: true }));
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.nodes.get('encoder')?.outputShapes).toEqual([[16], [8], [8], [8], [8]]);
    expect(a.nodes.get('decoder')?.inputShapes).toEqual([[6, 3], [16], [16]]);
  });

  it('says so at the consumer when the state port is off', () => {
    const doc = seq2seq('gru');
    const off = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'encoder' ? { ...n, params: { ...n.params, returnState: false } } : n)),
    };
    const a = analyze(off);
    expect(a.ok).toBe(false);
    expect(a.diagnostics.map((d) => [d.nodeId, d.message])).toContainEqual([
      'decoder',
      '"decoder" takes output 2 of "encoder", which has no output 2 (its states are outputs only with "return state" on).',
    ]);
  });

  it('locates a wrong initial-state size at the decoder', () => {
    const a = analyze(seq2seq('lstm', { decoderUnits: 10 }));
    expect(a.ok).toBe(false);
    const d = a.diagnostics.find((x) => x.nodeId === 'decoder');
    expect(d?.message).toBe(
      'LSTM initial state h (input 2) is 8, but the layer has 10 units: each initial state must be 10.',
    );
  });
});

describe('tfjs build: returnState and initialState as tfjs takes them', () => {
  for (const [type, bidirectional] of [
    ['lstm', false],
    ['gru', false],
    ['simpleRnn', false],
    ['lstm', true],
    ['gru', true],
  ] as const)
    it(`${type}${bidirectional ? ' (Bidirectional)' : ''}: same predictions as the model written by hand in tfjs`, () => {
      const doc = seq2seq(type, { bidirectional });
      const { model, analysis } = compileModel(tf, doc);
      expect(model.countParams()).toBe(analysis.totals.trainable);
      // The same model by hand, with the same weights.
      const make = { lstm: tf.layers.lstm, gru: tf.layers.gru, simpleRnn: tf.layers.simpleRNN }[type];
      const src = tf.input({ shape: [7, 5] });
      const tgt = tf.input({ shape: [6, 3] });
      const encLayer = make({ units: 8, returnState: true, recurrentActivation: 'sigmoid' });
      const enc = (
        bidirectional
          ? tf.layers.bidirectional({ layer: encLayer as never, mergeMode: 'concat' }).apply(src)
          : encLayer.apply(src)
      ) as tf.SymbolicTensor[];
      const n = type === 'lstm' ? 2 : 1;
      const init = bidirectional
        ? Array.from({ length: n }, (_, i) =>
            tf.layers.concatenate().apply([enc[i + 1], enc[i + 1 + n]] as tf.SymbolicTensor[]),
          )
        : enc.slice(1);
      const dec = make({ units: bidirectional ? 16 : 8, returnSequences: true, recurrentActivation: 'sigmoid' }).apply(
        tgt,
        { initialState: init },
      ) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 4, activation: 'softmax' }).apply(dec) as tf.SymbolicTensor;
      const hand = tf.model({ inputs: [src, tgt], outputs: out });
      expect(hand.countParams()).toBe(model.countParams());
      hand.setWeights(model.getWeights());
      const xs = [tf.randomNormal([2, 7, 5], 0, 1, 'float32', 1), tf.randomNormal([2, 6, 3], 0, 1, 'float32', 2)];
      const ours = (model.predict(xs) as tf.Tensor).arraySync() as number[][][];
      const theirs = (hand.predict(xs) as tf.Tensor).arraySync() as number[][][];
      expect(ours.flat(2).length).toBe(2 * 6 * 4);
      const [a, b] = [ours.flat(2), theirs.flat(2)];
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i] as number, 5);
      // The decoder really starts from the encoder's states: its inbound node has them.
      const json = model.toJSON(null, false) as unknown as {
        config: { layers: { name: string; inbound_nodes: unknown[][] }[] };
      };
      const decoder = json.config.layers.find((l) => l.name === 'decoder');
      expect(decoder?.inbound_nodes[0]?.length).toBe(1 + n);
    });
});
