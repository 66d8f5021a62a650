/**
 * Runs one export from the Export menu. Loaded on first use (with the formats module); tfjs is
 * loaded only for the tfjs and Keras JSON exports, which are read back by tfjs (the fidelity
 * check) before anything is saved: a model that fails the check is held back, with the
 * differences, until the user asks for it anyway.
 */
import { getGraph, type SkipwireDoc } from '../../compile';
import { type ExportFile, exportModel, exportRecord, exportSvg, type FidelityReport } from '../../formats';
import type { WeightSet } from '../../formats/weights';
import { downloadDocument, fileNameFor } from '../chrome/files';
import { analysisOf } from '../store/derived';
import { asBlob, type Download, fileStem, saveDownload, svgToPng, zipFiles } from './download';

/** An export format's id (`formats/registry.ts`), or one of the editor's own: the project file and PNG. */
export type ExportKind = string;

export interface ExportOutcome {
  readonly kind: ExportKind;
  /** Why nothing was exported (one line, names the layer for an invalid model). */
  readonly error?: string;
  /** The tfjs read-back check (tfjs and Keras JSON). */
  readonly fidelity?: FidelityReport;
  /** Names of the files saved. */
  readonly saved: readonly string[];
  /** Files held back because the check failed; the menu offers them anyway. */
  readonly held?: readonly Download[];
  /** Which weights a tfjs export carries. */
  readonly weightsNote?: string;
}

export interface ExportContext {
  readonly doc: SkipwireDoc;
  /** Keras Python: add the multi-worker training section. */
  readonly distributed: boolean;
  /** Reads the trained weights (the Training panel's session), if there is one. */
  readonly trainedWeights?: () => Promise<WeightSet | undefined>;
  readonly importedWeights?: WeightSet;
  /** Saves a file: the browser's download by default. */
  readonly save?: (d: Download) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function loadTf() {
  const tf = await import('@tensorflow/tfjs');
  await tf.ready();
  return tf;
}

/** Runs a registry format with the trained, else imported, else fresh weights. */
async function exportFormat(kind: string, ctx: ExportContext) {
  const record = exportRecord(kind);
  if (!record) throw new Error(`unknown export format "${kind}"`);
  // A failed read of the trained weights does not stop the export (it falls back to the imported
  // or fresh weights), but the note says why the trained ones are missing.
  let unread: string | undefined;
  const [tf, trained] = await Promise.all([
    record.needsTf ? loadTf() : undefined,
    record.carriesWeights && ctx.trainedWeights
      ? ctx.trainedWeights().catch((e: unknown) => {
          unread = message(e);
          return undefined;
        })
      : undefined,
  ]);
  const r = await exportModel(tf as Awaited<ReturnType<typeof loadTf>>, ctx.doc, kind, {
    weights: { trained, imported: ctx.importedWeights },
    python: { distributed: ctx.distributed, fileName: `${fileStem(ctx.doc.name)}.py` },
  });
  if (!r.ok) return { r, note: undefined };
  const note = unread
    ? `The trained weights could not be read (${unread}).${r.weightsNote ? ` ${r.weightsNote}` : ''}`
    : r.weightsNote;
  return { r, note };
}

/** Why the model cannot be exported, naming the layer of the first error (the canvas outlines them all). */
export function modelProblem(doc: SkipwireDoc): string | undefined {
  const a = analysisOf(doc);
  if (a.ok) return undefined;
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (!first) return 'the model has no output layer.';
  const graph = getGraph(doc, first.blockId);
  const node = graph?.nodes.find((n) => n.id === first.nodeId);
  const block = first.blockId && graph && 'name' in graph ? ` in block "${graph.name}"` : '';
  const where = node ? `layer "${node.name}"${block}: ` : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}`;
}

/** One file, named after the model as Save names the project (`my_model.py`). */
const single = (f: ExportFile, doc: SkipwireDoc): Download => {
  const ext = /\.[^.]+$/.exec(f.path)?.[0] ?? '';
  return { name: `${fileStem(doc.name)}${ext}`, blob: asBlob(f) };
};

export async function runExport(kind: ExportKind, ctx: ExportContext): Promise<ExportOutcome> {
  const save = ctx.save ?? saveDownload;
  const done = (files: readonly Download[], extra: Partial<ExportOutcome> = {}): ExportOutcome => {
    for (const f of files) save(f);
    return { kind, saved: files.map((f) => f.name), ...extra };
  };
  const problem = kind === 'project' ? undefined : modelProblem(ctx.doc);
  if (problem) return { kind, saved: [], error: problem };
  try {
    switch (kind) {
      case 'project':
        // The toolbar's Save, unchanged.
        downloadDocument(ctx.doc);
        return { kind, saved: [fileNameFor(ctx.doc)] };
      case 'png':
        return done([{ name: `${fileStem(ctx.doc.name)}.png`, blob: await svgToPng(exportSvg(ctx.doc)) }]);
      default: {
        const { r, note } = await exportFormat(kind, ctx);
        if (!r.ok) return { kind, saved: [], error: r.error };
        // Files that only work together (tfjs' model.json + weights.bin) travel as one .zip.
        const files =
          r.files.length > 1
            ? [await zipFiles(r.files, `${fileStem(ctx.doc.name)}.${kind}.zip`)]
            : r.files.map((f) => single(f, ctx.doc));
        const extra = {
          ...(r.fidelity ? { fidelity: r.fidelity } : {}),
          ...(note ? { weightsNote: note } : {}),
        };
        if (r.fidelity && !r.fidelity.pass) return { kind, saved: [], held: files, ...extra };
        return done(files, extra);
      }
    }
  } catch (e) {
    return { kind, saved: [], error: message(e) };
  }
}
