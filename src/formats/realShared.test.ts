/**
 * Real files with shared layers and unknown image sizes (test/fixtures/real/README.md), saved by
 * Keras itself: a siamese network whose nested Sequential is called on two inputs, with its
 * weights (.h5, Keras 2.8), a triplet network calling one Sequential three times (Keras 2.6
 * JSON), and MTCNN's fully convolutional P-Net on `(None, None, 3)` images (.h5, Keras 2).
 * Oracle: tfjs' own load of the same configs holding the file's weights (the Lambdas, which tfjs
 * cannot run, left out); the exports give back the file's topology and classes.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdits, compileModel, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import type { FileImport } from './formatRecord';
import { readHdf5 } from './hdf5';
import { importModelText } from './importModel';
import { importFile } from './registry';
import { applyWeights } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const REAL = 'test/fixtures/real';
type LayerJson = { class_name: string; name: string; config: Record<string, any>; inbound_nodes: unknown[] };

async function load(file: string, bytes: Uint8Array = new Uint8Array(readFileSync(`${REAL}/${file}`))) {
  const r = await importFile(
    { name: file, bytes, sibling: async () => undefined },
    { loadTf: async () => tf, layout: 'layered' },
  );
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  return r as Extract<FileImport, { ok: true }>;
}

/** A legacy .h5's `model_config`, and each layer group's weights as its `weight_names` list them. */
async function h5File(file: string) {
  return h5Of(new Uint8Array(readFileSync(`${REAL}/${file}`)));
}
async function h5Of(bytes: Uint8Array) {
  const h5 = await readHdf5(bytes);
  const topology = JSON.parse(String(h5.attrs.get('')?.model_config)) as { config: { layers: LayerJson[] } };
  const list = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const group = (layer: string): [string, Float32Array][] =>
    list(h5.attrs.get(`model_weights/${layer}`)?.weight_names).map((w) => [
      w,
      Float32Array.from(h5.datasets.get(`model_weights/${layer}/${w}`)?.values ?? []),
    ]);
  return { topology, group };
}

/** tfjs' model of a config, each layer's weights set to `pick(layer name)`. */
async function tfjsWith(config: unknown, pick: (layer: string) => Float32Array[]) {
  const m = await tf.models.modelFromJSON({ modelTopology: config as never });
  for (const l of m.layers) {
    const arrays = pick(l.name);
    if (l.weights.length)
      l.setWeights(l.weights.map((w, i) => tf.tensor(arrays[i] as Float32Array, w.shape as number[])));
  }
  return m;
}

const values = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]).map((x) => Array.from(x.dataSync()));
function expectClose(a: number[][], b: number[][]) {
  expect(a.map((x) => x.length)).toEqual(b.map((x) => x.length));
  for (const [i, xs] of a.entries()) for (const [j, v] of xs.entries()) expect(v).toBeCloseTo(b[i]?.[j] as number, 4);
}
/**
 * The layer classes of a topology with each nested model's own layers in its place (InputLayers
 * left out): what the Keras JSON export writes, since it inlines blocks (see the README).
 */
const inlined = (layers: LayerJson[]): string[] =>
  layers.flatMap((l) =>
    l.class_name === 'InputLayer'
      ? []
      : Array.isArray(l.config.layers)
        ? inlined(l.config.layers as LayerJson[])
        : [l.class_name],
  );
