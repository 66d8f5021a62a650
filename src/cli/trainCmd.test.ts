import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeDocument } from '../compile';
import { mlp } from '../train/testing';
import { run } from './main';

const SPIRALS = 'public/examples/spirals.skipwire.json';

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('skipwire train', () => {
  it('prints 5 epoch records with falling loss through the real bin/skipwire.js (fixed seed)', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/skipwire.js', 'train', SPIRALS, '--dataset', 'spirals', '--epochs', '5', '--json'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    const records = lines.map((l) => JSON.parse(l));
    expect(records.map((x) => x.epoch)).toEqual([1, 2, 3, 4, 5]);
    for (const x of records) expect(Object.keys(x)).toEqual(['epoch', 'loss', 'acc', 'val_loss', 'val_acc']);
    for (let i = 1; i < 5; i++) expect(records[i].loss).toBeLessThan(records[i - 1].loss);
    expect(records[0].loss).toBeGreaterThan(0.6);
    expect(records[0].loss).toBeLessThan(0.75);
  });

  it('--json is deterministic (the seed is fixed) and honours --samples, --batch-size and --seed', async () => {
    const args = [
      'train',
      SPIRALS,
      '--dataset',
      'xor',
      '--epochs',
      '2',
      '--samples',
      '64',
      '--batch-size',
      '16',
      '--json',
    ];
    const a = await cli(...args);
    expect(a.code).toBe(0);
    expect(a.out).toEqual((await cli(...args)).out);
    expect(a.out).not.toEqual((await cli(...args, '--seed', '2')).out);
    expect(a.out).toHaveLength(2);
  });

  it('shows a progress bar on stderr and a summary on stdout without --json', async () => {
    const r = await cli(
      'train',
      SPIRALS,
      '--dataset=circles',
      '--epochs',
      '2',
      '--samples',
      '64',
      '--learning-rate',
      '0.05',
    );
    expect(r.code).toBe(0);
    expect(r.err[0]).toBe('Training on wasm');
    expect(r.err[1]).toMatch(
      /^epoch 1\/2 \[#{10}-{10}\] loss \d\.\d{4} acc \d\.\d{4} val_loss \d\.\d{4} val_acc \d\.\d{4} · /,
    );
    expect(r.err[2]).toMatch(/^epoch 2\/2 \[#{20}\] /);
    expect(r.out).toHaveLength(1);
    expect(r.out[0]).toMatch(
      /^spirals: trained 2 epochs on circles \(wasm\): loss [\d.]+, acc [\d.]+, val_loss [\d.]+, val_acc [\d.]+$/,
    );
  });

  it('trains the classic CNN on digits on wasm by default (convolution gradients included), cpu on request', async () => {
    const args = ['train', 'public/examples/classic-cnn.skipwire.json', '--dataset', 'digits', '--epochs', '1'];
    const wasm = await cli(...args, '--samples', '256');
    expect(wasm.code, wasm.err.join('\n')).toBe(0);
    expect(wasm.err[0]).toBe('Training on wasm');
    expect(wasm.out[0]).toMatch(/^classic_cnn: trained 1 epochs on digits \(wasm\): loss [\d.]+/);
    const cpu = await cli(...args, '--samples', '16', '--backend', 'cpu');
    expect(cpu.code).toBe(0);
    expect(cpu.err[0]).toBe('Training on cpu');
  });

  it('explains a data set that does not fit the model, with the fix the editor offers', async () => {
    const r = await cli('train', 'public/examples/apes-block.skipwire.json', '--dataset', 'spirals', '--epochs', '1');
    expect(r.code).toBe(1);
    expect(r.err.at(-1)).toBe(
      'public/examples/apes-block.skipwire.json: error: The model expects 256×256×3 per sample; the data set "spirals" gives 2. (fix in the editor: Set the Input shape to 2)',
    );
  });

  it('reports an invalid model like validate does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skipwire-train-'));
    const file = join(dir, 'broken.skipwire.json');
    writeFileSync(file, serializeDocument({ ...mlp(), edges: [] }));
    const r = await cli('train', file, '--dataset', 'xor');
    expect(r.code).toBe(1);
    expect(r.err.length).toBeGreaterThan(0);
    expect(r.err[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });

  it.each([
    [[SPIRALS], 'skipwire train: --dataset is required (one of: shapes-seg, shapes, digits, spirals, xor, circles)'],
    [
      [SPIRALS, '--dataset', 'mnist'],
      'skipwire train: unknown data set "mnist" (one of: shapes-seg, shapes, digits, spirals, xor, circles)',
    ],
    [[SPIRALS, '--dataset', 'xor', '--epochs', 'many'], 'skipwire train: --epochs must be a whole number, got "many"'],
    [[SPIRALS, '--dataset', 'xor', '--epochs', '0'], 'skipwire train: epochs: Too small: expected number to be >=1'],
    [[SPIRALS, '--dataset', 'xor', '--backend', 'webgl'], 'skipwire train: --backend must be one of cpu, wasm in Node'],
    [
      [SPIRALS, '--dataset', 'xor', '--optimizer', 'lion'],
      'skipwire train: --optimizer must be one of sgd, momentum, adam, rmsprop',
    ],
    [[SPIRALS, '--dataset', 'xor', '--fast'], 'skipwire train: unknown option --fast'],
    [[SPIRALS, '--dataset'], 'skipwire train: --dataset needs a value'],
    [['--dataset', 'xor'], 'skipwire train: expected one file, got 0'],
  ])('usage error %j', async (args, message) => {
    const r = await cli('train', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toEqual([message]);
  });

  it('a missing file exits 2', async () => {
    const r = await cli('train', 'nope.skipwire.json', '--dataset', 'xor');
    expect(r).toMatchObject({ code: 2, err: ['nope.skipwire.json: cannot read: no such file'] });
  });
});
