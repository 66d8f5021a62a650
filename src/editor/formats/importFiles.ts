/**
 * Import of model files picked with Import… or dropped on the editor: telling the model file from
 * its weight shards, a Skipwire project and training data, reading it with the format registry
 * (loaded on first use, with elkjs for the layout; tfjs only when weights need decoding), and
 * opening the result through the editor's own load path
 * (`replaceDoc`, one undo step, autosaved like Open…).
 */
import type { SkipwireDoc } from '../../compile';
import type { ModelFormat } from '../../formats';
import type { WeightSet } from '../../formats/weights';
import { openText, replaceWith } from '../actions';
import { workerElk } from '../canvas/elk';
import type { EditorStore } from '../store/createStore';
import { keepImportedWeights, trackImports } from './importedWeights';

/** tfjs weight shards (`group1-shard1of1.bin`, `weights.bin`): read only as a model file's siblings. */
const isShard = (f: File) => /\.bin$/i.test(f.name);
const DATA_FILE = /\.(csv|tsv|txt|png|jpe?g|gif|webp|bmp)$/i;

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
      readonly weights?: WeightSet;
    }
  | { readonly kind: 'project'; readonly fileName: string; readonly text: string }
  | { readonly kind: 'error'; readonly fileName?: string; readonly error: string };

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
const list = (files: readonly File[]) => quoted(files.map((f) => f.name));

async function loadTf() {
  const tf = await import('@tensorflow/tfjs');
  await tf.ready();
  return tf;
}

/**
 * Reads the picked or dropped files with the format registry (loaded here, on first use); the
 * files picked with the model file are its siblings (a tfjs model's shards). Never throws.
 */
export async function readModelFiles(files: readonly File[]): Promise<ImportOutcome> {
  const shards = files.filter(isShard);
  const rest = files.filter((f) => !isShard(f));
  const models = rest.filter((f) => !DATA_FILE.test(f.name));
  if (models.length === 0) {
    if (shards.length)
      return { kind: 'error', error: 'Weights files alone cannot be imported: select them together with model.json.' };
    return {
      kind: 'error',
      error: `${list(rest.slice(0, 3))} looks like training data: choose it in the Training panel's data section. Import takes a model file.`,
    };
  }
  if (models.length > 1) return { kind: 'error', error: `Import one model file at a time (got ${list(models)}).` };
  const file = models[0] as File;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    return { kind: 'error', fileName: file.name, error: `Could not read ${file.name}: ${String(e)}` };
  }
  const head = new TextDecoder().decode(bytes.subarray(0, 2000));
  if (isProjectFile(file.name, head)) return { kind: 'project', fileName: file.name, text: await file.text() };

  const formats = await import('../../formats');
  if (!formats.importRecordFor(file.name, bytes))
    return {
      kind: 'error',
      fileName: file.name,
      error: `"${file.name}" is not a model file: choose a ${formats.IMPORT_RECORDS.map((r) => r.label).join(', a ')}, or a .skipwire.json.`,
    };
  const r = await formats.importFile(
    {
      name: file.name,
      bytes,
      sibling: async (name) => {
        const f = files.find((x) => x !== file && x.name === name);
        return f ? new Uint8Array(await f.arrayBuffer()) : undefined;
      },
    },
    // Laid out in a worker, wrapped into columns about as wide as they are tall (big models fit).
    { loadTf, elk: { elk: workerElk(), aspectRatio: 1.4 } },
  );
  if (!r.ok) return { kind: 'error', fileName: file.name, error: `Could not import ${file.name}: ${r.error}` };
  const warnings = [...r.warnings];
  if (shards.length && r.format !== 'tfjs') warnings.push(`${list(shards)}: only a tfjs model.json has weights files.`);
  return {
    kind: 'model',
    fileName: file.name,
    format: r.format,
    formatLabel: r.formatLabel ?? formats.FORMAT_LABELS[r.format],
    doc: r.doc,
    warnings,
    ...(r.weights ? { weights: r.weights } : {}),
  };
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
