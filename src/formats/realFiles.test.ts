/**
 * Real Keras files nobody here wrote (test/fixtures/real/README.md: Deeplearning4j's Keras import
 * test resources, saved by Keras 1.2.2 and 2.0–2.x itself): Bidirectional (merge modes concat and
 * sum), SimpleRNN, Conv1D text models, regularizers and constraints (Keras 1 and 2 forms), Keras'
 * own Attention layer (which tfjs 4.22 lacks). Oracle: tfjs' own load of the same file (counts,
 * predictions with the same weights — the file's own where it has them); the exports read back
 * with the same topology, classes, params and penalty entries.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, cannotRun, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import type { FileImport } from './formatRecord';
import { readHdf5 } from './hdf5';
import { importModelText } from './importModel';
import { importFile } from './registry';
import { applyWeights, type WeightSet } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const REAL = 'test/fixtures/real';
const bytes = (file: string) => new Uint8Array(readFileSync(`${REAL}/${file}`));
const text = (file: string) => readFileSync(`${REAL}/${file}`, 'utf8');

async function load(file: string): Promise<Extract<FileImport, { ok: true }>> {
  const r = await importFile(
    { name: file, bytes: bytes(file), sibling: async () => undefined },
    { loadTf: async () => tf, layout: 'layered' },
  );
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  return r;
}

const size = (ws: readonly tf.LayerVariable[]) =>
  ws.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
const totalsOf = (m: tf.LayersModel) => ({
  trainable: size(m.trainableWeights),
  nonTrainable: size(m.nonTrainableWeights),
});
const nodesOf = (r: { doc: { nodes: readonly { name: string; type: string; params: unknown }[] } }) =>
  r.doc.nodes.map((n) => [n.name, n.type, n.params]);

type LayerJson = { class_name: string; config: Record<string, any> };
/** The layer classes of a Keras topology (its Sequential / Functional layer list), InputLayer left out. */
function classesOf(topology: Record<string, unknown>): string[] {
  const c = topology.config as { layers?: LayerJson[] } | LayerJson[];
  const layers = Array.isArray(c) ? c : (c.layers ?? []);
  return layers.filter((l) => l.class_name !== 'InputLayer').map((l) => l.class_name);
}
/** Every set `*_regularizer` / `*_constraint` entry of a topology's layers, in order. */
function penaltiesOf(topology: Record<string, unknown>) {
  const c = topology.config as { layers?: LayerJson[] } | LayerJson[];
  const layers = Array.isArray(c) ? c : (c.layers ?? []);
  return layers.flatMap((l) =>
    Object.entries(l.config)
      .filter(([k, v]) => /_(regularizer|constraint)$/.test(k) && k !== 'activity_regularizer' && v !== null)
      .map(([k, v]) => [k.replace(/^[WbU]_/, (p) => ({ W_: 'kernel_', b_: 'bias_', U_: 'recurrent_' })[p] ?? p), v]),
  );
}

/** The import's own weights (read from the file), put on the compiled model, predict as tfjs' `reference` does. */
function fileWeightsPredictAsTfjs(r: Extract<FileImport, { ok: true }>, reference: tf.LayersModel) {
  const compiled = compileModel(tf, r.doc);
  expect(applyWeights(tf, compiled.layers, { imported: r.weights ?? {} }).fresh).toEqual([]);
  expect(compareModels(tf, reference, compiled.model).differences).toEqual([]);
  compiled.model.dispose();
}

/**
 * The checks every file tfjs can read gets: imports with no warning, analyses with tfjs' own
 * trainable / non-trainable counts, compiles and predicts as tfjs' model with the same weights,
 * and its tfjs and Keras JSON exports pass their fidelity checks; the Keras JSON reads back with the
 * same nodes and params and names the same layer classes as the file.
 */
