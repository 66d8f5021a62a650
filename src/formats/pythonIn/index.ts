/**
 * Keras Python in: a static reader of the model-building subset of a Keras script (see reader.ts).
 * The script is parsed with @lezer/python and read, never run; the model it builds comes out as
 * the importer's `RawModel` and goes through the same converter as a Keras `to_json()` file, so
 * each layer's Keras mapping reads its arguments. Helpers called with tensors become blocks.
 *
 * @example
 * const r = importPythonText('from keras.layers import Input, Dense\nx = Input(shape=(4,))\ny = Dense(2)(x)\n');
 * if (r.ok) r.doc; // input → dense
 */
import { parser } from '@lezer/python';
import { mergeSizeVariants, type SkipwireDoc } from '../../compile';
import { convertModel } from '../importer';
import { type ImportResult, laidOut } from '../importModel';
import type { RawModel } from '../kerasModel';
import { type LayoutOptions, layoutLayered } from '../layout';
import { oneLine } from '../safeJson';
import { formatOf, MixedGraphs, rawModel } from './keras';
import { PythonReader } from './reader';
import { skippedStateModels } from './states';
import { GraphScope, PyImportError, Skip } from './values';

/** Scripts larger than this are refused (a model-building script is a few kilobytes). */
export const MAX_PYTHON_BYTES = 2_000_000;

export interface PythonImportOptions {
  readonly maxBytes?: number;
  readonly layout?: LayoutOptions;
}

type Read = { ok: true; model: RawModel; reader: PythonReader } | { ok: false; error: string };

/** Reads the script and finds the model it builds. */
function readScript(text: string, maxBytes = MAX_PYTHON_BYTES): Read {
  if (text.length > maxBytes)
    return {
      ok: false,
      error: `the script is larger than ${Math.round(maxBytes / 1000)} kB; a model-building script is far smaller`,
    };
  const r = new PythonReader(text);
  try {
    r.statements(parser.parse(text).topNode);
    let model = lastModel(r);
    // A script that only defines its builder (`def build_model(): …`): call the ones without arguments.
    for (const fn of r.functions) {
      if (model) break;
      if (fn.params.some((p) => !('default' in p) && !p.star)) continue;
      try {
        r.runBody(fn.body, new Map(fn.params.map((p) => [p.name, p.default])));
      } catch (e) {
        if (!(e instanceof Skip)) throw e;
      }
      model = lastModel(r);
    }
    const states = skippedStateModels(r);
    if (!model && states.length)
      return {
        ok: false,
        error: `${states[states.length - 1]}; feed the states to a layer, or output the layers that use them`,
      };
    if (!model) {
      const why = r.skipped.size ? ` (${r.skipped.size} statements were skipped: they do not build a model)` : '';
      return {
        ok: false,
        error: `no Keras model found in the script${why}: Skipwire reads layers called on tensors (x = Dense(10)(x)), keras.Model(inputs, outputs) and keras.Sequential([...])`,
      };
    }
    return { ok: true, model, reader: r };
  } catch (e) {
    if (e instanceof PyImportError) return { ok: false, error: oneLine(e.message, 400) };
    if (e instanceof MixedGraphs)
      return { ok: false, error: 'the script mixes tensors of two different models in one layer call' };
    if (e instanceof Skip) return { ok: false, error: `cannot read the script: ${e.message}` };
    throw e;
  }
}

/** The last model made, else the layers built at the top level (a snippet without Model()). */
function lastModel(r: PythonReader): RawModel | undefined {
  const m = r.models[r.models.length - 1];
  if (m) return rawModel(r, m, false, m.node as NonNullable<typeof m.node>);
  if (skippedStateModels(r).length) return undefined;
  const layers = r.graph.layers;
  if (!layers.some((l) => l.className !== 'InputLayer')) return undefined;
  const graph = r.graph;
  r.graph = new GraphScope();
  return {
    name: 'model',
    format: formatOf(r),
    layers: graph.layers.map((l) => ({ ...l, calls: [...l.calls] })),
    inputs: [],
    outputs: [],
  };
}

