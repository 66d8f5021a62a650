/**
 * A real Keras file with frozen layers (test/fixtures/real/README.md: the `model.to_json()` a
 * Keras 2.2.4-tf user printed in a public tutorial, both Dense layers `trainable: false`). Oracle:
 * Keras' own figures printed beside it — Total params 13, the weights it showed, and its
 * predictions for three inputs with those weights — and tfjs' own load of the same file.
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

const text = readFileSync('test/fixtures/real/craftsangjae-frozen-dense.keras2.json', 'utf8');

// As Keras printed them in the same tutorial (the `hidden` and `output` Dense layers' variables).
const kerasWeights = [
  [
    [0.43517053, 0.34676707, 0.17851353],
    [0.4142151, 0.5682963, -0.11995953],
  ],
  [0, 0, 0],
  [[-1.1316392], [-0.8318955], [-0.90949464]],
  [0],
];
const kerasInputs = [
  [0.5, 0.7],
  [0.3, 0.2],
  [0.1, -0.9],
];
const kerasPredictions = [0.25839537, 0.38948756, 0.47142413];

const layerOf = (topology: { config: { layers: { name: string; config: Record<string, unknown> }[] } }, name: string) =>
  topology.config.layers.find((l) => l.name === name)?.config ?? {};

describe('a real Keras 2 file with frozen layers', () => {
  it('imports frozen, counts as Keras and tfjs do, and predicts what Keras printed with its weights', async () => {
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.trainable ?? true])).toEqual([
      ['input_2', 'input', true],
      ['hidden', 'dense', false],
      ['output', 'dense', false],
    ]);
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    expect(a.totals).toEqual({ trainable: 0, nonTrainable: 13 });
    const reference = await tf.models.modelFromJSON({ modelTopology: JSON.parse(text) });
    expect(reference.trainableWeights).toHaveLength(0);
    expect(reference.countParams()).toBe(13);

    const compiled = compileModel(tf, r.doc);
    compiled.model.setWeights(kerasWeights.map((w) => tf.tensor(w)));
    const y = compiled.model.predict(tf.tensor(kerasInputs)) as tf.Tensor;
    const got = Array.from(y.dataSync());
    for (const [i, v] of got.entries()) expect(v).toBeCloseTo(kerasPredictions[i] as number, 6);
    expect(compiled.model.trainableWeights).toHaveLength(0);
    y.dispose();
    compiled.model.dispose();
    reference.dispose();
  });

  it('every export writes both layers back frozen, and the exports read back frozen', async () => {
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    for (const format of ['tfjs', 'keras-json']) {
      const out = await exportModel(tf, r.doc, format);
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const json = JSON.parse(out.files[0]?.data as string);
      const topology = json.modelTopology ?? json;
      expect(layerOf(topology, 'hidden').trainable).toBe(false);
      expect(layerOf(topology, 'output').trainable).toBe(false);
      const again = importModelText(out.files[0]?.data as string);
      if (!again.ok) throw new Error(again.error);
      expect(analyze(again.doc).totals).toEqual({ trainable: 0, nonTrainable: 13 });
    }
    const py = await exportModel(tf, r.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    expect(String(py.files[0]?.data).match(/trainable=False/g)).toHaveLength(2);
  });
});