const nodesOf = (doc: SkipwireDoc) => doc.nodes.map((n) => [n.name, n.type, n.shares ?? null, n.params]);
const written = (data: unknown) => JSON.parse(String(data)).config.layers as LayerJson[];
describe('siamese MS1 network (.h5, Keras 2.8): a nested Sequential called on two inputs, then a Lambda', () => {
  const FILE = 'pnnl-siamese-ms1.keras2.h5';
  /** The Lambda's output shape, entered as the inspector does (it computes |a − b| of the 32-value embeddings). */
  const completed = (doc: SkipwireDoc) => {
    const r = applyEdits(doc, [{ op: 'setParam', node: 'lambda', param: 'outputShape', value: [32] }]);
    if (r.error) throw new Error(r.error);
    return r.doc;
  };

  it('imports as one block and a linked call, with the file’s weights; the embeddings predict as tfjs with them', async () => {
    const r = await load(FILE);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.shares ?? null])).toEqual([
      ['input_1', 'input', null],
      ['input_2', 'input', null],
      ['sequential', 'block', null],
      ['sequential_call_2', 'block', 'sequential'],
      ['lambda', 'opaque', null],
      ['dense_1', 'dense', null],
    ]);
    expect(r.warnings).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/^kept as opaque layer .*: lambda \(Lambda\); Lambda: a Lambda runs Python code/);
    // Keras 2's activity regularizer is named as dropped (tfjs cannot train with one).
    expect(r.warnings[1]).toBe('activity regularizers are not imported (tfjs cannot train with them): "dense"');
    // Only the Lambda asks for its shape; the layers past it keep the file's weights meanwhile.
    expect(
      analyze(r.doc)
        .diagnostics.filter((d) => d.severity === 'error')
        .map((d) => d.nodeId),
    ).toEqual(['lambda']);
    const { topology, group } = await h5File(FILE);
    const set = r.weights ?? {};
    expect(Object.keys(set).sort()).toEqual(
      [
        ...['conv1d', 'conv1d_1', 'conv1d_2', 'conv1d_3', 'dense'].flatMap((l) => [
          `sequential/${l}`,
          `sequential_call_2/${l}`,
        ]),
        'dense_1',
      ].sort(),
    );
    // The nested model's group holds all its layers' weights (`conv1d/kernel:0`…): each lands on its layer.
    const inBranch = (layer: string) =>
      group('sequential')
        .filter(([w]) => w.startsWith(`${layer}/`))
        .map(([, v]) => v);
    expect(set['sequential/conv1d_3']?.map((w) => w.values)).toEqual(inBranch('conv1d_3'));
    expect(set['sequential_call_2/dense']).toBe(set['sequential/dense']);
    expect(set.dense_1?.map((w) => w.values)).toEqual(group('dense_1').map(([, v]) => v));

    // Counts: tfjs' own for the nested Sequential and the Dense after the Lambda, the shared branch once.
    // tfjs names Keras' LecunNormal initializer LeCunNormal (the weights are the file's either way).
    const nested = JSON.stringify(topology.config.layers.find((l) => l.class_name === 'Sequential'));
    // tfjs reads no activity regularizer but L1L2 (one changes the loss only): left out of the oracle.
    const oracle = JSON.parse(nested.replaceAll('"LecunNormal"', '"LeCunNormal"'));
    for (const l of oracle.config.layers) delete l.config.activity_regularizer;
    const branch = await tfjsWith(oracle, inBranch);
    const head = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [32] })] });
    const a = analyze(completed(r.doc));
    expect(a.ok).toBe(true);
    expect(a.totals).toEqual({ trainable: branch.countParams() + head.countParams(), nonTrainable: 0 });
    expect(a.totals.trainable).toBe(223_233);

    // Without the Lambda and its head (tfjs cannot run it), both calls of the branch embed as tfjs does.
    const cut = applyEdits(r.doc, [{ op: 'removeNodes', ids: ['lambda', 'dense_1'] }]);
    if (cut.error) throw new Error(cut.error);
    const compiled = compileModel(tf, cut.doc);
    expect(applyWeights(tf, compiled.layers, { imported: set }).fresh).toEqual([]);
    const x1 = tf.randomUniform([3, 1700, 1], 0, 1, 'float32', 1);
    const x2 = tf.randomUniform([3, 1700, 1], 0, 1, 'float32', 2);
    const ours = values(compiled.model.predict([x1, x2]) as tf.Tensor[]);
    expectClose(ours, [...values(branch.predict(x1) as tf.Tensor), ...values(branch.predict(x2) as tf.Tensor)]);
    expect(ours[0]).not.toEqual(ours[1]);
    for (const m of [compiled.model, branch, head]) m.dispose();
  });

  it('exports to Keras JSON with the file’s nesting and .h5, the Lambda verbatim, the weights byte-equal', async () => {
    const r = await load(FILE);
    const doc = completed(r.doc);
    const { topology } = await h5File(FILE);
    const original = topology.config.layers;
    const out = await exportModel(tf, doc, 'keras-json', { weights: { imported: r.weights ?? {} } });
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
    const layers = written(out.files[0]?.data);
    // The file's nesting: the Sequential called on both inputs, its layers inside, the Lambda verbatim.
    expect(layers.map((l) => [l.class_name, l.name, l.inbound_nodes])).toEqual(
      original.map((l) => [l.class_name, l.name, l.inbound_nodes]),
    );
    expect(inlined(layers)).toEqual(inlined(original));
    const lambda = layers.find((l) => l.name === 'lambda');
    expect(lambda?.config).toEqual(original.find((l) => l.name === 'lambda')?.config);
    const again = importModelText(String(out.files[0]?.data));
    if (!again.ok) throw new Error(again.error);
    expect(again.doc.nodes.map((n) => [n.name, n.type, n.shares ?? null])).toEqual(
      doc.nodes.map((n) => [n.name, n.type, n.shares ?? null]),
    );
    expect(analyze(completed(again.doc)).totals).toEqual(analyze(doc).totals);

    const h5 = await exportModel(tf, doc, 'h5', { weights: { imported: r.weights ?? {} } });
    if (!h5.ok) throw new Error(h5.error);
    expect(h5.fidelity?.pass, h5.fidelity?.differences.join('; ')).toBe(true);
    const back = await load('back.h5', h5.files[0]?.data as Uint8Array);
    const mine = Object.entries(r.weights ?? {}).filter(([k]) => !k.startsWith('sequential_call_2/'));
    expect(mine.length).toBe(6);
    for (const [path, ws] of mine) expect(back.weights?.[path], path).toEqual(ws);
    // The file's layout again: the nested Sequential in the config, its weights in its one group.
    const ours = await h5Of(h5.files[0]?.data as Uint8Array);
    expect(ours.topology.config.layers.map((l) => [l.class_name, l.name, l.inbound_nodes])).toEqual(
      original.map((l) => [l.class_name, l.name, l.inbound_nodes]),
    );
    const file = await h5File(FILE);
    expect(ours.group('sequential').map(([w]) => w)).toEqual(file.group('sequential').map(([w]) => w));
    for (const [i, [w, v]] of ours.group('sequential').entries())
      expect(
        Buffer.from(v.buffer).equals(Buffer.from((file.group('sequential')[i]?.[1] ?? new Float32Array()).buffer)),
        w,
      ).toBe(true);
  });
});

