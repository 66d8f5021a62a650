/**
 * The steps the round-trip tests of one feature share: a model built by tfjs, saved as tfjs saves
 * it, imported with its weights (the compiled import must predict as the original), and a `.keras`
 * / `.h5` export read back with its weights (it must predict as the original too).
 */
import type * as tfjs from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { compileModel, type SkipwireDoc } from '../compile';
import { compareModels } from './fidelity';
import { importModelText } from './importModel';
import { importFile } from './registry';
import { saveFiles } from './tfjsFixtures.testkit';
import { decodeTfjsWeights } from './tfjsWeights';
import { applyWeights, byPath, type WeightSet } from './weights';

type TF = typeof tfjs;

export interface SavedImport {
  readonly doc: SkipwireDoc;
  readonly weights: { readonly imported: WeightSet };
  /** The files as tfjs saved them. */
  readonly saved: { readonly modelJson: string; readonly weights: Uint8Array };
  readonly warnings: readonly string[];
}

/** Saves `original` as tfjs does, imports the files, and checks that every weight lands and predicts as the original. */
export async function importSaved(tf: TF, original: tfjs.LayersModel): Promise<SavedImport> {
  const saved = await saveFiles(tf, original);
  const imported = importModelText(saved.modelJson);
  if (!imported.ok) throw new Error(imported.error);
  const named = decodeTfjsWeights(
    tf,
    imported.weightsManifest ?? [],
    new Map([['group1-shard1of1.bin', saved.weights]]),
  );
  const weights = { imported: byPath(imported.doc, named) };
  const compiled = compileModel(tf, imported.doc);
  expect(applyWeights(tf, compiled.layers, weights).fresh).toEqual([]);
  expect(compareModels(tf, original, compiled.model).differences).toEqual([]);
  compiled.model.dispose();
  return { doc: imported.doc, weights, saved, warnings: imported.warnings };
}

/** tfjs' own `loadLayersModel` of a tfjs export's files (model.json and its weights file). */
export async function loadTfjsExport(
  tf: TF,
  files: readonly { path: string; data: string | Uint8Array }[],
): Promise<tfjs.LayersModel> {
  const json = JSON.parse(files.find((f) => f.path.endsWith('.json'))?.data as string);
  const bin = files.find((f) => f.path.endsWith('.bin'))?.data as Uint8Array;
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest[0].weights,
      weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
    }),
  );
}

/** Reads an exported `.keras` / `.h5` file back, checks it carries every weight and predicts as `original`; returns its document. */
export async function readBackKerasFile(
  tf: TF,
  file: { path: string; data: string | Uint8Array },
  original: tfjs.LayersModel,
): Promise<{ doc: SkipwireDoc; warnings: readonly string[] }> {
  const back = await importFile(
    { name: file.path, bytes: file.data as Uint8Array, sibling: async () => undefined },
    { loadTf: async () => tf, layout: 'layered' },
  );
  if (!back.ok) throw new Error(back.error);
  const again = compileModel(tf, back.doc);
  expect(applyWeights(tf, again.layers, { imported: back.weights ?? {} }).fresh).toEqual([]);
  expect(compareModels(tf, original, again.model).differences, file.path).toEqual([]);
  again.model.dispose();
  return { doc: back.doc, warnings: back.warnings };
}
