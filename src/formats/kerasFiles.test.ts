/**
 * `.keras` and `.h5` files, on real files saved by Keras 2 and 3 (test/fixtures/real/README.md):
 * every layer weight of the file lands on the model (the tfjs export carries exactly them),
 * export → import gives the same bytes per weight, and hostile files built byte by byte end with
 * one line, quickly.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../compile';
import { EXAMPLES } from '../compile';
import { exportModel } from './exportModel';
import type { FileImport } from './formatRecord';
import { readHdf5 } from './hdf5';
import { importFile } from './registry';
import { countWeights, type WeightSet } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const REAL = 'test/fixtures/real';
const read = (file: string) => new Uint8Array(readFileSync(`${REAL}/${file}`));

async function load(name: string, bytes: Uint8Array): Promise<FileImport> {
  return importFile({ name, bytes, sibling: async () => undefined }, { loadTf: async () => tf, layout: 'layered' });
}

async function ok(name: string, bytes: Uint8Array) {
  const r = await load(name, bytes);
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** The layer weights of a legacy .h5, straight from HDF5: every `weight_names` dataset, in order. */
async function h5LayerWeights(bytes: Uint8Array): Promise<Float32Array[]> {
  const h5 = await readHdf5(bytes);
  const names = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
  return names(h5.attrs.get('model_weights')?.layer_names).flatMap((layer) =>
    names(h5.attrs.get(`model_weights/${layer}`)?.weight_names).map(
      (w) => h5.datasets.get(`model_weights/${layer}/${w}`)?.values as Float32Array,
    ),
  );
}

const flat = (set: WeightSet) => Object.values(set).flatMap((ws) => ws.map((w) => w.values));
const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const REAL_FILES = [
  ['churn_keras3.h5', 'keras3', 2_945, 6],
  ['churn_keras3.keras', 'keras3', 2_945, 6],
  ['lstm_keras3.keras', 'keras3', 117_619, 10],
  ['cnn_keras2.h5', 'keras2', 81_066, 12],
  ['lstm_keras2.h5', 'keras2', 21_451, 5],
  ['dense_keras2_2.h5', 'keras2', 11_843, 6],
] as const;

describe.each(REAL_FILES)('%s', (file, format, params, weights) => {
  it('imports with every layer weight; the tfjs export carries exactly those weights', async () => {
    const r = await ok(file, read(file));
    expect(r.format).toBe(format);
    expect(r.warnings.filter((w) => /weights/.test(w))).toEqual([]);
    const w = r.weights ?? {};
    expect(countWeights(w)).toBe(weights);
    expect(flat(w).reduce((n, a) => n + a.length, 0)).toBe(params);
    if (file.endsWith('.h5')) {
      // The same arrays as the HDF5 datasets the file lists for its layers, in the same order.
      const direct = await h5LayerWeights(read(file));
      expect(direct.map(bytesOf)).toEqual(flat(w).map(bytesOf));
    }
    const out = await exportModel(tf, r.doc, 'tfjs', { weights: { imported: w } });
    if (!out.ok) throw new Error(out.error);
    expect(out.weightsNote).toBe('Imported weights.');
    expect(out.fidelity?.pass).toBe(true);
    const bin = out.files[1]?.data as Uint8Array;
    const joined = new Uint8Array(flat(w).reduce((n, a) => n + a.byteLength, 0));
    let at = 0;
    for (const a of flat(w)) {
      joined.set(bytesOf(a), at);
      at += a.byteLength;
    }
    // tfjs writes the weights in model order, which is the file's layer order for these models.
    expect(bin.byteLength).toBe(params * 4);
    expect(Buffer.from(bin).equals(Buffer.from(joined))).toBe(true);
  });

  it('export → import gives the same bytes per weight, as .keras and as .h5', async () => {
    const r = await ok(file, read(file));
    for (const kind of ['keras', 'h5'] as const) {
      const out = await exportModel(tf, r.doc, kind, { weights: { imported: r.weights ?? {} } });
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
      expect(out.fidelity?.maxDifference).toBe(0);
      expect(out.weightsNote).toBe('Imported weights.');
      const file2 = out.files[0];
      expect(file2?.path).toMatch(new RegExp(`\\.${kind}$`));
      const again = await ok(file2?.path as string, file2?.data as Uint8Array);
      expect(Object.keys(again.weights ?? {})).toEqual(Object.keys(r.weights ?? {}));
      expect(flat(again.weights ?? {}).map(bytesOf)).toEqual(flat(r.weights ?? {}).map(bytesOf));
    }
  });
});

