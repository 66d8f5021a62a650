/**
 * `skipwire export <file> --format tfjs|keras-json|python|svg -o <path> [--distributed]`: the file
 * is a Skipwire document or any importable model file (told apart by content). tfjs writes a folder
 * with model.json and weights.bin — the model's own weights when the input is a tfjs model.json
 * whose weight files lie beside it, else freshly initialized ones. The JSON formats are read back
 * by tfjs and compared before anything is written (the fidelity check).
 * Exit codes: 0 written · 1 the model is invalid or failed the check · 2 unreadable input or bad usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { NamedTensorMap } from '@tensorflow/tfjs';
import { thousands } from '../compile';
import { decodeTfjsWeights, EXPORT_FORMATS, type ExportFormat, exportModel, type WeightsManifest } from '../formats';
import type { TF } from '../nodes';
import { ioReason, parseOptions } from './formatArgs';
import { type Io, UsageError } from './io';
import { loadModel } from './load';

/** tfjs, loaded on first use, quiet (no "install tfjs-node" banner) and on the cpu backend. */
async function loadTf(): Promise<TF> {
  const tf = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true);
  await tf.ready();
  return tf;
}

/** The weights of a tfjs model.json from the shard files beside it, or undefined when they are absent. */
function readShards(file: string, manifest: WeightsManifest): Map<string, Uint8Array> | undefined {
  const shards = new Map<string, Uint8Array>();
  for (const path of manifest.flatMap((g) => g.paths)) {
    try {
      shards.set(path, readFileSync(join(dirname(file), path)));
    } catch {
      return undefined;
    }
  }
  return shards;
}

export async function exportCommand(args: readonly string[], io: Io): Promise<number> {
  const { files, values, flags } = parseOptions(
    'export',
    args,
    { '-o': '--output', '--output': '--output', '--format': '--format', '-f': '--format' },
    ['--distributed'],
  );
  if (files.length !== 1) throw new UsageError(`skipwire export: expected one file, got ${files.length}`);
  const file = files[0] as string;
  const format = values.get('--format') as ExportFormat | undefined;
  if (!format || !EXPORT_FORMATS.includes(format))
    throw new UsageError(`skipwire export: --format must be one of ${EXPORT_FORMATS.join(', ')}`);
  const out = values.get('--output');
  if (!out) throw new UsageError(`skipwire export: -o <${format === 'tfjs' ? 'folder' : 'file'}> is required`);
  if (flags.has('--distributed') && format !== 'python')
    throw new UsageError('skipwire export: --distributed applies to --format python only');

  const loaded = loadModel(file, io, { requireValid: true });
  if (typeof loaded === 'number') return loaded;
  const { doc } = loaded;

  const json = format === 'tfjs' || format === 'keras-json';
  const tf = json ? await loadTf() : (undefined as unknown as TF);
  let weights: NamedTensorMap | undefined;
  if (format === 'tfjs' && loaded.weightsManifest) {
    const shards = readShards(file, loaded.weightsManifest);
    if (shards) {
      try {
        weights = decodeTfjsWeights(tf, loaded.weightsManifest, shards);
      } catch (e) {
        io.err(`${file}: ${(e as Error).message}`);
        return 2;
      }
    } else io.err(`${file}: warning: its weight files were not found beside it; exporting initial weights`);
  }
  const r = await exportModel(tf, doc, format, {
    ...(weights ? { weights } : {}),
    python: { distributed: flags.has('--distributed'), fileName: basename(out) },
  });
  if (weights) tf.dispose(Object.values(weights));
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
    if (format === 'tfjs') mkdirSync(out, { recursive: true });
    for (const f of r.files) {
      const path = format === 'tfjs' ? join(out, f.path) : out;
      writeFileSync(path, f.data);
      written.push(path);
    }
  } catch (e) {
    io.err(`${out}: cannot write: ${ioReason(e)}`);
    return 2;
  }
  const check = r.fidelity
    ? `; read back by tfjs: same ${r.fidelity.layers} layers, ${thousands(r.fidelity.params)} params${r.fidelity.maxDifference === undefined ? '' : `, predictions within ${r.fidelity.maxDifference}`}`
    : '';
  io.out(`wrote ${written.join(', ')}${weights ? ' (with the model’s weights)' : ''}${check}`);
  return 0;
}