async function sameAsTfjs(
  r: Extract<FileImport, { ok: true }>,
  reference: tf.LayersModel,
  topology: unknown,
  warnings: readonly string[] = [],
) {
  expect(r.warnings).toEqual(warnings);

  const a = analyze(r.doc);
  expect(a.ok, a.diagnostics.map((d) => d.message).join('; ')).toBe(true);
  expect(a.totals).toEqual(totalsOf(reference));
  const compiled = compileModel(tf, r.doc);
  // tfjs projects a constrained weight as it sets it (UnitNorm not quite idempotently): both models
  // take the same arrays once.
  const same = reference.getWeights().map((w) => w.clone());
  reference.setWeights(same);
  compiled.model.setWeights(same);
  expect(compareModels(tf, reference, compiled.model).differences).toEqual([]);
  compiled.model.dispose();
  for (const format of ['tfjs', 'keras-json']) {
    const out = await exportModel(tf, r.doc, format, r.weights ? { weights: { imported: r.weights } } : {});
    if (!out.ok) throw new Error(`${format}: ${out.error}`);
    expect(out.fidelity?.pass, `${format}: ${out.fidelity?.differences.join('; ')}`).toBe(true);
    if (format !== 'keras-json') continue;
    const written = JSON.parse(out.files[0]?.data as string) as Record<string, unknown>;
    expect(classesOf(written)).toEqual(classesOf(topology as Record<string, unknown>));
    const again = importModelText(out.files[0]?.data as string);
    if (!again.ok) throw new Error(again.error);
    expect(nodesOf(again)).toEqual(nodesOf(r));
  }
}

/** A legacy .h5: its `model_config` and its layer weights in the file's own order (straight from HDF5). */
async function h5File(file: string) {
  const h5 = await readHdf5(bytes(file));
  const names = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  const byLayer = new Map(
    names(h5.attrs.get('model_weights')?.layer_names).map((layer) => [
      layer,
      names(h5.attrs.get(`model_weights/${layer}`)?.weight_names).map(
        (w) => h5.datasets.get(`model_weights/${layer}/${w}`)?.values as Float32Array,
      ),
    ]),
  );
  const topology = JSON.parse(String(h5.attrs.get('')?.model_config)) as Record<string, unknown>;
  return { topology, byLayer, weights: [...byLayer.values()].flat() };
}

/** tfjs' own model of a legacy .h5's config, holding the file's weights (each layer's, by name). */
async function tfjsWithFileWeights(file: string, adapt?: (t: Record<string, unknown>) => void) {
  const { topology, byLayer, weights } = await h5File(file);
  const oracle = structuredClone(topology);
  adapt?.(oracle);
  const reference = await tf.models.modelFromJSON({ modelTopology: oracle as never });
  for (const l of reference.layers) {
    const arrays = byLayer.get(l.name) ?? [];
    if (l.weights.length)
      l.setWeights(l.weights.map((w, i) => tf.tensor(arrays[i] as Float32Array, w.shape as number[])));
  }
  return { reference, topology, weights };
}

/**
 * Keras 2.0–2.1 wrote an Embedding's input dtype (int32) as the layer's dtype; tfjs would make its
 * embeddings int32 from it, Keras (and the import) keeps them float32: so does the oracle.
 */
function floatEmbeddings(topology: { config: LayerJson[] | { layers: LayerJson[] } }) {
  const oracle = structuredClone(topology);
  const layers = Array.isArray(oracle.config) ? oracle.config : oracle.config.layers;
  for (const l of layers) if (l.class_name === 'Embedding') l.config.dtype = 'float32';
  return oracle as never;
}

const flat = (set: WeightSet) => Object.values(set).flatMap((ws) => ws.map((w) => Array.from(w.values)));

