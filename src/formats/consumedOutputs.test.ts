/**
 * Model outputs that other layers also read (Keras and tfjs allow them: deep supervision, an
 * encoder's states returned beside the model's prediction) import as declared outputs
 * (`metadata.outputs`, src/compile/extraOutputs.ts), compile to a model that predicts as tfjs'
 * own, and export back with the same outputs.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdit } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';
import { importSaved } from './savedModel.testkit';
import { randomizeWeights } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** Deep supervision: the first head's output is a model output and feeds the second. */
function deepSupervision(): tf.LayersModel {
  const x = tf.input({ shape: [6], name: 'x' });
  const a = tf.layers.dense({ units: 5, activation: 'relu', name: 'early' }).apply(x) as tf.SymbolicTensor;
  const b = tf.layers.dense({ units: 3, name: 'late' }).apply(a) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [a, b], name: 'supervised' });
}

/** An encoder whose output feeds a head and whose states are returned too. */
function encoderWithStates(): tf.LayersModel {
  const x = tf.input({ shape: [5, 3], name: 'x' });
  const [o, h, c] = tf.layers.lstm({ units: 4, returnState: true, name: 'enc' }).apply(x) as tf.SymbolicTensor[];
  const y = tf.layers.dense({ units: 2, name: 'head' }).apply(o as tf.SymbolicTensor) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: [y, h as tf.SymbolicTensor, c as tf.SymbolicTensor], name: 'enc_states' });
}

/** Output names of a written topology, as [layer, node, tensor]. */
const outputLayers = (topology: Record<string, unknown>) =>
  (topology.config as { output_layers: unknown[] }).output_layers.map((r) => JSON.stringify(r));

describe('model outputs that other layers also read', () => {
  it.each([['deep supervision', deepSupervision, ['early', 'late']]])(
    '%s: imports (no refusal), predicts as tfjs and exports the same outputs',
    async (_, build, outputs) => {
      const original = build();
      randomizeWeights(tf, original, 2);
      // importSaved checks that the compiled import predicts every output as tfjs' model does.
      const { doc, weights } = await importSaved(tf, original);
      const a = analyze(doc);
      expect(a.ok, a.diagnostics.map((d) => d.message).join('; ')).toBe(true);
      expect([...a.outputs].sort()).toEqual([...outputs].sort());
      expect(a.totals.trainable).toBe(original.countParams());
      const want = outputLayers(original.toJSON(null, false) as unknown as Record<string, unknown>).sort();
      for (const format of ['tfjs', 'keras-json'] as const) {
        const out = await exportModel(tf, doc, format, { weights });
        if (!out.ok) throw new Error(`${format}: ${out.error}`);
        expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
        const json = JSON.parse(out.files[0]?.data as string);
        expect(outputLayers(json.modelTopology ?? json).sort(), format).toEqual(want);
        const back = importModelText(out.files[0]?.data as string);
        if (!back.ok) throw new Error(back.error);
        expect([...analyze(back.doc).outputs].sort()).toEqual([...outputs].sort());
      }
      original.dispose();
    },
  );

  it('an encoder returning its states beside a head it feeds is refused, naming the layer and why', () => {
    const r = importModelText(JSON.stringify(encoderWithStates().toJSON(null, false)));
    expect(r.ok ? 'imported' : r.error).toMatch(
      /model output "enc" \(LSTM\) state 1: .*tfjs 4\.22's predict returns nothing/,
    );
  });

  it('an output no longer declared is an inner layer again (the sinks stay outputs)', async () => {
    const { doc } = await importSaved(tf, deepSupervision());
    const undeclared = applyEdit(doc, { op: 'markOutput', node: 'early', output: false }).doc;
    expect(analyze(undeclared).outputs).toEqual(['late']);
  });
});
