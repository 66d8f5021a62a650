/**
 * A model that was a Sequential in its file is written as a Sequential again by the tfjs, Keras
 * JSON, `.h5` and `.keras` exports (same class, same layer list, same predictions), as long as it is
 * still one input and a chain; drawn into a graph (a branch), it is written as a Functional.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdit, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';
import { importFile } from './registry';
import { importSaved, readBackKerasFile, type SavedImport } from './savedModel.testkit';
import { randomizeWeights, sequentialModel } from './tfjsFixtures.testkit';
import { isRecord } from './values';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

type Topology = { class_name: string; config: { layers: { class_name: string }[] } };
/** The model class and the class of each listed layer, InputLayer left out (Keras 2 lists one, tfjs not). */
const shapeOf = (t: Topology) => [
  t.class_name,
  t.config.layers.map((l) => l.class_name).filter((c) => c !== 'InputLayer'),
];

async function topologies(doc: SkipwireDoc, weights: SavedImport['weights']) {
  const out: Record<string, Topology> = {};
  for (const format of ['tfjs', 'keras-json', 'keras', 'h5'] as const) {
    const r = await exportModel(tf, doc, format, { weights });
    if (!r.ok) throw new Error(`${format}: ${r.error}`);
    expect(r.fidelity?.pass, `${format}: ${r.fidelity?.differences.join('; ')}`).toBe(true);
    const file = r.files[0] as { path: string; data: string | Uint8Array };
    if (format === 'tfjs') out[format] = JSON.parse(file.data as string).modelTopology;
    else if (format === 'keras-json') out[format] = JSON.parse(file.data as string);
    else {
      // Read the written config back through the importer's own reader of the file.
      const back = await importFile(
        { name: file.path, bytes: file.data as Uint8Array, sibling: async () => undefined },
        { loadTf: async () => tf, layout: 'layered' },
      );
      if (!back.ok) throw new Error(back.error);
      expect(back.doc.metadata.kerasClass, format).toBe(doc.metadata.kerasClass);
    }
  }
  return out;
}

describe('a Sequential model file', () => {
  it('exports as a Sequential to tfjs, Keras JSON, .keras and .h5, predicting as the original', async () => {
    const original = sequentialModel(tf);
    randomizeWeights(tf, original, 4);
    const { doc, weights } = await importSaved(tf, original);
    expect(doc.metadata.kerasClass).toBe('Sequential');
    const saved = original.toJSON(null, false) as unknown as Topology;
    const written = await topologies(doc, weights);
    expect(shapeOf(written.tfjs as Topology)).toEqual(shapeOf(saved));
    expect(shapeOf(written['keras-json'] as Topology)).toEqual(shapeOf(saved));
    // tfjs writes no InputLayer in a Sequential; Keras 2 lists it first.
    expect((written.tfjs as Topology).config.layers[0]?.class_name).toBe('Conv1D');
    expect((written['keras-json'] as Topology).config.layers[0]?.class_name).toBe('InputLayer');
    for (const kind of ['keras', 'h5'] as const) {
      const out = await exportModel(tf, doc, kind, { weights });
      if (!out.ok) throw new Error(out.error);
      await readBackKerasFile(tf, out.files[0] as { path: string; data: Uint8Array }, original);
    }
    original.dispose();
  });

  it('a real Keras 1 Sequential (IMDB LSTM) writes a Keras 2 Sequential', async () => {
    const text = readFileSync('test/fixtures/real/dl4j-imdb-lstm.keras1.json', 'utf8');
    const r = await importFile(
      { name: 'imdb.json', bytes: new TextEncoder().encode(text), sibling: async () => undefined },
      { loadTf: async () => tf, layout: 'layered' },
    );
    if (!r.ok) throw new Error(r.error);
    const out = await exportModel(tf, r.doc, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    const json = JSON.parse(out.files[0]?.data as string) as Topology;
    expect(shapeOf(json)).toEqual(['Sequential', ['Embedding', 'LSTM', 'Dense', 'Activation']]);
    expect(isRecord(json.config) && 'input_layers' in json.config).toBe(false);
  });

  it('a converter-written Sequential model.json (InputLayer listed) is written back with it listed', async () => {
    const text = readFileSync('test/fixtures/real/text-generation-stateful-lstm.model.json', 'utf8');
    const r = importModelText(text.replace(/"units":\s*1024/, '"units": 32'));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.metadata).toMatchObject({ kerasClass: 'Sequential', kerasInputListed: true });
    const out = await exportModel(tf, r.doc, 'tfjs');
    if (!out.ok) throw new Error(out.error);
    const file = JSON.parse(text).modelTopology.model_config as Topology;
    const written = JSON.parse(out.files[0]?.data as string).modelTopology as Topology;
    expect([written.class_name, written.config.layers.map((l) => l.class_name)]).toEqual([
      file.class_name,
      file.config.layers.map((l) => l.class_name),
    ]);
  });

  it("Teachable Machine's outer Sequential (of two nested Sequentials) is written as the file has it", async () => {
    const text = readFileSync('test/fixtures/real/teachable-machine-image.model.json', 'utf8');
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    const out = await exportModel(tf, r.doc, 'tfjs');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
    const written = JSON.parse(out.files[0]?.data as string).modelTopology as Topology;
    expect(shapeOf(written)).toEqual(shapeOf(JSON.parse(text).modelTopology as Topology));
  }, 120_000);

  it('drawn into a graph (a branch added), it is written as a Functional', async () => {
    const { doc } = await importSaved(tf, sequentialModel(tf));
    const first = doc.nodes.find((n) => n.type === 'conv1d');
    if (!first) throw new Error('no conv1d');
    const branched = applyEdit(doc, {
      op: 'addNode',
      node: { id: 'side', type: 'globalMaxPooling1d', name: 'side', params: {}, position: { x: 0, y: 0 } },
    }).doc;
    const wired = applyEdit(branched, {
      op: 'connect',
      edge: { id: 'e_side', source: first.id, target: 'side', targetPort: 0 },
    }).doc;
    const out = await exportModel(tf, wired, 'keras-json');
    if (!out.ok) throw new Error(out.error);
    expect(JSON.parse(out.files[0]?.data as string).class_name).toBe('Functional');
  });
});
