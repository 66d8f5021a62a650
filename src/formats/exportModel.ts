/**
 * One entry point for the editor's Export menu and the CLI: a document and a format → the files
 * to write, with the fidelity check for the JSON formats. Never throws for a user mistake: an
 * invalid model or unusable weights come back as `{ ok: false, error }`.
 *
 * @example
 * const r = await exportModel(tf, doc, 'tfjs', { weights: trainedModel.getWeights() });
 * if (r.ok && r.fidelity?.pass) for (const f of r.files) download(f.path, f.data);
 */

import type { SkipwireDoc } from '../compile';
import { CompileError } from '../compile';
import type { TF } from '../nodes';
import { exportKerasJson, exportTfjs } from './exportJson';
import type { FidelityReport } from './fidelity';
import { ExportError, exportPython, modelName, type PythonOptions } from './python';
import { oneLine } from './safeJson';
import { exportSvg } from './svg';
import { WeightsError, type WeightsInput } from './weights';

export type ExportFormat = 'tfjs' | 'keras-json' | 'python' | 'svg';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['tfjs', 'keras-json', 'python', 'svg'];

export interface ExportFile {
  /** File name (tfjs: `model.json` and `weights.bin`, to put in one folder). */
  readonly path: string;
  readonly data: string | Uint8Array;
  readonly mime: string;
}

export interface ExportOptions {
  /** Trained weights for tfjs (and the Keras JSON check); the initial ones otherwise. */
  readonly weights?: WeightsInput;
  readonly python?: PythonOptions;
}

export type ExportResult =
  | {
      readonly ok: true;
      readonly files: readonly ExportFile[];
      /** The tfjs read-back check (tfjs and keras-json only). */
      readonly fidelity?: FidelityReport;
    }
  | { readonly ok: false; readonly error: string };

/** Exports a document; see the module comment. `tf` is only used by the tfjs and keras-json formats. */
export async function exportModel(
  tf: TF,
  doc: SkipwireDoc,
  format: ExportFormat,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const base = modelName(doc.name);
  try {
    switch (format) {
      case 'tfjs': {
        const r = await exportTfjs(tf, doc, options.weights ? { weights: options.weights } : {});
        return {
          ok: true,
          files: [
            { path: 'model.json', data: `${JSON.stringify(r.modelJson)}\n`, mime: 'application/json' },
            { path: 'weights.bin', data: r.weightData, mime: 'application/octet-stream' },
          ],
          fidelity: r.fidelity,
        };
      }
      case 'keras-json': {
        const r = await exportKerasJson(tf, doc, options.weights ? { weights: options.weights } : {});
        return {
          ok: true,
          files: [{ path: `${base}.json`, data: `${JSON.stringify(r.json, null, 2)}\n`, mime: 'application/json' }],
          fidelity: r.fidelity,
        };
      }
      case 'python':
        return {
          ok: true,
          files: [
            {
              path: `${base}.py`,
              data: exportPython(doc, { fileName: `${base}.py`, ...options.python }),
              mime: 'text/x-python',
            },
          ],
        };
      case 'svg':
        return { ok: true, files: [{ path: `${base}.svg`, data: exportSvg(doc), mime: 'image/svg+xml' }] };
      default:
        return { ok: false, error: `unknown export format "${String(format)}" (one of ${EXPORT_FORMATS.join(', ')})` };
    }
  } catch (e) {
    if (e instanceof ExportError || e instanceof WeightsError || e instanceof CompileError)
      return { ok: false, error: oneLine(e.message, 400) };
    return { ok: false, error: `export failed: ${oneLine(e instanceof Error ? e.message : String(e), 400)}` };
  }
}
