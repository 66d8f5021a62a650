/**
 * Nested models (a Sequential or Functional used as a layer) import as blocks, and their weights
 * find their layers: real files from test/fixtures/real (README there). Oracle: tfjs loads the
 * original topology itself; the model compiled from the imported document, given the same weights
 * by name, predicts exactly as it does, and the tfjs export carries the same bytes per weight.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, groupRepeats } from '../compile';
import { exportModel } from './exportModel';
import { predictionDifference, randomBatch } from './fidelity';
import { importModelText } from './importModel';
import { randomizeWeights } from './tfjsFixtures.testkit';
import { applyWeights, byPath, movedWeights, weightSetOfNamed } from './weights';

const real = (name: string) => readFileSync(`test/fixtures/real/${name}`, 'utf8');
const models: tf.LayersModel[] = [];

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const m of models) m.dispose();
});

/** The original model, loaded by tfjs from the file's topology, with seeded random weights. */
async function original(text: string): Promise<tf.LayersModel> {
  const json = JSON.parse(text);
  const m = await tf.models.modelFromJSON({ modelTopology: json.modelTopology ?? json });
  randomizeWeights(tf, m, 3);
  models.push(m);
  return m;
}

const named = (m: tf.LayersModel): tf.NamedTensorMap =>
  Object.fromEntries(m.weights.map((w) => [w.originalName, w.read()]));

type LayerJson = { class_name: string; config: { name?: string; layers?: LayerJson[] }; inbound_nodes?: unknown[] };
/** Every nested model at any depth: its class and name, its layers' classes and their call counts. */
function nestedLevels(layers: LayerJson[]): [string, string[]][] {
  return layers.flatMap((l) =>
    Array.isArray(l.config.layers)
      ? [
          [
            `${l.class_name} ${l.config.name}`,
            l.config.layers
              // Keras 2 lists a Sequential's InputLayer, tfjs does not.
              .filter((x) => !(l.class_name === 'Sequential' && x.class_name === 'InputLayer'))
              .map((x) => `${x.class_name} ${x.inbound_nodes?.length ?? '-'}`),
          ] as [string, string[]],
          ...nestedLevels(l.config.layers),
        ]
      : [],
  );
}

const counts = (m: tf.LayersModel) => {
  const n = (ws: tf.LayerVariable[]) => ws.reduce((s, w) => s + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);
  return { trainable: n(m.trainableWeights), nonTrainable: n(m.nonTrainableWeights) };
};

