/**
 * `skipwire import <model file> -o <file.skipwire.json>`: any model file the format registry reads
 * (tfjs model.json, Keras JSON, .keras, .h5) → a Skipwire document, laid out with elkjs.
 * Exit 0 when the document is valid, 1 when it was written but the analysis finds errors, 2 when
 * the file cannot be read or imported (or bad usage).
 */
import { writeFileSync } from 'node:fs';
import { analyze, serializeDocument, thousands } from '../compile';
import { countWeights, FORMAT_LABELS } from '../formats';
import { ioReason, parseOptions } from './formatArgs';
import { type Io, UsageError } from './io';
import { reportDiagnostics } from './load';
import { readModel } from './readModel';

export async function importCommand(args: readonly string[], io: Io): Promise<number> {
  const { files, values } = parseOptions('import', args, { '-o': '--output', '--output': '--output' }, []);
  if (files.length !== 1) throw new UsageError(`skipwire import: expected one model file, got ${files.length}`);
  const file = files[0] as string;
  const out = values.get('--output');
  if (!out) throw new UsageError('skipwire import: -o <file.skipwire.json> is required');
  const r = await readModel(file, 'elk');
  if ('error' in r) {
    io.err(r.error);
    return 2;
  }
  if (r.format === 'skipwire') {
    io.err(`${file}: this is a Skipwire document, not a Keras or tfjs model: open it directly`);
    return 2;
  }
  for (const w of r.warnings) io.err(`${file}: warning: ${w}`);
  try {
    writeFileSync(out, serializeDocument(r.doc));
  } catch (e) {
    io.err(`${out}: cannot write: ${ioReason(e)}`);
    return 2;
  }
  const analysis = analyze(r.doc);
  reportDiagnostics(out, r.doc, analysis, io);
  if (!analysis.ok) return 1;
  const params = analysis.totals.trainable + analysis.totals.nonTrainable;
  const n = r.weights ? countWeights(r.weights) : 0;
  const weights = n
    ? `; its ${n} weight${n === 1 ? '' : 's'} are not part of the document: export from ${file} to keep them`
    : '';
  io.out(
    `${out}: imported ${r.formatLabel ?? FORMAT_LABELS[r.format]} "${r.doc.name}" (${analysis.layers.length} layers, ${thousands(params)} params)${weights}`,
  );
  return 0;
}
