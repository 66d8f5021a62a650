/**
 * `skipwire import <model.json> -o <file.skipwire.json>`: a tfjs model.json, a Keras 2 / Keras 3
 * to_json() or config.json, or a Keras 1 JSON → a Skipwire document, laid out with elkjs.
 * Exit 0 when the document is valid, 1 when it was written but the analysis finds errors, 2 when
 * the file cannot be read or imported (or bad usage).
 */
import { writeFileSync } from 'node:fs';
import { analyze, serializeDocument, thousands } from '../compile';
import { FORMAT_LABELS, importModel } from '../formats';
import { ioReason, parseOptions, readText } from './formatArgs';
import { type Io, UsageError } from './io';
import { reportDiagnostics } from './load';

export async function importCommand(args: readonly string[], io: Io): Promise<number> {
  const { files, values } = parseOptions('import', args, { '-o': '--output', '--output': '--output' }, []);
  if (files.length !== 1) throw new UsageError(`skipwire import: expected one model file, got ${files.length}`);
  const file = files[0] as string;
  const out = values.get('--output');
  if (!out) throw new UsageError('skipwire import: -o <file.skipwire.json> is required');
  const read = readText(file);
  if ('error' in read) {
    io.err(read.error);
    return 2;
  }
  const r = await importModel(read.text);
  if (!r.ok) {
    io.err(`${file}: ${r.error}`);
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
  io.out(
    `${out}: imported ${FORMAT_LABELS[r.format]} "${r.doc.name}" (${analysis.layers.length} layers, ${thousands(params)} params)`,
  );
  return 0;
}
