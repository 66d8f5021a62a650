/** `skipwire import`, `skipwire export`, and summary / validate on Keras and tfjs files. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, residual, serializeDocument } from '../compile';
import { compareModels } from '../formats/fidelity';
import { pythonParses } from '../formats/formats.testkit';
import { randomizeWeights, residualCnn, saveFiles } from '../formats/tfjsFixtures.testkit';
import { run } from './main';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'skipwire-formats-'));
const KERAS3 = 'test/fixtures/keras/keras3_functional.json';
const APESNET = 'public/examples/apesnet.skipwire.json';

describe('skipwire import', () => {
  it('writes a valid document with the layer names kept', async () => {
    const out = join(tmp, 'k3.skipwire.json');
    const r = await cli('import', KERAS3, '-o', out);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe(`${out}: imported Keras 3 JSON "functional" (8 layers, 355 params)`);
    const doc = parseDocument(readFileSync(out, 'utf8'));
    if (!doc.ok) throw new Error(doc.error);
    expect(doc.doc.nodes.map((n) => n.name)).toContain('leaky_re_lu');
  });

  it('exits 2 with one line for an unsupported model, a missing file and bad usage', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        class_name: 'Sequential',
        config: [{ class_name: 'Dense', config: { name: 'd', batch_input_shape: [null, 2], units: -3 } }],
      }),
    );
    expect(await cli('import', bad, '-o', join(tmp, 'x.json'))).toMatchObject({
      code: 2,
      err: `${bad}: layer "d" (Dense): units must be a whole number ≥ 1 (got -3)`,
    });
    expect(await cli('import', join(tmp, 'none.json'), '-o', 'x')).toMatchObject({
      code: 2,
      err: `${join(tmp, 'none.json')}: cannot read: no such file`,
    });
    expect(await cli('import', KERAS3)).toMatchObject({
      code: 2,
      err: 'skipwire import: -o <file.skipwire.json> is required',
    });
    expect(await cli('import', KERAS3, '-o')).toMatchObject({ code: 2, err: 'skipwire import: -o needs a value' });
  });
});

describe('skipwire export', () => {
  it('python: the ApesNet script, as the golden file', async () => {
    const out = join(tmp, 'apesnet.py');
    const r = await cli('export', APESNET, '--format', 'python', '-o', out);
    expect(r).toMatchObject({ code: 0, out: `wrote ${out}` });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync('test/fixtures/golden/apesnet.py', 'utf8'));
    const d = join(tmp, 'apesnet_dist.py');
    expect((await cli('export', APESNET, '--format=python', '--distributed', '-o', d)).code).toBe(0);
    const script = readFileSync(d, 'utf8');
    expect(pythonParses(script)).toBe('ok');
    // The script names the file it was saved as, not the model.
    expect(script).toContain('Run it with `python apesnet_dist.py` on each worker.');
  });

  it('tfjs from a tfjs model.json keeps its weights: the written folder predicts as the original', async () => {
    const original = residualCnn(tf);
    randomizeWeights(tf, original, 9);
    const saved = await saveFiles(tf, original);
    const src = join(tmp, 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'model.json'), saved.modelJson);
    writeFileSync(join(src, 'group1-shard1of1.bin'), saved.weights);
    const out = join(tmp, 'exported');
    const r = await cli('export', join(src, 'model.json'), '--format', 'tfjs', '-o', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^wrote .*model\.json, .*weights\.bin \(imported weights\); read back and compared: same 11 layers, 615 params, identical predictions$/,
    );
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    const back = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest[0].weights,
        weightData: new Uint8Array(readFileSync(join(out, 'weights.bin'))).buffer,
      }),
    );
    const report = compareModels(tf, original, back);
    expect(report.differences).toEqual([]);
    expect(report.maxDifference).toBe(0);
    back.dispose();
    original.dispose();
  });

  it('keras-json and svg from a Keras file; exit 1 for an invalid model; exit 2 for bad usage', async () => {
    const json = join(tmp, 'model.json');
    expect((await cli('export', KERAS3, '--format', 'keras-json', '-o', json)).code).toBe(0);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ class_name: 'Functional', backend: 'tensorflow' });
    const svg = join(tmp, 'model.svg');
    expect((await cli('export', KERAS3, '-f', 'svg', '-o', svg)).code).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg /);
    const bad = join(tmp, 'bad.skipwire.json');
    writeFileSync(bad, serializeDocument(residual(3, 64)));
    const r = await cli('export', bad, '--format', 'python', '-o', join(tmp, 'bad.py'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^.*bad\.skipwire\.json: add: Add needs inputs of the same shape/);
    expect(await cli('export', APESNET, '--format', 'onnx', '-o', 'x')).toMatchObject({
      code: 2,
      err: 'skipwire export: --format must be one of tfjs, keras, h5, keras-json, python, svg',
    });
    expect(await cli('export', APESNET, '--format', 'svg', '--distributed', '-o', 'x')).toMatchObject({ code: 2 });
  });
});

describe('summary and validate read Keras and tfjs files', () => {
  it('validates a Keras 3 file and summarizes a Keras 1 file', async () => {
    expect(await cli('validate', KERAS3)).toMatchObject({ code: 0, out: `${KERAS3}: valid (8 layers, 355 params)` });
    const s = await cli('summary', 'test/fixtures/keras/keras1_model_merge.json');
    expect(s.code).toBe(0);
    // Param # 0, then the MACs and activation columns, then the inputs.
    expect(s.out).toMatch(/ merge_1 \(Add\)\s+\(None, 8, 8, 4\)\s+0\s+0\s+1 KB\s+convolution2d_1\[0\]\[0\]/);
    expect(s.out.split('\n')).toContain('Total params: 647');
  });

  it('the binary exports with no tfjs banner and no stack trace', () => {
    const out = join(tmp, 'bin-export');
    const r = spawnSync(process.execPath, ['bin/skipwire.js', 'export', KERAS3, '--format', 'tfjs', '-o', out], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const bad = spawnSync(process.execPath, ['bin/skipwire.js', 'import', APESNET, '-o', join(tmp, 'y.json')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `${APESNET}: this is a Skipwire document, not a Keras or tfjs model: open it directly`,
    );
  });
});
