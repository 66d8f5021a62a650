/**
 * Reads the file every command takes: a `.skipwire.json`, or any model file the format registry
 * reads (tfjs model.json with the shards beside it, Keras JSON, `.keras`, `.h5`…), with its
 * weights by layer path. One-line errors; never throws for a user mistake.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SkipwireDoc } from '../compile';
import { parseDocument } from '../compile';
import type { ModelFormat, WeightSet } from '../formats';
import { MAX_MODEL_BYTES } from '../formats/safeJson';
import type { TF } from '../nodes';
import { ioReason } from './formatArgs';

export type ReadModel =
  | {
      readonly doc: SkipwireDoc;
      readonly format: ModelFormat | 'skipwire';
      /** What the file was, in words, when the format does not say it. */
      readonly formatLabel?: string;
      readonly warnings: readonly string[];
      readonly weights?: WeightSet;
    }
  | { readonly error: string };

/** tfjs, loaded on first use, quiet (no "install tfjs-node" banner) and on the cpu backend. */
export async function loadTf(): Promise<TF> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await tf.ready();
  return tf;
}

function readBytes(file: string): Uint8Array | { error: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_MODEL_BYTES)
      return {
        error: `${file}: file too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_MODEL_BYTES / 1048576} MB)`,
      };
    return readFileSync(file);
  } catch (e) {
    return { error: `${file}: cannot read: ${ioReason(e)}` };
  }
}

/** Reads `file`; `layout` is elkjs for `import` (a document people will open), layered otherwise. */
export async function readModel(file: string, layout: 'elk' | 'layered' = 'layered'): Promise<ReadModel> {
  const bytes = readBytes(file);
  if (!(bytes instanceof Uint8Array)) return bytes;
  const head = new TextDecoder().decode(bytes.subarray(0, 2000));
  if (/\.skipwire\.json$/i.test(file) || /"format"\s*:\s*"skipwire"/.test(head)) {
    const r = parseDocument(new TextDecoder().decode(bytes));
    return r.ok ? { doc: r.doc, format: 'skipwire', warnings: [] } : { error: `${file}: ${r.error}` };
  }
  const { importFile } = await import('../formats');
  const r = await importFile(
    {
      name: file,
      bytes,
      sibling: async (name) => {
        const b = readBytes(join(dirname(file), name));
        return b instanceof Uint8Array ? b : undefined;
      },
    },
    { loadTf, layout },
  );
  if (!r.ok) return { error: `${file}: ${r.error}` };
  return {
    doc: r.doc,
    format: r.format,
    warnings: r.warnings,
    ...(r.formatLabel ? { formatLabel: r.formatLabel } : {}),
    ...(r.weights ? { weights: r.weights } : {}),
  };
}