describe('triplet network (Keras 2.6 JSON): one Sequential called on three inputs', () => {
  const TEXT = readFileSync(`${REAL}/cogito-triplet-siamese.keras2.json`, 'utf8');
  const ORIGINAL = JSON.parse(TEXT).config.layers as LayerJson[];

  it('imports as a block and two linked calls with tfjs’ count of the branch; Keras JSON gives back the same nesting and calls', async () => {
    const r = importModelText(TEXT);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.shares ?? null])).toEqual([
      ['input_1', 'input', null],
      ['input_2', 'input', null],
      ['input_3', 'input', null],
      ['sequential', 'block', null],
      ['sequential_call_2', 'block', 'sequential'],
      ['sequential_call_3', 'block', 'sequential'],
      ['concatenate', 'concatenate', null],
      ['lambda', 'opaque', null],
    ]);
    // The Lambda states its output shape (1): nothing to enter.
    const a = analyze(r.doc);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.nodes.get('concatenate')?.outputShapes).toEqual([[192]]);
    const reference = await tf.models.modelFromJSON({
      modelTopology: ORIGINAL.find((l) => l.class_name === 'Sequential') as never,
    });
    expect(a.totals).toEqual({ trainable: reference.countParams(), nonTrainable: 0 });
    expect(a.totals.trainable).toBe(4_270_016);
    reference.dispose();

    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
    // The file's nesting: the Sequential called on the three inputs (calls 1 to 3), its 11 layers inside.
    const layers = written(out.files[0]?.data);
    expect(layers.map((l) => [l.class_name, l.name, l.inbound_nodes])).toEqual(
      ORIGINAL.map((l) => [l.class_name, l.name, l.inbound_nodes]),
    );
    const seq = (ls: LayerJson[]) =>
      ((ls.find((l) => l.class_name === 'Sequential')?.config.layers ?? []) as LayerJson[]).map((l) => [
        l.class_name,
        l.config.name,
      ]);
    expect(seq(layers)).toEqual(seq(ORIGINAL));
    expect(layers.find((l) => l.name === 'lambda')?.config).toEqual(ORIGINAL.find((l) => l.name === 'lambda')?.config);
    const again = importModelText(String(out.files[0]?.data));
    if (!again.ok) throw new Error(again.error);
    expect(again.doc.nodes.map((n) => [n.name, n.type, n.shares ?? null])).toEqual(
      r.doc.nodes.map((n) => [n.name, n.type, n.shares ?? null]),
    );
    expect(again.doc.blocks.map((b) => b.nested)).toEqual([{ className: 'Sequential', name: 'sequential' }]);
    expect(analyze(again.doc).totals).toEqual(a.totals);
    // tfjs' own count of the exported branch (tfjs has no Lambda: the branch alone) is the file's.
    const branch = await tf.models.modelFromJSON({
      modelTopology: layers.find((l) => l.class_name === 'Sequential') as never,
    });
    expect(branch.countParams()).toBe(a.totals.trainable);
    branch.dispose();
  });
});

