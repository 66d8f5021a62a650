/**
 * Round trips of models built with tfjs: saved as tfjs writes model.json + weights → imported →
 * exported again (tfjs and Keras JSON) → read back by tfjs: same topology, parameter count and
 * predictions with the same weights. The Python export of each imported model parses.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../compile';
import { checkTfjsExport } from './exportJson';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { randomizeWeights, saveFiles, TFJS_FIXTURES } from './tfjsFixtures.testkit';
import { decodeTfjsWeights } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const tensorsBefore = { n: 0 };
beforeAll(() => {
  tensorsBefore.n = tf.memory().numTensors;
});

describe.each(Object.entries(TFJS_FIXTURES))('round trip: %s', (_, build) => {
  it('imports with weights, exports, and tfjs reads back the same model', async () => {
    const original = build(tf);
    randomizeWeights(tf, original);
    const saved = await saveFiles(tf, original);

    const imported = importModelText(saved.modelJson);
    if (!imported.ok) throw new Error(imported.error);
    expect(imported.format).toBe('tfjs');
    const analysis = analyze(imported.doc);
    expect(analysis.ok).toBe(true);
    expect(analysis.totals.trainable + analysis.totals.nonTrainable).toBe(original.countParams());
    const names = (ls: { name: string }[]) => ls.map((l) => l.name).sort();
    expect(names([...analysis.layers])).toEqual(
      names([
        ...original.layers.filter((l) => l.getClassName() !== 'InputLayer'),
        ...original.inputs.map((t) => t.sourceLayer),
      ]),
    );

    const weights = decodeTfjsWeights(
      tf,
      imported.weightsManifest ?? [],
      new Map([['group1-shard1of1.bin', saved.weights]]),
    );
    const out = await exportModel(tf, imported.doc, 'tfjs', { weights });
    tf.dispose(Object.values(weights));
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
    const [json, bin] = out.files;
    // The exported files, read back as tfjs reads them, against the original model.
    const report = await checkTfjsExport(tf, original, json?.data as string, bin?.data as Uint8Array);
    expect(report.differences).toEqual([]);
    expect(report.maxDifference).toBeLessThanOrEqual(1e-5);
    expect(report.params).toBe(original.countParams());

    const keras = await exportModel(tf, imported.doc, 'keras-json');
    if (!keras.ok) throw new Error(keras.error);
    expect(keras.fidelity?.pass, keras.fidelity?.differences.join('; ')).toBe(true);
    const fromKeras = await tf.models.modelFromJSON({ modelTopology: JSON.parse(keras.files[0]?.data as string) });
    fromKeras.setWeights(original.getWeights());
    expect(compareModels(tf, original, fromKeras).differences).toEqual([]);
    fromKeras.dispose();

    const py = await exportModel(tf, imported.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    expect(pythonParses(py.files[0]?.data as string)).toBe('ok');
    original.dispose();
  });
});

describe('fidelity check', () => {
  it('reports a changed layer, a changed wire and changed weights', async () => {
    const a = TFJS_FIXTURES['residual CNN']?.(tf) as tf.LayersModel;
    randomizeWeights(tf, a, 3);
    const b = TFJS_FIXTURES['residual CNN']?.(tf) as tf.LayersModel;
    randomizeWeights(tf, b, 4);
    const differ = compareModels(tf, a, b);
    expect(differ.pass).toBe(false);
    expect(differ.differences[0]).toMatch(/^predictions differ by up to/);
    const other = TFJS_FIXTURES['U-Net-like']?.(tf) as tf.LayersModel;
    const report = compareModels(tf, a, other);
    expect(report.pass).toBe(false);
    expect(report.differences).toContain('layer "stem" is missing');
    expect(report.differences.some((d) => /parameters instead of/.test(d))).toBe(true);
    for (const m of [a, b, other]) m.dispose();
  });
});

afterAll(() => {
  // Every model and tensor made above was disposed: the exports leak nothing.
  expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore.n);
});
