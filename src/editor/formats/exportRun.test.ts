/**
 * The export and import logic behind the menus, in Node with tfjs' cpu backend: what each
 * export saves, the fidelity check, and which weights a tfjs export carries (fresh, trained,
 * imported with a tfjs model and kept through edits but not through undoing the import).
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../../compile';
import { compileModel, EXAMPLES } from '../../compile';
import { readWeights as getWeights } from '../../formats/weights';
import { createEditorStore } from '../store/createStore';
import { mismatchedAdd } from '../test/factories.testkit';
import type { Download } from './download';
import { type ExportContext, runExport } from './exportRun';
import { importedWeightsFor } from './importedWeights';
import { applyImport, readModelFiles } from './importFiles';

const spirals = () => (EXAMPLES.spirals as () => SkipwireDoc)();

async function exportWith(
  kind: Parameters<typeof runExport>[0],
  ctx: Omit<ExportContext, 'save' | 'distributed'> & { distributed?: boolean },
) {
  const saved: Download[] = [];
  const outcome = await runExport(kind, { distributed: false, ...ctx, save: (d) => saved.push(d) });
  return { outcome, saved };
}

async function unzip(d: Download): Promise<Record<string, Uint8Array>> {
  return unzipSync(new Uint8Array(await d.blob.arrayBuffer()));
}

/** The tfjs export of `doc` as the files a user would select to import it again. */
async function tfjsFiles(doc: SkipwireDoc, ctx: Partial<ExportContext> = {}): Promise<File[]> {
  const { saved } = await exportWith('tfjs', { doc, ...ctx });
  const files = await unzip(saved[0] as Download);
  return Object.entries(files).map(([name, data]) => new File([data as Uint8Array<ArrayBuffer>], name));
}

const weightBytes = async (doc: SkipwireDoc, ctx: Partial<ExportContext> = {}) => {
  const { saved, outcome } = await exportWith('tfjs', { doc, ...ctx });
  return { bytes: (await unzip(saved[0] as Download))['weights.bin'] as Uint8Array, outcome };
};

describe('runExport', () => {
  it('saves a tfjs model as one .zip of model.json and weights.bin, after a passing fidelity check', async () => {
    const { outcome, saved } = await exportWith('tfjs', { doc: spirals() });
    expect(outcome.error).toBeUndefined();
    expect(outcome.fidelity?.pass).toBe(true);
    expect(outcome.fidelity?.params).toBe(626);
    expect(outcome.saved).toEqual(['spirals.tfjs.zip']);
    expect(outcome.weightsNote).toMatch(/^Initial \(untrained\) weights/);
    const files = await unzip(saved[0] as Download);
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(new TextDecoder().decode(files['model.json']));
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(files['weights.bin']?.byteLength).toBe(626 * 4);
  });

  it('checks the Keras JSON too, and refuses an invalid model naming the layer', async () => {
    const ok = await exportWith('keras-json', { doc: spirals() });
    expect(ok.outcome.fidelity?.pass).toBe(true);
    expect(ok.saved.map((d) => d.name)).toEqual(['spirals.json']);
    expect(JSON.parse(await (ok.saved[0] as Download).blob.text()).class_name).toBe('Functional');
    const bad = await exportWith('keras-json', { doc: mismatchedAdd() });
    expect(bad.saved).toEqual([]);
    expect(bad.outcome.error).toMatch(/^layer "add": Add needs inputs of the same shape/);
  });

  it('writes the Python script with the multi-worker section only when asked', async () => {
    const plain = await exportWith('python', { doc: spirals() });
    const multi = await exportWith('python', { doc: spirals(), distributed: true });
    expect(plain.saved.map((d) => d.name)).toEqual(['spirals.py']);
    expect(await (plain.saved[0] as Download).blob.text()).not.toContain('MultiWorkerMirroredStrategy');
    expect(await (multi.saved[0] as Download).blob.text()).toContain('MultiWorkerMirroredStrategy');
    const svg = await exportWith('svg', { doc: spirals() });
    expect(await (svg.saved[0] as Download).blob.text()).toMatch(/^<svg/);
  });

  it('exports the trained weights when the Training session has them', async () => {
    const doc = spirals();
    const trainedModel = compileModel(tf, doc);
    const snapshot = await getWeights(trainedModel.layers);
    trainedModel.model.dispose();
    const fresh = await weightBytes(doc);
    const a = await weightBytes(doc, { trainedWeights: async () => snapshot });
    const b = await weightBytes(doc, { trainedWeights: async () => snapshot });
    expect(a.outcome.weightsNote).toBe('Trained weights.');
    expect(a.outcome.fidelity?.pass).toBe(true);
    expect(a.bytes).toEqual(b.bytes);
    expect(a.bytes).not.toEqual(fresh.bytes);
    // After an edit that changes one layer, the others keep their trained weights.
    const edited = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === 'output' ? { ...n, params: { ...n.params, units: 3 } } : n)),
    };
    const c = await weightBytes(edited, { trainedWeights: async () => snapshot });
    expect(c.outcome.weightsNote).toBe('Trained weights for 3 of 4 layers; 1 changed layer keeps initial weights.');
  });

  it('says why when the trained weights cannot be read, and exports the fresh ones', async () => {
    const doc = spirals();
    const lost = await weightBytes(doc, {
      trainedWeights: async () => {
        throw new Error('the training worker has stopped');
      },
    });
    expect(lost.outcome.error).toBeUndefined();
    expect(lost.outcome.fidelity?.pass).toBe(true);
    expect(lost.outcome.weightsNote).toMatch(
      /^The trained weights could not be read \(the training worker has stopped\)\./,
    );
  });
});

