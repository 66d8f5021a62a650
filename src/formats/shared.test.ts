/**
 * Shared layers (one layer called at several places) and shared nested models (a siamese
 * network's base): imported as linked nodes (`shares`), one set of weights, compiled by calling
 * the same tfjs layer again, exported back with the same topology. Oracle: the same models built
 * with tf.layers, saved by tfjs itself.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdit, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { predictionDifference, randomBatch } from './fidelity';
import { importModelText } from './importModel';
import { randomizeWeights } from './tfjsFixtures.testkit';
import { applyWeights, byPath, weightSetOfNamed } from './weights';

const models: tf.LayersModel[] = [];
const keep = <T extends tf.LayersModel>(m: T) => {
  models.push(m);
  return m;
};
beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});
afterAll(() => {
  for (const m of models) m.dispose();
});

const call = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
  layer.apply(x) as tf.SymbolicTensor;

/** Two inputs through one shared Dense, then a shared nested Sequential (siamese), merged. */
function siamese(): tf.LayersModel {
  const a = tf.input({ shape: [5], name: 'left' });
  const b = tf.input({ shape: [5], name: 'right' });
  const shared = tf.layers.dense({ units: 4, activation: 'relu', name: 'embed' });
  const base = tf.sequential({
    name: 'base',
    layers: [
      tf.layers.dense({ units: 3, activation: 'tanh', inputShape: [4], name: 'base_dense' }),
      tf.layers.dense({ units: 2, name: 'base_out' }),
    ],
  });
  const ea = call(base, call(shared, a));
  const eb = call(base, call(shared, b));
  const diff = call(tf.layers.concatenate({ name: 'pair' }), [ea, eb]);
  const out = call(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'same' }), diff);
  return keep(tf.model({ inputs: [a, b], outputs: out, name: 'siamese' }));
}

const text = (m: tf.LayersModel) => JSON.stringify({ format: 'layers-model', modelTopology: m.toJSON(null, false) });
const named = (m: tf.LayersModel): tf.NamedTensorMap =>
  Object.fromEntries(m.weights.map((w) => [w.originalName, w.read()]));

describe('shared layers', () => {
  it('import as linked nodes with one set of weights: the counts and predictions of the original', () => {
    const orig = siamese();
    randomizeWeights(tf, orig, 4);
    const r = importModelText(text(orig));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.filter((n) => n.shares).map((n) => [n.id, n.type, n.shares])).toEqual([
      ['embed_call_2', 'dense', 'embed'],
      ['base_call_2', 'block', 'base'],
    ]);
    const analysis = analyze(r.doc);
    expect(analysis.diagnostics).toEqual([]);
    expect(analysis.totals.trainable).toBe(orig.countParams());
    const { model, layers } = compileModel(tf, r.doc, analysis);
    keep(model);
    expect(model.countParams()).toBe(orig.countParams());
    applyWeights(tf, layers, { imported: byPath(r.doc, weightSetOfNamed(named(orig))) });
    // Same predictions (the nested model compiles flat, its layers named `<instance>_<layer>`).
    const batch = randomBatch(tf, orig, 3);
    expect(predictionDifference(tf, orig, model, batch)).toBe(0);
    tf.dispose(batch);
    // The shared Dense is one tfjs layer called twice.
    expect(model.getLayer('embed').inboundNodes).toHaveLength(2);
  });

  it('export back to tfjs with each shared layer called twice, the same weights, and to Python as one object', async () => {
    const orig = siamese();
    randomizeWeights(tf, orig, 5);
    const r = importModelText(text(orig));
    if (!r.ok) throw new Error(r.error);
    const out = await exportModel(tf, r.doc, 'tfjs', {
      weights: { imported: byPath(r.doc, weightSetOfNamed(named(orig))) },
    });
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const topo = JSON.parse(out.files[0]?.data as string).modelTopology;
    const embed = topo.config.layers.find((l: { name: string }) => l.name === 'embed');
    expect(embed.inbound_nodes).toHaveLength(2);
    // embed and the head once each; the nested Sequential `base` once, called twice, its two layers inside.
    expect(topo.config.layers.filter((l: { class_name: string }) => l.class_name === 'Dense')).toHaveLength(2);
    const base = topo.config.layers.find((l: { name: string }) => l.name === 'base');
    expect(base.class_name).toBe('Sequential');
    expect(base.inbound_nodes).toHaveLength(2);
    expect(base.config.layers.map((l: { config: { name: string } }) => l.config.name)).toEqual([
      'base_dense',
      'base_out',
    ]);
    const py = await exportModel(tf, r.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const script = py.files[0]?.data as string;
    expect(script).toMatch(/embed_layer = layers\.Dense\(/);
    expect(script.match(/= embed_layer\(/g)).toHaveLength(2);
  });

  it('refuses a call on inputs its weights do not fit, at the layer, naming both', () => {
    const orig = siamese();
    const r = importModelText(text(orig));
    if (!r.ok) throw new Error(r.error);
    const wider = applyEdit(r.doc, { op: 'setParam', node: 'right', param: 'shape', value: [7] });
    const d = analyze(wider.doc).diagnostics.find((x) => x.nodeId === 'embed_call_2');
    expect(d?.message).toBe(
      'This call of shared layer "embed" gets inputs of another size: its weights would need 32 parameters, the layer has 24.',
    );
    const wrong = applyEdit(r.doc, { op: 'setTrainable', ids: ['same'], trainable: false });
    const broken = {
      ...wrong.doc,
      nodes: wrong.doc.nodes.map((n) => (n.id === 'embed_call_2' ? { ...n, shares: 'pair' } : n)),
    };
    expect(analyze(broken).diagnostics.map((x) => x.message)).toContain(
      'This layer shares the weights of "pair", which is not the same kind of layer.',
    );
  });
});
