/**
 * Recurrent layers with `go_backwards: true` (Keras and tfjs both build them): imported as the
 * Go backwards param, built with tfjs' own `goBackwards`, predicting as tfjs' model of the same
 * config with the same weights, and written back by the Keras JSON, tfjs and Python exports.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { importModelText } from './importModel';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function reference(kind: 'lstm' | 'gru' | 'simpleRNN') {
  const input = tf.input({ shape: [5, 3], name: 'seq' });
  const make = tf.layers[kind] as unknown as (a: Record<string, unknown>) => tf.layers.Layer;
  const back = make({ units: 4, goBackwards: true, returnSequences: true, name: 'back', resetAfter: undefined }).apply(
    input,
  ) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'head' }).apply(back) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

describe('go_backwards', () => {
  it.each(['lstm', 'gru', 'simpleRNN'] as const)(
    '%s: imports from tfjs JSON, predicts as tfjs with the same weights, exports back go_backwards',
    async (kind) => {
      const ref = reference(kind);
      const r = importModelText(JSON.stringify(ref.toJSON(null, false)));
      if (!r.ok) throw new Error(r.error);
      const node = r.doc.nodes.find((n) => n.name === 'back');
      expect(node?.params.goBackwards).toBe(true);
      expect(analyze(r.doc).ok).toBe(true);
      const compiled = compileModel(tf, r.doc);
      compiled.model.setWeights(ref.getWeights());
      expect(compareModels(tf, ref, compiled.model).differences).toEqual([]);
      // The direction matters: the same weights read forwards predict something else.
      const forwards = importModelText(
        JSON.stringify(ref.toJSON(null, false)).replace('"go_backwards":true', '"go_backwards":false'),
      );
      if (!forwards.ok) throw new Error(forwards.error);
      const f = compileModel(tf, forwards.doc);
      f.model.setWeights(ref.getWeights());
      expect(compareModels(tf, ref, f.model).differences).not.toEqual([]);
      for (const format of ['keras-json', 'tfjs']) {
        const out = await exportModel(tf, r.doc, format);
        if (!out.ok) throw new Error(out.error);
        expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
        expect(String(out.files[0]?.data)).toMatch(/"go_backwards": ?true/);
        const again = importModelText(String(out.files[0]?.data));
        if (!again.ok) throw new Error(again.error);
        expect(again.doc.nodes.find((n) => n.name === 'back')?.params.goBackwards).toBe(true);
      }
      const py = await exportModel(tf, r.doc, 'python');
      if (!py.ok) throw new Error(py.error);
      expect(String(py.files[0]?.data)).toContain('go_backwards=True');
      for (const m of [ref, compiled.model, f.model]) m.dispose();
    },
  );
});
