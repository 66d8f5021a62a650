/**
 * Repeated blocks found on import, on models built with real tfjs and saved as tfjs writes them
 * (MobileNetV2-, ResNet50- (prefixed and Keras-numbered names) and Inception-style) and on the real Teachable Machine file (a
 * MobileNetV2 nested two models deep). Oracle: the original tfjs model with seeded random weights.
 * Grouped, the model keeps its parameter counts, its Keras export (layer by layer) and, with the
 * imported weights moved to the grouped paths, its predictions.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mobileNetV2Like } from '../../test/e2e/mobilenet';
import {
  analyze,
  applyEdit,
  compileModel,
  describeRepeat,
  findRepeats,
  groupRepeats,
  type SkipwireDoc,
} from '../compile';
import { exportKerasJson } from './exportJson';
import { predictionDifference, randomBatch } from './fidelity';
import { importModelText } from './importModel';
import { importKerasFile } from './kerasFiles';
import { exportKerasFile } from './kerasWrite';
import { pyString } from './pyLiteral';
import { exportPython } from './python';
import { inceptionStyle, resNetStyle } from './repeatFixtures.testkit';
import { randomizeWeights, saveFiles } from './tfjsFixtures.testkit';
import { applyWeights, byPath, movedWeights, type WeightSet, weightSetOfNamed } from './weights';

const models: tf.LayersModel[] = [];
beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const m of models) m.dispose();
});

async function imported(model: tf.LayersModel): Promise<{ doc: SkipwireDoc; weights: WeightSet }> {
  randomizeWeights(tf, model, 5);
  models.push(model);
  const { modelJson } = await saveFiles(tf, model);
  const r = importModelText(modelJson);
  if (!r.ok) throw new Error(r.error);
  const named = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  return { doc: r.doc, weights: byPath(r.doc, weightSetOfNamed(named)) };
}

/** Keras JSON layers by name: class, config and inbound wiring. */
async function kerasLayers(doc: SkipwireDoc): Promise<Map<string, unknown>> {
  const { json } = await exportKerasJson(tf, doc);
  const layers = (json.config as { layers: { name: string }[] }).layers;
  return new Map(layers.map((l) => [l.name, l]));
}

/** The grouped model's Python export names every Keras layer of the flat one (in its name maps). */
async function samePythonNames(flat: SkipwireDoc, grouped: SkipwireDoc) {
  const script = exportPython(grouped);
  for (const l of analyze(flat).layers) expect(script).toContain(pyString(l.name));
  expect(script).toContain('names.get(');
}

/** Groups `doc`, and checks that the model is the same one: counts, Keras layers, predictions. */
async function groupedIsTheSame(original: tf.LayersModel, doc: SkipwireDoc, weights: WeightSet) {
  const r = groupRepeats(doc);
  const before = analyze(doc);
  const after = analyze(r.doc);
  expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(after.totals).toEqual(before.totals);
  expect(after.layers.length).toBe(before.layers.length);
  const moved = { ...weights, ...movedWeights(doc, r.moved, weights) };
  const { model, layers } = compileModel(tf, r.doc, after);
  models.push(model);
  const applied = applyWeights(tf, layers, { imported: moved });
  expect(applied.fresh).toEqual([]);
  const batch = randomBatch(tf, original, 2);
  expect(predictionDifference(tf, original, model, batch)).toBeLessThanOrEqual(1e-5);
  tf.dispose(batch);
  return r;
}

