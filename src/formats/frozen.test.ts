/**
 * Frozen layers (`trainable: false`): imported as frozen nodes, counted as Keras counts them
 * (trainable vs non-trainable), and written back by every export. Oracle: the same model built
 * and frozen with tf.layers.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdit, DocBuilder } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** input → conv (frozen) → bn (frozen) → flatten → dense head, written by tfjs itself. */
function frozenByTfjs(): tf.LayersModel {
  const x = tf.input({ shape: [6, 6, 2], name: 'image' });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, name: 'base_conv' });
  const bn = tf.layers.batchNormalization({ name: 'base_bn' });
  conv.trainable = false;
  bn.trainable = false;
  let h = conv.apply(x) as tf.SymbolicTensor;
  h = bn.apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten({ name: 'flat' }).apply(h) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }).apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y, name: 'frozen_base' });
}

const size = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);

const layerConfig = (topology: Record<string, unknown>, name: string) =>
  ((topology.config as { layers: { name: string; config: Record<string, unknown> }[] }).layers.find(
    (l) => l.name === name,
  )?.config ?? {}) as Record<string, unknown>;

describe('frozen layers', () => {
  it('import frozen, with the trainable and non-trainable counts tfjs gives, and export back frozen', async () => {
    const m = frozenByTfjs();
    const text = JSON.stringify({ format: 'layers-model', modelTopology: m.toJSON(null, false) });
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    expect(r.doc.nodes.filter((n) => n.trainable === false).map((n) => n.id)).toEqual(['base_conv', 'base_bn']);
    const analysis = analyze(r.doc);
    expect(analysis.totals).toEqual({ trainable: size(m.trainableWeights), nonTrainable: size(m.nonTrainableWeights) });
    expect(analysis.totals.trainable).toBe(16 * 3 * 2 + 2); // the head only

    const tfjs = await exportModel(tf, r.doc, 'tfjs');
    if (!tfjs.ok) throw new Error(tfjs.error);
    expect(tfjs.fidelity?.pass).toBe(true);
    const topology = JSON.parse(tfjs.files[0]?.data as string).modelTopology;
    expect(layerConfig(topology, 'base_conv').trainable).toBe(false);
    expect(layerConfig(topology, 'base_bn').trainable).toBe(false);
    expect(layerConfig(topology, 'head').trainable).toBe(true);
    const reloaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: topology,
        weightSpecs: JSON.parse(tfjs.files[0]?.data as string).weightsManifest[0].weights,
        weightData: (tfjs.files[1]!.data as Uint8Array).slice().buffer,
      }),
    );
    expect(size(reloaded.trainableWeights)).toBe(analysis.totals.trainable);

    const keras = await exportModel(tf, r.doc, 'keras-json');
    if (!keras.ok) throw new Error(keras.error);
    expect(layerConfig(JSON.parse(keras.files[0]?.data as string), 'base_conv').trainable).toBe(false);

    const py = await exportModel(tf, r.doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const script = py.files[0]?.data as string;
    expect(script.match(/trainable=False/g)).toHaveLength(2);
    expect(script).toMatch(/trainable=False,\s+name="base_conv"/);
    expect(script).toContain('trainable=False, name="base_bn"');
    m.dispose();
    reloaded.dispose();
  });

  it('setTrainable freezes the layers of a block instance through its definition, and unfreezes them', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'x', { shape: [4] });
    b.block('pair', 'Pair', (bb) => {
      const i = bb.input();
      const d1 = bb.layer('dense', 'd1', { units: 3 }, [i]);
      return [bb.layer('dense', 'd2', { units: 3 }, [d1])];
    });
    const inst = b.instance('pair', 'p', [x]);
    b.layer('dense', 'out', { units: 1 }, [inst]);
    const doc = b.build();
    const frozen = applyEdit(doc, { op: 'setTrainable', ids: ['p', 'out'], trainable: false });
    expect(frozen.error).toBeUndefined();
    expect(frozen.doc.blocks[0]?.nodes.map((n) => n.trainable)).toEqual([undefined, false, false]);
    expect(analyze(frozen.doc).totals).toEqual({ trainable: 0, nonTrainable: 15 + 12 + 4 });
    const thawed = applyEdit(frozen.doc, { op: 'setTrainable', ids: ['p'], trainable: true });
    expect(analyze(thawed.doc).totals).toEqual({ trainable: 27, nonTrainable: 4 });
    expect(thawed.doc.blocks[0]?.nodes.some((n) => 'trainable' in n)).toBe(false);
    expect(applyEdit(doc, { op: 'setTrainable', ids: ['nope'], trainable: false }).error).toBe(
      'no node "nope" in the model',
    );
  });
});
