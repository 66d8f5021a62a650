/**
 * Import of model files picked with Import… or dropped on the editor: sorting the files (model
 * JSON, weight shards, a Skipwire project, anything else such as training data), reading them
 * with the formats module (loaded on first use, with elkjs for the layout), decoding tfjs weight
 * shards (tfjs loaded only then), and opening the result through the editor's own load path
 * (`replaceDoc`, one undo step, autosaved like Open…).
 */
import type { SkipwireDoc } from '../../compile';
import type { ModelFormat } from '../../formats';
import { openText, replaceWith } from '../actions';
import { workerElk } from '../canvas/elk';
import type { EditorStore } from '../store/createStore';
import { keepImportedWeights, type NamedWeights, trackImports } from './importedWeights';

/** The files of one pick or drop, sorted by what they are. */
export interface SortedFiles {
  readonly json: readonly File[];
  /** tfjs weight shards (`group1-shard1of1.bin`, `weights.bin`). */
  readonly shards: readonly File[];
  readonly others: readonly File[];
}

const DATA_FILE = /\.(csv|tsv|txt|png|jpe?g|gif|webp|bmp)$/i;

export function sortFiles(files: readonly File[]): SortedFiles {
  const json: File[] = [];
  const shards: File[] = [];
  const others: File[] = [];
  for (const f of files) {
    if (/\.json$/i.test(f.name)) json.push(f);
    else if (/\.bin$/i.test(f.name)) shards.push(f);
    else others.push(f);
  }
  return { json, shards, others };
}

/** Whether a drag carries files (the palette's drags carry layer types, not files). */
export const carriesFiles = (types: readonly string[] | DOMStringList): boolean => [...types].includes('Files');

/** A `.skipwire.json` by name, or by its `format` key near the start (serializeDocument writes it first). */
export const isProjectFile = (name: string, text: string): boolean =>
  /\.skipwire\.json$/i.test(name) || /"format"\s*:\s*"skipwire"/.test(text.slice(0, 2000));

export type ImportOutcome =
  | {
      readonly kind: 'model';
      readonly fileName: string;
      readonly format: ModelFormat;
      readonly formatLabel: string;
      readonly doc: SkipwireDoc;
      readonly warnings: readonly string[];
      readonly weights?: NamedWeights;
    }
  | { readonly kind: 'project'; readonly fileName: string; readonly text: string }
  | { readonly kind: 'error'; readonly fileName?: string; readonly error: string };

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
const list = (files: readonly File[]) => quoted(files.map((f) => f.name));

/** Reads the picked or dropped files; never throws. */
export async function readModelFiles(files: readonly File[]): Promise<ImportOutcome> {
  const { json, shards, others } = sortFiles(files);
  if (json.length === 0) {
    if (shards.length)
      return { kind: 'error', error: 'Weights files alone cannot be imported: select them together with model.json.' };
    const data = others.filter((f) => DATA_FILE.test(f.name));
    if (data.length)
      return {
        kind: 'error',
        error: `${list(data.slice(0, 3))} looks like training data: choose it in the Training panel's data section. Import takes a model file (.json).`,
      };
    return {
      kind: 'error',
      error: `${list(others.slice(0, 3))} is not a model file: choose a tfjs model.json, a Keras .json or a .skipwire.json.`,
    };
  }
  if (json.length > 1) return { kind: 'error', error: `Import one model file at a time (got ${list(json)}).` };
  const file = json[0] as File;
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return { kind: 'error', fileName: file.name, error: `Could not read ${file.name}: ${String(e)}` };
  }
  if (isProjectFile(file.name, text)) return { kind: 'project', fileName: file.name, text };

  const formats = await import('../../formats');
  // Laid out in a worker, wrapped into columns about as wide as they are tall (big models fit).
  const r = await formats.importModel(text, { layout: { elk: workerElk(), aspectRatio: 1.4 } });
  if (!r.ok) return { kind: 'error', fileName: file.name, error: `Could not import ${file.name}: ${r.error}` };
  const warnings = [...r.warnings];
  let weights: NamedWeights | undefined;
  const manifest = r.weightsManifest ?? [];
  const paths = manifest.flatMap((g) => g.paths);
  if (shards.length && r.format !== 'tfjs') warnings.push(`${list(shards)}: only a tfjs model.json has weights files.`);
  else if (paths.length && !shards.length)
    warnings.push(
      `The weights (${quoted(paths)}) were not selected: the model starts from fresh weights. Select them together with model.json to keep them.`,
    );
  else if (paths.length) {
    const read = await readShards(manifest, shards);
    if ('error' in read) warnings.push(`Weights not imported: ${read.error}. The model starts from fresh weights.`);
    else weights = read.weights;
  }
  return {
    kind: 'model',
    fileName: file.name,
    format: r.format,
    formatLabel: formats.FORMAT_LABELS[r.format],
    doc: r.doc,
    warnings,
    ...(weights ? { weights } : {}),
  };
}

type Manifest = Parameters<typeof import('../../formats').decodeTfjsWeights>[1];

/** Decodes the shards with tfjs (loaded here) into plain arrays, so no tensor outlives the import. */
async function readShards(
  manifest: Manifest,
  shards: readonly File[],
): Promise<{ weights: NamedWeights } | { error: string }> {
  const [tf, { decodeTfjsWeights }] = await Promise.all([import('@tensorflow/tfjs'), import('../../formats')]);
  const buffers = new Map<string, ArrayBuffer>();
  for (const f of shards) buffers.set(f.name, await f.arrayBuffer());
  try {
    const named = decodeTfjsWeights(tf, manifest, buffers);
    const out = new Map<string, { shape: number[]; values: Float32Array }>();
    for (const [name, t] of Object.entries(named)) {
      out.set(name, { shape: [...t.shape], values: Float32Array.from(t.dataSync()) });
      t.dispose();
    }
    return { weights: out };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Opens what `readModelFiles` read: a model replaces the document (one undo step, like Open…);
 * a project goes through Open…'s own `openText`. Returns the error to show, if any.
 */
export function applyImport(store: EditorStore, outcome: ImportOutcome): string | undefined {
  if (outcome.kind === 'error') return outcome.error;
  if (outcome.kind === 'project') return openText(store, outcome.text, outcome.fileName);
  trackImports(store);
  const n = outcome.doc.nodes.length;
  const extra = outcome.weights ? `, with its weights` : '';
  replaceWith(
    store,
    outcome.doc,
    `Imported ${outcome.fileName} (${outcome.formatLabel}): ${n} layer${n === 1 ? '' : 's'}${extra}.`,
  );
  keepImportedWeights(store, outcome.weights);
  return undefined;
}
