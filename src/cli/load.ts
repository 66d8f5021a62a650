/**
 * The CLI's one load → analyse → report step: every command that takes a model file reads it
 * (a Skipwire document or any importable Keras / tfjs model file, told apart by content), analyses
 * it, and reports problems as `<file>: <layer>: <message>` lines. Exit codes follow `skipwire help`.
 */

import type { Diagnostic, SkipwireDoc } from '../compile';
import { type Analysis, analyze } from '../compile';
import type { WeightSet } from '../formats';
import type { Io } from './io';
import { type ReadModel, readModel } from './readModel';

type ReadModelOk = Exclude<ReadModel, { error: string }>;

/** The name a diagnostic is reported under: the layer, `Block › layer`, or the model. */
export function where(doc: SkipwireDoc, d: Diagnostic): string {
  if (d.blockId !== undefined) {
    const block = doc.blocks.find((b) => b.id === d.blockId);
    const inner = block?.nodes.find((n) => n.id === d.nodeId);
    return `${block?.name ?? d.blockId}${inner ? ` › ${inner.name}` : ''}`;
  }
  return doc.nodes.find((n) => n.id === d.nodeId)?.name ?? doc.name;
}

/** One line per diagnostic (`warning: ` before warnings), and the reason when nothing is wrong but there is no output. */
export function reportDiagnostics(
  file: string,
  doc: SkipwireDoc,
  analysis: Analysis,
  io: Io,
  which: 'all' | 'errors' = 'all',
): void {
  for (const d of analysis.diagnostics) {
    if (which === 'errors' && d.severity !== 'error') continue;
    io.err(`${file}: ${where(doc, d)}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
  }
  if (!analysis.ok && analysis.diagnostics.every((d) => d.severity !== 'error'))
    io.err(`${file}: ${doc.name}: the model has no output layer.`);
}

export interface LoadedModel {
  readonly doc: SkipwireDoc;
  readonly analysis: Analysis;
  /** What the file was, when it was not a Skipwire document. */
  readonly format: ReadModelOk['format'];
  readonly formatLabel?: string;
  /** Import warnings (dropped settings, weights that did not come). */
  readonly warnings: readonly string[];
  /** A model file's own weights, by layer path (a .keras/.h5, a tfjs model.json with its shards). */
  readonly weights?: WeightSet;
}

/**
 * Reads, parses and analyses `file` (any format of the registry, `readModel.ts`). On failure the
 * reason is already reported and the result is the exit code: 2 when the file is unreadable or
 * malformed, 1 when `requireValid` and the model has errors (each reported as a line).
 */
export async function loadModel(
  file: string,
  io: Io,
  options: { requireValid: boolean; layout?: 'elk' | 'layered' },
): Promise<LoadedModel | 1 | 2> {
  const read = await readModel(file, options.layout);
  if ('error' in read) {
    io.err(read.error);
    return 2;
  }
  const { doc } = read;
  const analysis = analyze(doc);
  if (options.requireValid && !analysis.ok) {
    reportDiagnostics(file, doc, analysis, io, 'errors');
    return 1;
  }
  return { ...read, analysis };
}