describe('Bidirectional in real Keras 2 files', () => {
  it('an .h5 with weights (Bidirectional LSTM, concat): imports with them and predicts as tfjs with the file weights', async () => {
    const file = 'dl4j-bidirectional-lstm.keras2.h5';
    const r = await load(file);
    const { reference, topology, weights } = await tfjsWithFileWeights(file);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.params.wrapper ?? null, n.params.mergeMode ?? null])).toEqual([
      ['bidirectional_1_input', 'input', null, null],
      ['bidirectional_1', 'lstm', 'bidirectional', 'concat'],
    ]);
    // The import's weights are the file's, and put on the compiled model they predict as tfjs does.
    expect(flat(r.weights ?? {})).toEqual(weights.map((w) => Array.from(w)));
    fileWeightsPredictAsTfjs(r, reference);
    await sameAsTfjs(r, reference, topology);
    // Written back as .h5 and .keras with the same weights, byte for byte.
    for (const kind of ['h5', 'keras'] as const) {
      const out = await exportModel(tf, r.doc, kind, { weights: { imported: r.weights ?? {} } });
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const back = await importFile(
        { name: `m.${kind}`, bytes: out.files[0]?.data as Uint8Array, sibling: async () => undefined },
        { loadTf: async () => tf, layout: 'layered' },
      );
      if (!back.ok) throw new Error(back.error);
      expect(nodesOf(back)).toEqual(nodesOf(r));
      expect(flat(back.weights ?? {})).toEqual(flat(r.weights ?? {}));
    }
    reference.dispose();
  });

  it.each([
    ['dl4j-bidirectional-sum.keras2.json', 'sum', 2_665_217],
    ['dl4j-bidirectional-last-timestep.keras2.json', 'concat', 272_939],
  ])(
    '%s (merge mode %s): same counts and predictions as tfjs, exports read back identical',
    async (file, mode, params) => {
      const topology = JSON.parse(text(file));
      const reference = await tf.models.modelFromJSON({ modelTopology: topology });
      expect(reference.countParams()).toBe(params);
      const r = await load(file);
      const bi = r.doc.nodes.find((n) => n.params.wrapper === 'bidirectional');
      expect(bi?.params).toMatchObject({ wrapper: 'bidirectional', mergeMode: mode });
      await sameAsTfjs(r, reference, topology);
      reference.dispose();
    },
  );
});

describe('recurrent and 1-D convolutional text models', () => {
  it('SimpleRNN .h5 with weights: predicts as tfjs with the file weights', async () => {
    const file = 'dl4j-simple-rnn.keras2.h5';
    const r = await load(file);
    // The file fixes the batch size (batch_input_shape [25, 1, 1]): the import keeps it on the Input.
    const { reference, topology } = await tfjsWithFileWeights(file);
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['input', 'simpleRnn', 'dense']);
    expect(r.doc.nodes[0]?.params.batchSize).toBe(25);
    fileWeightsPredictAsTfjs(r, reference);
    await sameAsTfjs(r, reference, topology);
    reference.dispose();
  });

  it('Conv1D / MaxPooling1D text model (Keras 2.0.4)', async () => {
    const topology = JSON.parse(text('dl4j-conv1d-text.keras2.json'));
    const reference = await tf.models.modelFromJSON({ modelTopology: floatEmbeddings(topology) });
    await sameAsTfjs(await load('dl4j-conv1d-text.keras2.json'), reference, topology);
    reference.dispose();
  });

  it('dilated Conv1D → GlobalMaxPooling1D text model (Keras 2.1.2)', async () => {
    const topology = JSON.parse(text('dl4j-conv1d-dilation-gmp1d.keras2.json'));
    const reference = await tf.models.modelFromJSON({ modelTopology: floatEmbeddings(topology) });
    const r = await load('dl4j-conv1d-dilation-gmp1d.keras2.json');
    expect(r.doc.nodes.map((n) => n.type)).toContain('globalMaxPooling1d');
    await sameAsTfjs(r, reference, topology);
    reference.dispose();
  });

  it('GlobalAveragePooling1D, BatchNormalization, RepeatVector (tf.keras .h5): non-trainable counts, file weights', async () => {
    const file = 'dl4j-gap1d-tfkeras.h5';
    const r = await load(file);
    const { reference, topology } = await tfjsWithFileWeights(file);
    expect(totalsOf(reference)).toEqual({ trainable: 250_931, nonTrainable: 1_024 });
    fileWeightsPredictAsTfjs(r, reference);
    await sameAsTfjs(r, reference, topology);
    reference.dispose();
  });

  it('a Keras 1.2.2 IMDB LSTM: imports, and its Keras 2 export is what tfjs reads with the same count', async () => {
    const r = await load('dl4j-imdb-lstm.keras1.json');
    expect(r.format).toBe('keras1');
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['input', 'embedding', 'lstm', 'dense', 'activation']);
    // Embedding 20,000 × 128, LSTM 4 × (128 × 128 + 128 × 128 + 128), Dense 128 + 1.
    expect(analyze(r.doc).totals).toEqual({ trainable: 2_560_000 + 131_584 + 129, nonTrainable: 0 });
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    const byTfjs = await tf.models.modelFromJSON({ modelTopology: JSON.parse(out.files[0]?.data as string) });
    expect(totalsOf(byTfjs)).toEqual(analyze(r.doc).totals);
    byTfjs.dispose();
  });
});