describe('MTCNN P-Net (.h5, Keras 2): fully convolutional on (None, None, 3) images', () => {
  const FILE = 'dl4j-mtcnn-pnet-fcn.keras2.h5';

  it('imports with unknown image sizes, tfjs’ count, and predicts as tfjs with the file weights at any size', async () => {
    const r = await load(FILE);
    expect(r.warnings).toEqual([]);
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    expect(a.nodes.get('input_2')?.outputShapes).toEqual([[null, null, 3]]);
    expect(a.nodes.get('conv4-1')?.outputShapes).toEqual([[null, null, 2]]);
    expect(a.nodes.get('conv4-2')?.outputShapes).toEqual([[null, null, 4]]);
    const { topology, group } = await h5File(FILE);
    // Keras 2.2 named these weights `conv1_1/kernel:0` in group `conv1`: taken in the group's order.
    const reference = await tfjsWith(topology, (l) => group(l).map(([, v]) => v));
    expect(a.totals).toEqual({ trainable: reference.countParams(), nonTrainable: 0 });
    const compiled = compileModel(tf, r.doc);
    expect(applyWeights(tf, compiled.layers, { imported: r.weights ?? {} }).fresh).toEqual([]);
    for (const [shape, seed] of [
      [[1, 12, 12, 3], 3],
      [[2, 30, 41, 3], 4],
    ] as const) {
      const x = tf.randomUniform([...shape], -1, 1, 'float32', seed);
      const ours = compiled.model.predict(x) as tf.Tensor[];
      const want = reference.predict(x) as tf.Tensor[];
      expect(ours.map((t) => t.shape)).toEqual(want.map((t) => t.shape));
      expectClose(values(ours), values(want));
    }
    compiled.model.dispose();
    reference.dispose();
  });

  it('exports to tfjs and Keras JSON (fidelity passing) and reads back with the same nodes and classes', async () => {
    const r = await load(FILE);
    const { topology } = await h5File(FILE);
    for (const format of ['tfjs', 'keras-json']) {
      const out = await exportModel(tf, r.doc, format, { weights: { imported: r.weights ?? {} } });
      if (!out.ok) throw new Error(`${format}: ${out.error}`);
      expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
      const again = importModelText(String(out.files[0]?.data));
      if (!again.ok) throw new Error(again.error);
      expect(nodesOf(again.doc)).toEqual(nodesOf(r.doc));
      if (format !== 'keras-json') continue;
      const layers = written(out.files[0]?.data);
      expect(layers.map((l) => [l.name, l.class_name, l.inbound_nodes])).toEqual(
        topology.config.layers.map((l) => [l.name, l.class_name, l.inbound_nodes]),
      );
      expect(layers[0]?.config.batch_input_shape).toEqual([null, null, null, 3]);
    }
  });
});
