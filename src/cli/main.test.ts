import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { residual, serializeDocument } from '../compile';
import { run } from './main';

const APESNET = 'public/examples/apesnet.skipwire.json';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'skipwire-cli-'));
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('skipwire summary', () => {
  it('prints the Keras-style table and the ApesNet totals', async () => {
    const r = await cli('summary', APESNET);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Model: "apesnet"');
    expect(r.out).toMatch(/Layer \(type\)\s+Output Shape\s+Param #\s+MACs\s+Activations\s+Connected to/);
    // 360·480·7·7·3·16 multiply-adds; 360·480·16 float32 outputs = 10.5 MB.
    expect(r.out).toMatch(
      / conv_block1_conv \(Conv2D\)\s+\(None, 360, 480, 16\)\s+2,368\s+406,425,600\s+10\.5 MB\s+input\[0\]\[0\]/,
    );
    expect(r.out).toMatch(
      / apes_block1_add \(Add\)\s+\(None, 45, 60, 64\)\s+0\s+0\s+675 KB\s+apes_block1_bn_3\[0\]\[0\]\n\s+apes_block1_bn_shortcut\[0\]\[0\]/,
    );
    expect(r.out).toMatch(
      / softmax \(Activation\)\s+\(None, 172800, 12\)\s+0\s+0\s+7\.91 MB\s+flatten_pixels\[0\]\[0\]/,
    );
    expect(lines.slice(-6)).toEqual([
      'Total params: 923,556',
      'Trainable params: 922,068',
      'Non-trainable params: 1,488',
      'Params size: 3.52 MB',
      'Mult-adds per sample: 11.3 G MACs (11,283,148,800)',
      'Activations per sample: 207 MB (forward outputs, float32)',
    ]);
  });

  it('--json prints the same as JSON', async () => {
    const r = await cli('summary', APESNET, '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s).toMatchObject({
      name: 'apesnet',
      total: 923556,
      trainable: 922068,
      nonTrainable: 1488,
      ok: true,
      macs: 11_283_148_800,
      activationBytes: 217_036_800,
      paramBytes: 923556 * 4,
    });
    expect(s.rows).toHaveLength(56);
    expect(s.rows[1]).toMatchObject({
      name: 'conv_block1_conv',
      className: 'Conv2D',
      outputShape: [null, 360, 480, 16],
      params: 2368,
      macs: 360 * 480 * 7 * 7 * 3 * 16,
      activationBytes: 360 * 480 * 16 * 4,
      connectedTo: ['input[0][0]'],
    });
    expect(s.rows[0]).toMatchObject({ className: 'InputLayer', macs: 0, activationBytes: 360 * 480 * 3 * 4 });
  });
});

describe('skipwire validate', () => {
  it('exits 0 for a valid model', async () => {
    const r = await cli('validate', APESNET);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${APESNET}: valid (56 layers, 923,556 params)`);
  });

  it('exits 1 with one line per diagnostic: <file>: <node name>: <message>', async () => {
    const path = file('bad.skipwire.json', serializeDocument(residual(3, 64)));
    const r = await cli('validate', path);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([
      `${path}: add: Add needs inputs of the same shape, but input 1 is 8×8×64, input 2 is 8×8×3: the channel counts differ (64 vs 3). Project input 2 with a 1×1 Conv2D so both have 64 channels.`,
    ]);
  });

  it('exits 2 with a one-line message for a truncated file', async () => {
    const text = readFileSync(APESNET, 'utf8');
    const path = file('truncated.skipwire.json', text.slice(0, 1000));
    const r = await cli('validate', path);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/truncated\.skipwire\.json: not valid JSON \(.*\); the file may be truncated$/);
  });

  it('exits 2 for a missing file, a folder, and bad usage', async () => {
    expect(await cli('validate', join(tmp, 'nope.json'))).toMatchObject({
      code: 2,
      err: `${join(tmp, 'nope.json')}: cannot read: no such file`,
    });
    expect(await cli('validate', tmp)).toMatchObject({ code: 2, err: `${tmp}: cannot read: is a folder, not a file` });
    expect(await cli('validate')).toMatchObject({ code: 2, err: 'skipwire validate: expected one file, got 0' });
    expect(await cli('summary', APESNET, '--yaml')).toMatchObject({
      code: 2,
      err: 'skipwire summary: unknown option --yaml',
    });
    expect(await cli('frobnicate')).toMatchObject({
      code: 2,
      err: 'skipwire: unknown command "frobnicate" (try: skipwire help)',
    });
  });
});

/** Every module `entry` loads before it runs (static imports, followed through bin/'s own chunks). */
function staticImports(entry: string, seen = new Set<string>()): Set<string> {
  const text = readFileSync(entry, 'utf8');
  // `import{a,b}from"./x.js"`, `import"./x.js"`, `export{…}from"…"` (minified, so no spaces needed)
  for (const m of text.matchAll(
    /(?:^|[;}\n])\s*(?:import|export)\s*(?:\{[^}]*\}|\*\s*as\s+[\w$]+|[\w$]+)?\s*(?:from)?\s*"([^"]+)"/g,
  )) {
    const spec = m[1] as string;
    const target = spec.startsWith('.') ? join(dirname(entry), spec) : spec;
    if (seen.has(target)) continue;
    seen.add(target);
    if (spec.startsWith('.')) staticImports(target, seen);
  }
  return seen;
}

describe('the skipwire binary', () => {
  it('is plain JavaScript built from src/cli: help loads no model code, summary and validate no tfjs, nothing loads tsx', () => {
    const entry = readFileSync('bin/skipwire.js', 'utf8');
    expect(entry.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(entry).not.toMatch(/tsx|\.ts['"]/);
    const forHelp = [...staticImports('bin/skipwire.js')];
    expect(forHelp.length).toBeGreaterThan(0);
    expect(forHelp.every((m) => m.startsWith('bin/chunks/chunk-'))).toBe(true);
    expect(forHelp.map((m) => readFileSync(m, 'utf8').length).reduce((a, b) => a + b, 0)).toBeLessThan(2000);
    const summary = readdirSync('bin/chunks').find((f) => f.startsWith('summaryCmd-'));
    expect(summary).toBeDefined();
    const forSummary = [...staticImports(join('bin/chunks', summary as string))];
    expect(forSummary.filter((m) => m.startsWith('bin/')).length).toBeGreaterThan(0);
    expect(forSummary.filter((m) => !m.startsWith('bin/') && !m.startsWith('node:'))).toEqual([]);
    for (const m of forSummary.filter((x) => x.startsWith('bin/')))
      expect(readFileSync(m, 'utf8')).not.toMatch(/from"@tensorflow|from "@tensorflow|from ?"tsx/);
  });

  it('runs the built JavaScript and prints no stack trace on a user mistake', async () => {
    const out = execFileSync(process.execPath, ['bin/skipwire.js', 'summary', APESNET], { encoding: 'utf8' });
    expect(out).toContain('Total params: 923,556');
    const bad = spawnSync(process.execPath, ['bin/skipwire.js', 'validate', file('t.json', '{"format":"skipwire",')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