describe('import with weights', () => {
  it('imports a tfjs model.json with its weights, and exports those weights again while the model is edited', async () => {
    const files = await tfjsFiles(spirals());
    const original = new Uint8Array(await (files.find((f) => f.name === 'weights.bin') as File).arrayBuffer());
    const outcome = await readModelFiles(files);
    expect(outcome.kind).toBe('model');
    if (outcome.kind !== 'model') return;
    expect(outcome.format).toBe('tfjs');
    expect(Object.values(outcome.weights ?? {}).flat()).toHaveLength(8);

    const before = EXAMPLES['apes-block']?.() as SkipwireDoc;
    const store = createEditorStore(before);
    expect(applyImport(store, outcome)).toBeUndefined();
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Imported model.json (TensorFlow.js layers model): 6 layers, with its weights. Ctrl+Z brings back "apes_block".',
    );
    const again = await weightBytes(store.getState().doc, { importedWeights: importedWeightsFor(store) as never });
    expect(again.outcome.weightsNote).toBe('Imported weights.');
    expect(again.bytes).toEqual(original);

    // Still the imported model after an edit; not after undoing the edit and the import.
    store.getState().apply({ op: 'rename', node: 'hidden', name: 'hidden_layer' });
    expect(importedWeightsFor(store)).toBe(outcome.weights);
    store.getState().undo();
    expect(importedWeightsFor(store)).toBe(outcome.weights);
    store.getState().undo();
    expect(store.getState().doc).toBe(before);
    expect(importedWeightsFor(store)).toBeUndefined();
    store.getState().redo();
    expect(importedWeightsFor(store)).toBe(outcome.weights);
    store.getState().replaceDoc(spirals());
    expect(importedWeightsFor(store)).toBeUndefined();
  });

  it('imports the graph with a warning when the weights files are missing or truncated', async () => {
    const files = await tfjsFiles(spirals());
    const json = files.filter((f) => f.name === 'model.json');
    const alone = await readModelFiles(json);
    expect(alone.kind === 'model' && alone.warnings).toEqual([
      'The weights ("weights.bin") were not found with model.json: the model starts from fresh weights. Select them together with model.json to keep them.',
    ]);
    const cut = new File([new Uint8Array(100)], 'weights.bin');
    const truncated = await readModelFiles([...json, cut]);
    expect(truncated.kind === 'model' && truncated.weights === undefined).toBe(true);
    expect(truncated.kind === 'model' && truncated.warnings[0]).toMatch(
      /^Weights not imported: the weights files hold 100 bytes but the manifest needs 2,504/,
    );
  });

  it('tells weights alone, several models, projects and unknown files apart', async () => {
    expect(await readModelFiles([new File(['x'], 'weights.bin')])).toMatchObject({ kind: 'error' });
    const two = await readModelFiles([new File(['{}'], 'a.json'), new File(['{}'], 'b.json')]);
    expect(two).toEqual({ kind: 'error', error: 'Import one model file at a time (got "a.json", "b.json").' });
    const project = await readModelFiles([new File(['{"format": "skipwire"}'], 'x.json')]);
    expect(project.kind).toBe('project');
    const other = await readModelFiles([new File(['x'], 'notes.md')]);
    expect(other.kind === 'error' && other.error).toContain('"notes.md" is not a model file');
  });
});
