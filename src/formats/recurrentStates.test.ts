/**
 * Encoder–decoder models (recurrent `return_state` / `initial_state`) through every export: tfjs and
 * Keras JSON read back to the same graph, the Python export unpacks the states and passes them on.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, DocBuilder, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function seq2seq(type: 'lstm' | 'gru'): SkipwireDoc {
  const b = new DocBuilder('seq2seq');
  const src = b.layer('input', 'source', { shape: [7, 5] });
  const tgt = b.layer('input', 'target', { shape: [6, 3] });
  const enc = b.layer(type, 'encoder', { units: 8, returnState: true }, [src]);
  const states =
    type === 'lstm'
      ? ([
          [enc, 1],
          [enc, 2],
        ] as const)
      : ([[enc, 1]] as const);
  const dec = b.layer(type, 'decoder', { units: 8, returnSequences: true }, [tgt, ...states]);
  b.layer('dense', 'out', { units: 4, activation: 'softmax' }, [dec]);
  return b.build();
}

/** What a round trip must keep: names, types, params and the wires with their ports. */
const graphOf = (doc: SkipwireDoc) => {
  const name = new Map(doc.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: doc.nodes.map((n) => [n.name, n.type, JSON.stringify(n.params)]).sort(),
    edges: doc.edges
      .map((e) => `${name.get(e.source)}:${e.sourcePort ?? 0}>${name.get(e.target)}:${e.targetPort}`)
      .sort(),
  };
};

describe('encoder–decoder exports', () => {
  for (const type of ['lstm', 'gru'] as const)
    it(`${type}: tfjs and Keras JSON read back with the same nodes, state wires and counts`, async () => {
      const doc = seq2seq(type);
      const first = importModelText((await exportOk(doc, 'keras-json'))[0] as string);
      if (!first.ok) throw new Error(first.error);
      for (const format of ['keras-json', 'tfjs']) {
        const files = await exportOk(first.doc, format);
        const again = importModelText(files[0] as string);
        if (!again.ok) throw new Error(again.error);
        expect(graphOf(again.doc)).toEqual(graphOf(first.doc));
        expect(analyze(again.doc).totals).toEqual(analyze(doc).totals);
      }
      expect(graphOf(first.doc).edges).toContain(`encoder:1>decoder:1`);
    });

  it('Python unpacks the states and passes them as initial_state', async () => {
    const py = String((await exportOk(seq2seq('lstm'), 'python'))[0]);
    expect(py).toMatch(/encoder, encoder_state_1, encoder_state_2 = layers\.LSTM\(/);
    expect(py).toMatch(/return_state=True/);
    expect(py).toMatch(/\(target, initial_state=\[encoder_state_1, encoder_state_2\]\)/);
    const gru = String((await exportOk(seq2seq('gru'), 'python'))[0]);
    expect(gru).toMatch(/\(target, initial_state=\[encoder_state_1\]\)/);
  });
});

async function exportOk(doc: SkipwireDoc, format: string): Promise<unknown[]> {
  const out = await exportModel(tf, doc, format);
  if (!out.ok) throw new Error(`${format}: ${out.error}`);
  if (out.fidelity) expect(out.fidelity.pass, out.fidelity.differences.join('; ')).toBe(true);
  return out.files.map((f) => f.data);
}