describe('writing Keras files', () => {
  it('writes fresh weights for a model with blocks, and the .h5 has the legacy layout Keras 2 reads', async () => {
    const doc = (EXAMPLES['apes-block'] as () => SkipwireDoc)();
    const out = await exportModel(tf, doc, 'h5');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass).toBe(true);
    expect(out.weightsNote).toMatch(/^Initial \(untrained\) weights/);
    const h5 = await readHdf5(out.files[0]?.data as Uint8Array);
    const root = h5.attrs.get('') ?? {};
    expect(JSON.parse(root.model_config as string).class_name).toBe('Functional');
    expect(root.keras_version).toBe('2.15.0');
    expect(root.backend).toBe('tensorflow');
    const layers = h5.attrs.get('model_weights')?.layer_names as string[];
    const conv = layers.find((l) => (h5.attrs.get(`model_weights/${l}`)?.weight_names as string[] | undefined)?.length);
    const names = h5.attrs.get(`model_weights/${conv}`)?.weight_names as string[];
    expect(names[0]).toBe(`${conv}/kernel:0`);
    expect(h5.datasets.has(`model_weights/${conv}/${conv}/kernel:0`)).toBe(true);
  });

  it('writes the .keras archive as Keras 3 does: config.json, metadata.json, layers/<key>/vars/<i>', async () => {
    const r = await ok('lstm_keras3.keras', read('lstm_keras3.keras'));
    const out = await exportModel(tf, r.doc, 'keras', { weights: { imported: r.weights ?? {} } });
    if (!out.ok) throw new Error(out.error);
    const { unzipSync } = await import('fflate');
    const files = unzipSync(out.files[0]?.data as Uint8Array);
    expect(Object.keys(files).sort()).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    expect(JSON.parse(new TextDecoder().decode(files['metadata.json'])).keras_version).toMatch(/^3\./);
    const h5 = await readHdf5(files['model.weights.h5'] as Uint8Array);
    expect([...h5.datasets.keys()].sort()).toEqual([
      'layers/dense/vars/0',
      'layers/dense/vars/1',
      'layers/dense_1/vars/0',
      'layers/dense_1/vars/1',
      'layers/lstm/cell/vars/0',
      'layers/lstm/cell/vars/1',
      'layers/lstm/cell/vars/2',
      'layers/lstm_1/cell/vars/0',
      'layers/lstm_1/cell/vars/1',
      'layers/lstm_1/cell/vars/2',
    ]);
  });
});

/** A Keras 2.x `.keras` archive written on Windows: group names with backslashes. */
async function backslashArchive(): Promise<Uint8Array> {
  const { writeHdf5 } = await import('./hdf5');
  const r = await ok('churn_keras3.keras', read('churn_keras3.keras'));
  const { unzipSync } = await import('fflate');
  const files = unzipSync(read('churn_keras3.keras'));
  const w = Object.values(r.weights ?? {});
  const h5 = await writeHdf5({
    groups: [
      'layers\\dense',
      'layers\\dense\\vars',
      'layers\\dense_1',
      'layers\\dense_1\\vars',
      'layers\\dense_2',
      'layers\\dense_2\\vars',
    ].map((path) => ({ path })),
    datasets: w.flatMap((ws, i) =>
      ws.map((x, j) => ({
        path: `layers\\${i ? `dense_${i}` : 'dense'}\\vars/${j}`,
        shape: x.shape,
        values: x.values,
      })),
    ),
  });
  return zipSync({
    'config.json': files['config.json'] as Uint8Array,
    'metadata.json': strToU8('{"keras_version": "2.13.1"}'),
    'model.weights.h5': h5,
  });
}

describe('unusual and hostile files', () => {
  it('reads the Keras 2.x .keras variant with backslashes in its group names', async () => {
    const r = await ok('model.keras', await backslashArchive());
    expect(countWeights(r.weights ?? {})).toBe(6);
    expect(r.warnings.filter((w) => /weights/.test(w))).toEqual([]);
  });

  const cases: [string, () => Promise<Uint8Array> | Uint8Array, RegExp][] = [
    [
      'a truncated .h5',
      () => read('churn_keras3.h5').slice(0, 30_000),
      /^cannot (open|read) the HDF5 file.*truncated or damaged\)?$/,
    ],
    [
      'an .h5 cut after its signature',
      () => read('churn_keras3.h5').slice(0, 12),
      /^cannot open the HDF5 file: it is truncated or damaged$/,
    ],
    [
      'a truncated .keras',
      () => read('churn_keras3.keras').slice(0, 20_000),
      /^not a readable \.keras archive .*truncated$/,
    ],
    [
      'a zip bomb',
      () => zipSync({ 'config.json': strToU8('{}'), 'model.weights.h5': new Uint8Array(20 << 20) }),
      /^archive entry "model\.weights\.h5" unpacks to too much \(a zip bomb\?\)$/,
    ],
    [
      'an archive of 100 entries',
      () => zipSync(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, strToU8('x')]))),
      /^the archive has more than 64 entries$/,
    ],
    [
      'an archive without config.json',
      () => zipSync({ 'metadata.json': strToU8('{}') }),
      /^the archive has no config\.json/,
    ],
    [
      'a config.json that is not JSON',
      () => zipSync({ 'config.json': strToU8('{"class_name": "Sequential", ') }),
      /^config\.json: not valid JSON/,
    ],
    [
      'a weights-only .h5 (save_weights)',
      async () => {
        const { writeHdf5 } = await import('./hdf5');
        return writeHdf5({ groups: [{ path: '', attrs: { layer_names: ['dense'] } }], datasets: [] });
      },
      /^this \.h5 file holds weights only/,
    ],
  ];
  it.each(cases)('%s: one line, no hang', async (_, make, message) => {
    const started = performance.now();
    const bytes = await make();
    const r = await load(_.includes('.h5') ? 'model.h5' : 'model.keras', bytes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(message);
    expect(r.error).not.toContain('\n');
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