/** The skipped statements, in one line, with their first lines. */
function skippedLine(r: PythonReader): string[] {
  const n = r.skipped.size;
  if (!n) return [];
  const lines = [...r.skipped].sort((a, b) => a - b).map((p) => r.where(p).replace(/^line (\d+):.*/, '$1'));
  const shown = lines.slice(0, 6).join(', ') + (lines.length > 6 ? ', …' : '');
  const u = r.unparsed.size;
  const syntax = u ? `; ${u} of them ${u > 1 ? 'are' : 'is'} not valid Python 3` : '';
  return [
    `skipped ${n} statement${n > 1 ? 's' : ''} that do${n > 1 ? '' : 'es'} not build the model (line${n > 1 ? 's' : ''} ${shown})${syntax}`,
  ];
}

/** Block names from the helpers' docstrings (`"""ApesBlock: its layers are named …"""`, as the export writes). */
function nameBlocks(doc: SkipwireDoc, r: PythonReader): SkipwireDoc {
  const names = new Map(
    r.functions.flatMap((f) => {
      const m = /^\s*(.+?): its layers are named/.exec(f.doc ?? '');
      return m ? [[f.name, m[1] as string] as const] : [];
    }),
  );
  return {
    ...doc,
    blocks: doc.blocks.map((b) => {
      const base = b.id.replace(/_\d+$/, '');
      const name = names.get(b.id) ?? (b.id === b.name ? names.get(base) : undefined);
      return name ? { ...b, name } : b;
    }),
  };
}

/**
 * One definition per helper: the calls of a `def` with different literal sizes (`conv_block(x, 16)`,
 * `conv_block(x, 32)`) made a definition each; they become one, the sizes exposed params.
 */
function mergeHelperSizes(doc: SkipwireDoc, r: PythonReader): SkipwireDoc {
  let out = doc;
  for (const f of r.functions) {
    const ids = doc.blocks.map((b) => b.id).filter((id) => id === f.name || id.replace(/_\d+$/, '') === f.name);
    if (ids.length > 1) out = mergeSizeVariants(out, ids);
  }
  return out;
}

/** The script's description: the export's docstring paragraph, else where it came from. */
function describe(doc: SkipwireDoc, text: string): SkipwireDoc {
  const m = /^\s*"""[^\n]*: a Keras 3 model generated by Skipwire\.\n\n([\s\S]*?)\n\nRun it with/.exec(text);
  const description = m ? (m[1] as string).replace(/\s+/g, ' ').trim() : 'Imported from a Keras Python script.';
  return { ...doc, metadata: { ...doc.metadata, description } };
}

/** Reads a Keras Python script into a document, without layout. */
function importScript(text: string, maxBytes?: number): ImportResult {
  const read = readScript(text, maxBytes);
  if (!read.ok) return read;
  const c = convertModel(read.model);
  if (!c.ok) return c;
  const doc = describe(nameBlocks(mergeHelperSizes(c.doc, read.reader), read.reader), text);
  return {
    ok: true,
    doc,
    format: read.model.format,
    warnings: [...skippedLine(read.reader), ...read.reader.notes.slice(0, 5), ...c.warnings],
  };
}

/** Imports a Keras Python script synchronously, with the simple layered layout. */
export function importPythonText(text: string, options: PythonImportOptions = {}): ImportResult {
  const r = importScript(text, options.maxBytes);
  return r.ok ? { ...r, doc: layoutLayered(r.doc) } : r;
}

/** Imports a Keras Python script, laid out with elkjs. */
export async function importPython(text: string, options: PythonImportOptions = {}): Promise<ImportResult> {
  return laidOut(importScript(text, options.maxBytes), options.layout);
}