describe('repeated blocks found on import', () => {
  it('MobileNetV2-style: 10 inverted residuals and 6 without shortcut, same Keras export and predictions', async () => {
    const original = mobileNetV2Like(tf);
    const { doc, weights } = await imported(original);
    const groups = findRepeats(doc);
    expect(groups.map(describeRepeat)).toEqual([
      '10 × inverted residual (Conv2D → BatchNormalization → ReLU → DepthwiseConv2D → … → Add)',
      '6 × inverted residual without shortcut (Conv2D → BatchNormalization → ReLU → DepthwiseConv2D → … → BatchNormalization)',
    ]);
    expect(groups[1]?.layers).toHaveLength(8);
    expect(groups[0]?.varying.map((v) => `${groups[0]?.layers[v.index]}.${v.param}`)).toEqual([
      'Conv2D.filters',
      'Conv2D.filters',
    ]);
    const r = await groupedIsTheSame(original, doc, weights);
    expect(r.doc.blocks.map((b) => b.name)).toEqual(['Inverted residual', 'Inverted residual without shortcut']);
    expect(r.doc.blocks[0]?.exposed.map((x) => x.name)).toEqual(['expand_filters', 'project_filters']);
    const instances = (block: string) => r.doc.nodes.filter((n) => n.type === 'block' && n.block === block);
    const [residual, plain] = r.doc.blocks.map((b) => instances(b.id));
    expect(residual?.map((n) => n.name)).toEqual([2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((i) => `block_${i}`));
    expect(residual?.[0]?.params).toEqual({ expand_filters: 36, project_filters: 6 });
    expect(plain?.map((n) => n.name)).toEqual([1, 3, 6, 10, 13, 16].map((i) => `block_${i}`));
    expect(r.instances).toBe(16);
    // Only the stem, block_0 and the head stay flat.
    expect(r.doc.nodes.filter((n) => n.type !== 'block')).toHaveLength(4 + 5 + 5);
    // Every Keras layer keeps its name, class, config and wiring.
    expect(await kerasLayers(r.doc)).toEqual(await kerasLayers(doc));
  });

  it('ResNet-style: projection and identity bottlenecks, the `out` ReLU inside, same model', async () => {
    const original = resNetStyle(tf);
    const { doc, weights } = await imported(original);
    const groups = findRepeats(doc);
    expect(groups.map(describeRepeat).sort()).toEqual([
      '2 × residual with projection (Conv2D → BatchNormalization → Conv2D → BatchNormalization → … → Activation)',
      '5 × residual (Conv2D → BatchNormalization → Activation → Conv2D → … → Activation)',
    ]);
    const r = await groupedIsTheSame(original, doc, weights);
    expect(r.instances).toBe(7);
    expect(r.doc.nodes.filter((n) => n.type === 'block').map((n) => n.name)).toEqual([
      'conv2_block1',
      'conv2_block2',
      'conv2_block3',
      'conv3_block1',
      'conv3_block2',
      'conv3_block3',
      'conv3_block4',
    ]);
    // The first blocks of the stages differ in stride: an exposed param.
    const projection = r.doc.blocks.find((b) => b.nodes.some((n) => n.id === '0_conv'));
    expect(projection?.exposed.map((x) => x.name)).toContain('0_conv_strides');
    expect(await kerasLayers(r.doc)).toEqual(await kerasLayers(doc));
  });

  it('ResNet-style with Keras numbered names (`conv2d_5`): grouped through name maps, same export and names', async () => {
    const original = resNetStyle(tf, [3, 4], true);
    const { doc, weights } = await imported(original);
    expect(doc.nodes.some((n) => n.name === 'batch_normalization_3')).toBe(true);
    const groups = findRepeats(doc);
    expect(groups.map(describeRepeat).sort()).toEqual([
      '2 × residual with projection (Conv2D → BatchNormalization → Conv2D → BatchNormalization → … → Activation)',
      '5 × residual (Conv2D → BatchNormalization → Activation → Conv2D → … → Activation)',
    ]);
    const r = await groupedIsTheSame(original, doc, weights);
    expect(r.instances).toBe(7);
    const instances = r.doc.nodes.filter((n) => n.type === 'block');
    expect(instances.every((n) => n.names !== undefined)).toBe(true);
    expect(instances[0]?.names).toEqual({
      conv2d: 'conv2d_2',
      batch_normalization: 'batch_normalization_2',
      conv2d_1: 'conv2d_3',
      batch_normalization_1: 'batch_normalization_3',
      activation: 'activation_2',
      conv2d_2: 'conv2d_4',
      batch_normalization_2: 'batch_normalization_4',
      activation_1: 'activation_3',
      conv2d_3: 'conv2d_5',
      batch_normalization_3: 'batch_normalization_5',
      add: 'add_1',
      activation_2: 'activation_4',
    });
    expect(await kerasLayers(r.doc)).toEqual(await kerasLayers(doc));
    await samePythonNames(doc, r.doc);
    // Ungrouping every instance gives the layers their Keras names back.
    let flat = r.doc;
    for (const n of instances) flat = applyEdit(flat, { op: 'ungroup', instance: n.id }).doc;
    expect(new Set(flat.nodes.map((n) => n.name))).toEqual(new Set(doc.nodes.map((n) => n.name)));
    expect(await kerasLayers(flat)).toEqual(await kerasLayers(doc));
  });

  it('numbered names: the .h5 and .keras files written before and after grouping read back the same', async () => {
    const original = resNetStyle(tf, [3, 4], true);
    const { doc, weights } = await imported(original);
    const r = groupRepeats(doc);
    const moved = { ...weights, ...movedWeights(doc, r.moved, weights) };
    for (const kind of ['h5', 'keras'] as const) {
      const read = async (d: SkipwireDoc, w: WeightSet) => {
        const out = await exportKerasFile(tf, d, kind, { imported: w });
        const back = await importKerasFile(kind, out.files[0]?.data as Uint8Array, { loadTf: async () => tf });
        if (!back.ok) throw new Error(back.error);
        return { names: back.doc.nodes.map((n) => n.name).sort(), weights: back.weights };
      };
      const flat = await read(doc, weights);
      const grouped = await read(r.doc, moved);
      expect(flat.names).toContain('batch_normalization_5');
      expect(grouped.names).toEqual(flat.names);
      expect(grouped.weights).toEqual(flat.weights);
    }
  });

  it('Inception-style: mixed modules grouped, the Concatenate keeps its name `mixed0` through the name map', async () => {
    const original = inceptionStyle(tf);
    const { doc, weights } = await imported(original);
    expect(findRepeats(doc).map(describeRepeat)).toEqual([
      '3 × mixed module (Conv2D → Conv2D → Conv2D → Conv2D → … → Concatenate)',
    ]);
    const r = await groupedIsTheSame(original, doc, weights);
    expect(r.instances).toBe(3);
    const instances = r.doc.nodes.filter((n) => n.type === 'block');
    expect(instances.map((n) => n.name)).not.toContain('mixed0');
    expect(instances.flatMap((n) => Object.values(n.names ?? {}))).toContain('mixed0');
    expect(await kerasLayers(r.doc)).toEqual(await kerasLayers(doc));
    await samePythonNames(doc, r.doc);
  });

  it('the real Teachable Machine MobileNetV2, inside a nested model: grouped in its definition', async () => {
    const text = readFileSync('test/fixtures/real/teachable-machine-image.model.json', 'utf8');
    const json = JSON.parse(text);
    const original = await tf.models.modelFromJSON({ modelTopology: json.modelTopology });
    randomizeWeights(tf, original, 3);
    models.push(original);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const named = Object.fromEntries(original.weights.map((w) => [w.originalName, w.read()]));
    const weights = byPath(r.doc, weightSetOfNamed(named));
    const groups = findRepeats(r.doc);
    expect(groups.map((g) => [g.scope, describeRepeat(g)])).toEqual([
      ['model23', '10 × inverted residual (Conv2D → BatchNormalization → ReLU → DepthwiseConv2D → … → Add)'],
      // Keras' stride-2 blocks pad before the depthwise convolution (`block_1_pad`): a kind of their own.
      [
        'model23',
        '4 × inverted residual without shortcut (Conv2D → BatchNormalization → ReLU → ZeroPadding2D → … → BatchNormalization)',
      ],
      [
        'model23',
        '2 × inverted residual without shortcut (Conv2D → BatchNormalization → ReLU → DepthwiseConv2D → … → BatchNormalization)',
      ],
    ]);
    expect(groups[1]?.names.instances).toEqual(['block_1', 'block_3', 'block_6', 'block_13']);
    const grouped = await groupedIsTheSame(original, r.doc, weights);
    const mobilenet = grouped.doc.blocks.find((b) => b.id === 'model23');
    expect(mobilenet?.nodes.filter((n) => n.type === 'block')).toHaveLength(16);
  });
});
