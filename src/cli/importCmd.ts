/**
 * `skipwire import <model file> -o <file.skipwire.json>`: any model file the format registry reads
 * (tfjs model.json, Keras JSON, .keras, .h5) → a Skipwire document, laid out with elkjs.
 * Repeated modules (MobileNetV2's inverted residuals, ResNet's bottlenecks) are named on stdout;
 * `--group-blocks` imports them as blocks (the same model, laid out again).
 * Exit 0 when the document is valid, 1 when it was written but the analysis finds errors, 2 when
 * the file cannot be read or imported (or bad usage).
 */
import { writeFileSync } from 'node:fs';
import {
  analyze,
  describeRepeat,
  findRepeats,
  groupRepeats,
  repeatCount,
  serializeDocument,
  thousands,
} from '../compile';
import { countWeights, FORMAT_LABELS, layoutDocument } from '../formats';
import { ioReason, parseOptions } from './formatArgs';
import { type Io, UsageError } from './io';
import { reportDiagnostics } from './load';
import { readModel } from './readModel';

export async function importCommand(args: readonly string[], io: Io): Promise<number> {
  const { files, values, flags } = parseOptions('import', args, { '-o': '--output', '--output': '--output' }, [
    '--group-blocks',
  ]);
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
  const repeats = findRepeats(r.doc);
  const found = repeatCount(repeats);
  const kinds = repeats.map(describeRepeat).join('; ');
  let doc = r.doc;
  if (found && flags.has('--group-blocks')) {
    const g = groupRepeats(doc);
    doc = await layoutDocument(g.doc);
    io.out(
      `${out}: grouped ${g.instances} repeated blocks into ${g.definitions} block definition${g.definitions === 1 ? '' : 's'}: ${kinds}`,
    );
  } else if (found)
    io.out(`${file}: ${found} repeated blocks found (${kinds}): add --group-blocks to import them as blocks`);
  try {
    writeFileSync(out, serializeDocument(doc));
  } catch (e) {
    io.err(`${out}: cannot write: ${ioReason(e)}`);
    return 2;
  }
  const analysis = analyze(doc);
  reportDiagnostics(out, doc, analysis, io);
  if (!analysis.ok) return 1;
  const params = analysis.totals.trainable + analysis.totals.nonTrainable;
  const n = r.weights ? countWeights(r.weights) : 0;
  const weights = n
    ? `; its ${n} weight${n === 1 ? '' : 's'} are not part of the document: export from ${file} to keep them`
    : '';
  io.out(
    `${out}: imported ${r.formatLabel ?? FORMAT_LABELS[r.format]} "${doc.name}" (${analysis.layers.length} layers, ${thousands(params)} params)${weights}`,
  );
  return 0;
}