describe('regularizers and constraints in real files', () => {
  it('Keras 2.0.8 L1L2(l1=0, l2=0.01): imported with its class, written back exactly as the file had it', async () => {
    const file = 'dl4j-l1l2-regularizer.keras2.json';
    const topology = JSON.parse(text(file));
    const reference = await tf.models.modelFromJSON({ modelTopology: topology });
    const r = await load(file);
    expect(r.doc.nodes.find((n) => n.name === 'dense_80')?.params.kernelRegularizer).toEqual({
      l1: 0,
      l2: 0.009999999776482582,
      kerasClass: 'L1L2',
    });
    await sameAsTfjs(r, reference, topology);
    for (const format of ['keras-json', 'tfjs']) {
      const out = await exportModel(tf, r.doc, format);
      if (!out.ok) throw new Error(out.error);
      const json = JSON.parse(out.files[0]?.data as string);
      expect(penaltiesOf(format === 'tfjs' ? json.modelTopology : json)).toEqual(penaltiesOf(topology));
    }
    reference.dispose();
  });

  it('MaxNorm, NonNeg, UnitNorm, MinMaxNorm (Keras 2.0.6): the same entries back; Keras 1.2.2 form of the same model imports alike', async () => {
    const topology = JSON.parse(text('dl4j-constraints.keras2.json'));
    const reference = await tf.models.modelFromJSON({ modelTopology: topology });
    const r = await load('dl4j-constraints.keras2.json');
    await sameAsTfjs(r, reference, topology);
    const want = penaltiesOf(topology);
    expect(want.map(([k]) => k)).toEqual([
      'kernel_constraint',
      'bias_constraint',
      'kernel_constraint',
      'bias_constraint',
    ]);
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(penaltiesOf(JSON.parse(out.files[0]?.data as string))).toEqual(want);
    // The Keras 1 file (`W_constraint: {name: "MaxNorm", m: 2}`) gives the same constraint params.
    const k1 = await load('dl4j-constraints.keras1.json');
    expect(k1.warnings).toEqual([]);
    const constraints = (doc: typeof r.doc) =>
      doc.nodes.filter((n) => n.type === 'dense').map((n) => [n.params.kernelConstraint, n.params.biasConstraint]);
    expect(constraints(k1.doc)).toEqual(constraints(r.doc));
    expect(analyze(k1.doc).totals).toEqual(totalsOf(reference));
    reference.dispose();
  });
});

describe("Keras' own Attention layer (tfjs 4.22 has none) in a real .h5", () => {
  it('imports as an opaque node with its inferred shape and the file weights; Keras exports keep it', async () => {
    const file = 'dl4j-keras-attention.keras2.h5';
    const r = await load(file);
    const { weights } = await h5File(file);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/attention \(Attention\); Attention: tfjs 4\.22 cannot build Attention: .*Dot/);
    const node = r.doc.nodes.find((n) => n.name === 'attention');
    expect(node?.params).toMatchObject({ className: 'Attention', config: { score_mode: 'dot', dropout: 0.2 } });
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    expect(a.layers.find((l) => l.name === 'attention')?.shape).toEqual([32]);
    // Every parameter the file holds, and all of its weights land.
    expect(a.totals.trainable).toBe(weights.reduce((n, w) => n + w.length, 0));
    expect(flat(r.weights ?? {})).toEqual(weights.map((w) => Array.from(w)));
    expect(cannotRun(a).map((d) => d.message)).toEqual([expect.stringMatching(/^layer "attention" blocks training/)]);
    for (const kind of ['keras-json', 'h5'] as const) {
      const out = await exportModel(tf, r.doc, kind, { weights: { imported: r.weights ?? {} } });
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      const data = out.files[0]?.data;
      const back =
        typeof data === 'string'
          ? importModelText(data)
          : await importFile(
              { name: 'm.h5', bytes: data as Uint8Array, sibling: async () => undefined },
              { loadTf: async () => tf, layout: 'layered' },
            );
      if (!back.ok) throw new Error(back.error);
      expect(nodesOf(back)).toEqual(nodesOf(r));
      if (kind === 'h5') expect(flat((back as { weights?: WeightSet }).weights ?? {})).toEqual(flat(r.weights ?? {}));
    }
  });
});
