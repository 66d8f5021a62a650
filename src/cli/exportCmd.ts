/**
 * `skipwire export <file> --format <id> -o <path> [--distributed]`: the file is a Skipwire
 * document or any importable model file (told apart by content); the formats are the records of
 * `formats/registry.ts`. A multi-file format (tfjs) writes a folder. Formats with weights carry
 * the imported file's own (a tfjs model.json's shards beside it, a .keras/.h5 file's), else
 * freshly initialized ones. The JSON formats are read back
 * by tfjs and compared before anything is written (the fidelity check).
 * Exit codes: 0 written · 1 the model is invalid or failed the check · 2 unreadable input or bad usage.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { thousands } from '../compile';
import { EXPORT_FORMATS, exportModel, exportRecord, predictionAgreement } from '../formats';
import type { TF } from '../nodes';
import { ioReason, parseOptions } from './formatArgs';
import { type Io, UsageError } from './io';
import { loadModel } from './load';
import { loadTf } from './readModel';

export async function exportCommand(args: readonly string[], io: Io): Promise<number> {
  const { files, values, flags } = parseOptions(
    'export',
    args,
    { '-o': '--output', '--output': '--output', '--format': '--format', '-f': '--format' },
    ['--distributed'],
  );
  if (files.length !== 1) throw new UsageError(`skipwire export: expected one file, got ${files.length}`);
  const file = files[0] as string;
  const format = values.get('--format');
  const record = format === undefined ? undefined : exportRecord(format);
  if (!format || !record) throw new UsageError(`skipwire export: --format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const out = values.get('--output');
  if (!out) throw new UsageError(`skipwire export: -o <${format === 'tfjs' ? 'folder' : 'file'}> is required`);
  if (flags.has('--distributed') && format !== 'python')
    throw new UsageError('skipwire export: --distributed applies to --format python only');

  const loaded = await loadModel(file, io, { requireValid: true });
  if (typeof loaded === 'number') return loaded;
  const { doc } = loaded;

  const tf = record.needsTf ? await loadTf() : (undefined as unknown as TF);
  if (record.carriesWeights)
    for (const w of loaded.warnings.filter((x) => /weights/i.test(x))) io.err(`${file}: warning: ${w}`);
  const r = await exportModel(tf, doc, format, {
    ...(loaded.weights ? { weights: { imported: loaded.weights } } : {}),
    python: { distributed: flags.has('--distributed'), fileName: basename(out) },
  });
  if (!r.ok) {
    io.err(`${file}: ${r.error}`);
    return 2;
  }
  if (r.fidelity && !r.fidelity.pass) {
    io.err(`${file}: the exported ${format} model does not match the design; nothing was written:`);
    for (const d of r.fidelity.differences) io.err(`${file}:   ${d}`);
    return 1;
  }
  const written: string[] = [];
  try {
    if (r.files.length > 1) mkdirSync(out, { recursive: true });
    for (const f of r.files) {
      const path = r.files.length > 1 ? join(out, f.path) : out;
      writeFileSync(path, f.data);
      written.push(path);
    }
  } catch (e) {
    io.err(`${out}: cannot write: ${ioReason(e)}`);
    return 2;
  }
  const check = r.fidelity
    ? `; read back and compared: same ${r.fidelity.layers} layers, ${thousands(r.fidelity.params)} params${r.fidelity.maxDifference === undefined ? '' : `, ${predictionAgreement(r.fidelity.maxDifference)}`}`
    : '';
  const carried = loaded.weights && r.weightsNote ? ` (${r.weightsNote.replace(/\.$/, '').toLowerCase()})` : '';
  io.out(`wrote ${written.join(', ')}${carried}${check}`);
  return 0;
}
