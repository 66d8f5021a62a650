/**
 * One entry point for the editor's Export menu and the CLI: a document and a format id (a record
 * of `registry.ts`) → the files to write, with the read-back check where the format has one and
 * a sentence on which weights they carry. Never throws for a user mistake: an invalid model or
 * unusable weights come back as `{ ok: false, error }`.
 *
 * @example
 * const r = await exportModel(tf, doc, 'tfjs', { weights: { trained } });
 * if (r.ok && r.fidelity?.pass) for (const f of r.files) download(f.path, f.data);
 */

import type { SkipwireDoc } from '../compile';
import { CompileError } from '../compile';
import type { TF } from '../nodes';
import type { FidelityReport } from './fidelity';
import type { ExportFile, ExportOptions } from './formatRecord';
import { ExportError } from './python';
import { EXPORT_RECORDS, exportRecord } from './registry';
import { oneLine } from './safeJson';
import { describeWeights, WeightsError } from './weights';

export type { ExportFile, ExportOptions } from './formatRecord';

/** The ids of every export format (the CLI's `--format` values). */
export const EXPORT_FORMATS: readonly string[] = EXPORT_RECORDS.map((r) => r.id);

export type ExportResult =
  | {
      readonly ok: true;
      readonly files: readonly ExportFile[];
      /** The read-back check (tfjs, Keras JSON and the Keras files). */
      readonly fidelity?: FidelityReport;
      /** Which weights the files carry, in one sentence (formats with weights only). */
      readonly weightsNote?: string;
    }
  | { readonly ok: false; readonly error: string };

/** Exports a document; see the module comment. `tf` is only used by the formats that need it. */
export async function exportModel(
  tf: TF,
  doc: SkipwireDoc,
  format: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const record = exportRecord(format);
  if (!record) return { ok: false, error: `unknown export format "${format}" (one of ${EXPORT_FORMATS.join(', ')})` };
  try {
    const r = await record.run(tf, doc, options);
    return {
      ok: true,
      files: r.files,
      ...(r.fidelity ? { fidelity: r.fidelity } : {}),
      ...(r.applied ? { weightsNote: describeWeights(r.applied, options.weights ?? {}) } : {}),
    };
  } catch (e) {
    if (e instanceof ExportError || e instanceof WeightsError || e instanceof CompileError)
      return { ok: false, error: oneLine(e.message, 400) };
    return { ok: false, error: `export failed: ${oneLine(e instanceof Error ? e.message : String(e), 400)}` };
  }
}