describe('Teachable Machine image model (Sequential ⊃ Sequential ⊃ Functional MobileNetV2)', () => {
  const text = real('teachable-machine-image.model.json');

  it('imports as blocks: one definition per nested model, instances wired in order', () => {
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.type, n.block ?? n.params.shape])).toEqual([
      ['input', [224, 224, 3]],
      ['block', 'sequential_89'],
      ['block', 'sequential_91'],
    ]);
    expect(r.doc.blocks.map((b) => b.id)).toEqual(['model23', 'sequential_89', 'sequential_91']);
    const outer = r.doc.blocks.find((b) => b.id === 'sequential_89');
    expect(outer?.nodes.map((n) => [n.type, n.block])).toEqual([
      ['blockInput', undefined],
      ['block', 'model23'],
      ['globalAveragePooling2d', undefined],
    ]);
    const analysis = analyze(r.doc);
    expect(analysis.diagnostics).toEqual([]);
  });

  it('has the parameter counts tfjs computes, and predicts exactly as the original with its weights', async () => {
    const orig = await original(text);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const analysis = analyze(r.doc);
    expect(analysis.totals).toEqual(counts(orig));
    const { model, layers } = compileModel(tf, r.doc, analysis);
    models.push(model);
    applyWeights(tf, layers, { imported: byPath(r.doc, weightSetOfNamed(named(orig))) });
    const batch = randomBatch(tf, orig, 1);
    expect(predictionDifference(tf, orig, model, batch)).toBeLessThanOrEqual(1e-5);
    tf.dispose(batch);
  });

  it('exports to tfjs with the same bytes for every weight of the file', async () => {
    const orig = await original(text);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const weights = named(orig);
    const out = await exportModel(tf, r.doc, 'tfjs', {
      weights: { imported: byPath(r.doc, weightSetOfNamed(weights)) },
    });
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const json = JSON.parse(out.files[0]?.data as string);
    const bin = out.files[1]?.data as Uint8Array;
    const decoded = tf.io.decodeWeights(
      bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      json.weightsManifest[0].weights,
    );
    // Exported names are tfjs' own for a nested model: the file's (`Conv1/kernel`).
    let compared = 0;
    for (const [name, t] of Object.entries(decoded)) {
      const source = weights[name];
      expect(source, name).toBeDefined();
      expect(Buffer.from(t.dataSync().buffer).equals(Buffer.from(source!.dataSync().buffer))).toBe(true);
      compared++;
    }
    expect(compared).toBe(orig.weights.length);
    // The same nesting as the file: each nested model's class, name, layer classes and calls.
    const file = JSON.parse(text).modelTopology;
    expect(nestedLevels(json.modelTopology.config.layers)).toEqual(nestedLevels(file.config.layers));
    expect(nestedLevels(json.modelTopology.config.layers).map((l) => l[0])).toEqual([
      'Sequential sequential_89',
      'Model model23',
      'Sequential sequential_91',
    ]);
    // tfjs' own counts of the export equal the file's.
    const loaded = await tf.models.modelFromJSON({ modelTopology: json.modelTopology });
    models.push(loaded);
    expect(counts(loaded)).toEqual(counts(orig));
    // Read back: the same blocks, instances and counts.
    const back = importModelText(out.files[0]?.data as string);
    if (!back.ok) throw new Error(back.error);
    expect(back.doc.blocks.map((b) => [b.id, b.nested, b.nodes.length])).toEqual(
      r.doc.blocks.map((b) => [b.id, b.nested, b.nodes.length]),
    );
    expect(back.doc.nodes.map((n) => [n.type, n.block])).toEqual(r.doc.nodes.map((n) => [n.type, n.block]));
    expect(analyze(back.doc).totals).toEqual(counts(orig));
  });

  it('exports to Keras JSON with the same nesting, and reads back to the same blocks', async () => {
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.differences).toEqual([]);
    const json = JSON.parse(out.files[0]?.data as string);
    const file = JSON.parse(text).modelTopology;
    expect(nestedLevels(json.config.layers)).toEqual(nestedLevels(file.config.layers));
    const back = importModelText(out.files[0]?.data as string);
    if (!back.ok) throw new Error(back.error);
    expect(back.doc.blocks.map((b) => [b.id, b.nested])).toEqual(r.doc.blocks.map((b) => [b.id, b.nested]));
    expect(analyze(back.doc).totals).toEqual(analyze(r.doc).totals);
  });

  it('with its repeats grouped into blocks inside MobileNetV2, still exports the file’s nesting and weight names', async () => {
    const orig = await original(text);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const weights = byPath(r.doc, weightSetOfNamed(named(orig)));
    const grouped = groupRepeats(r.doc);
    expect(grouped.doc.blocks.find((b) => b.id === 'model23')?.nodes.filter((n) => n.type === 'block')).toHaveLength(
      16,
    );
    const moved = { ...weights, ...movedWeights(r.doc, grouped.moved, weights) };
    const out = await exportModel(tf, grouped.doc, 'tfjs', { weights: { imported: moved } });
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.differences).toEqual([]);
    const json = JSON.parse(out.files[0]?.data as string);
    const file = JSON.parse(text);
    // The user blocks inside the nested model are written as its own layers (in graph order).
    const sorted = (levels: [string, string[]][]) => levels.map(([n, ls]) => [n, [...ls].sort()]);
    expect(sorted(nestedLevels(json.modelTopology.config.layers))).toEqual(
      sorted(nestedLevels(file.modelTopology.config.layers)),
    );
    const names = (ws: { name: string }[]) => ws.map((w) => w.name).sort();
    expect(names(json.weightsManifest[0].weights)).toEqual(names(file.weightsManifest[0].weights));
  });
});
