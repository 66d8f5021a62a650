/**
 * The layers added for issue 14 (SimpleRNN, the 1-D and 3-D poolings, Conv3D, Masking,
 * SpatialDropout1D, AlphaDropout) in Keras's own files: a tfjs model using them, imported with its
 * weights, exports as .keras and .h5 (each read back by the exporter's fidelity check), and
 * importing either file gives the same bytes per weight.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';
import { importFile } from './registry';
import { maskedSequenceModel, randomizeWeights, saveFiles, textModel, videoModel } from './tfjsFixtures.testkit';
import { decodeTfjsWeights } from './tfjsWeights';
import { byPath, type WeightSet } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const flat = (set: WeightSet) => Object.values(set).flatMap((ws) => ws.map((w) => Array.from(w.values)));

describe.each([
  ['text', textModel],
  ['masked', maskedSequenceModel],
  ['video', videoModel],
] as const)('%s model in Keras files', (_, build) => {
  it('exports as .keras and .h5 and imports back with the same weights', async () => {
    const original = build(tf);
    randomizeWeights(tf, original);
    const saved = await saveFiles(tf, original);
    original.dispose();
    const imported = importModelText(saved.modelJson);
    if (!imported.ok) throw new Error(imported.error);
    const weights = byPath(
      imported.doc,
      decodeTfjsWeights(tf, imported.weightsManifest ?? [], new Map([['group1-shard1of1.bin', saved.weights]])),
    );
    expect(flat(weights).length).toBeGreaterThanOrEqual(4);
    for (const kind of ['keras', 'h5'] as const) {
      const out = await exportModel(tf, imported.doc, kind, { weights: { imported: weights } });
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const file = out.files[0];
      const again = await importFile(
        { name: file?.path as string, bytes: file?.data as Uint8Array, sibling: async () => undefined },
        { loadTf: async () => tf, layout: 'layered' },
      );
      if (!again.ok) throw new Error(again.error);
      expect(again.doc.nodes.map((n) => n.type)).toEqual(imported.doc.nodes.map((n) => n.type));
      expect(flat(again.weights ?? {})).toEqual(flat(weights));
    }
  });
});
