/**
 * The CLI's one load → analyse → report step: every command that takes a model file reads it
 * (a Skipwire document or any importable Keras / tfjs model file, told apart by content), analyses
 * it, and reports problems as `<file>: <layer>: <message>` lines. Exit codes follow `skipwire help`.
 */

import type { Diagnostic, SkipwireDoc } from '../compile';
import { type Analysis, analyze } from '../compile';
import { parseAnyDocument, type WeightsManifest } from '../formats';
import { readText } from './formatArgs';
import type { Io } from './io';

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
  /** The weight groups of a tfjs model.json (its shards lie beside the file). */
  readonly weightsManifest?: WeightsManifest;
}

/**
 * Reads, parses and analyses `file`. On failure the reason is already reported and the result is
 * the exit code: 2 when the file is unreadable or malformed, 1 when `requireValid` and the model
 * has errors (each reported as a line).
 */
export function loadModel(file: string, io: Io, options: { requireValid: boolean }): LoadedModel | 1 | 2 {
  const read = readText(file);
  if ('error' in read) {
    io.err(read.error);
    return 2;
  }
  const parsed = parseAnyDocument(read.text);
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.error}`);
    return 2;
  }
  const { doc } = parsed;
  const analysis = analyze(doc);
  if (options.requireValid && !analysis.ok) {
    reportDiagnostics(file, doc, analysis, io, 'errors');
    return 1;
  }
  return { doc, analysis, ...(parsed.weightsManifest ? { weightsManifest: parsed.weightsManifest } : {}) };
}
