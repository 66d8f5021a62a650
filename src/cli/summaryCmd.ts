/**
 * `skipwire summary <file> [--json]` and `skipwire validate <file>`: the Keras-style table, or one
 * line per problem. Exit 0 when the model is valid, 1 when not, 2 when the file cannot be read.
 */
import { formatSummary, summarize, thousands } from '../compile';
import type { Io } from './io';
import { loadModel, reportDiagnostics } from './load';

export function summaryCommand(command: 'summary' | 'validate', file: string, asJson: boolean, io: Io): number {
  const loaded = loadModel(file, io, { requireValid: false });
  if (typeof loaded === 'number') return loaded;
  const { doc, analysis } = loaded;
  const json = command === 'summary' && asJson;
  if (command === 'summary') {
    const s = summarize(doc.name, analysis);
    io.out(
      json ? JSON.stringify({ ...s, ok: analysis.ok, diagnostics: analysis.diagnostics }, null, 2) : formatSummary(s),
    );
  }
  if (!json) reportDiagnostics(file, doc, analysis, io);
  if (command === 'validate' && analysis.ok)
    io.out(
      `${file}: valid (${analysis.layers.length} layers, ${thousands(analysis.totals.trainable + analysis.totals.nonTrainable)} params)`,
    );
  return analysis.ok ? 0 : 1;
}
