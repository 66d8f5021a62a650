/**
 * Runs one export from the Export menu. Loaded on first use (with the formats module); tfjs is
 * loaded only for the tfjs and Keras JSON exports, which are read back by tfjs (the fidelity
 * check) before anything is saved: a model that fails the check is held back, with the
 * differences, until the user asks for it anyway.
 */
import { getGraph, type SkipwireDoc } from '../../compile';
import { type ExportFile, exportModel, exportPython, exportSvg, type FidelityReport } from '../../formats';
import type { WeightSnapshot } from '../../train/weights';
import { downloadDocument, fileNameFor } from '../chrome/files';
import { analysisOf } from '../store/derived';
import { asBlob, type Download, fileStem, saveDownload, svgToPng, zipFiles } from './download';
import type { NamedWeights } from './importedWeights';

export type ExportKind = 'tfjs' | 'keras-json' | 'python' | 'project' | 'svg' | 'png';

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
  readonly trainedWeights?: () => Promise<WeightSnapshot | undefined>;
  readonly importedWeights?: NamedWeights;
  /** Saves a file: the browser's download by default. */
  readonly save?: (d: Download) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function loadTf() {
  const tf = await import('@tensorflow/tfjs');
  await tf.ready();
  return tf;
}

/** The files of a JSON export, and the check, with the weights resolved for tfjs. */
async function exportJson(kind: 'tfjs' | 'keras-json', ctx: ExportContext) {
  const [tf, { resolveWeights }, trained] = await Promise.all([
    loadTf(),
    import('./exportWeights'),
    kind === 'tfjs' && ctx.trainedWeights ? ctx.trainedWeights().catch(() => undefined) : undefined,
  ]);
  const resolved = resolveWeights(tf, ctx.doc, trained, ctx.importedWeights);
  try {
    const r = await exportModel(tf, ctx.doc, kind, resolved.weights ? { weights: resolved.weights } : {});
    return { r, note: resolved.note };
  } finally {
    resolved.dispose();
  }
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

const single = (f: ExportFile): Download => ({ name: f.path, blob: asBlob(f) });

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
      case 'python': {
        const name = `${fileStem(ctx.doc.name)}.py`;
        const text = exportPython(ctx.doc, { distributed: ctx.distributed, fileName: name });
        return done([{ name, blob: new Blob([text], { type: 'text/x-python' }) }]);
      }
      case 'svg':
        return done([
          { name: `${fileStem(ctx.doc.name)}.svg`, blob: new Blob([exportSvg(ctx.doc)], { type: 'image/svg+xml' }) },
        ]);
      case 'png':
        return done([{ name: `${fileStem(ctx.doc.name)}.png`, blob: await svgToPng(exportSvg(ctx.doc)) }]);
      case 'tfjs':
      case 'keras-json': {
        const { r, note } = await exportJson(kind, ctx);
        if (!r.ok) return { kind, saved: [], error: r.error };
        const files =
          kind === 'tfjs' ? [await zipFiles(r.files, `${fileStem(ctx.doc.name)}.tfjs.zip`)] : r.files.map(single);
        const extra = {
          ...(r.fidelity ? { fidelity: r.fidelity } : {}),
          ...(kind === 'tfjs' ? { weightsNote: note } : {}),
        };
        if (r.fidelity && !r.fidelity.pass) return { kind, saved: [], held: files, ...extra };
        return done(files, extra);
      }
    }
  } catch (e) {
    return { kind, saved: [], error: message(e) };
  }
}
