/** `skipwire import|summary|validate model.py`: Keras Python read through the format registry. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../compile';
import { run } from './main';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tmp = mkdtempSync(join(tmpdir(), 'skipwire-py-cli-'));
const SEED = join(tmp, 'seed.py');
writeFileSync(
  SEED,
  "from keras.layers import Input, Conv2D, Add\nx = Input(shape=(64, 64, 32))\ny = Conv2D(32, 3, padding='same')(x)\nz = Add()([x, y])\n",
);

describe('skipwire with a Keras Python script', () => {
  it('import writes the document; summary shows the skip connection; validate says valid', async () => {
    const out = join(tmp, 'seed.skipwire.json');
    expect(await cli('import', SEED, '-o', out)).toEqual({
      code: 0,
      out: `${out}: imported Keras Python script "model" (3 layers, 9,248 params)`,
      err: '',
    });
    const doc = parseDocument(readFileSync(out, 'utf8'));
    expect(doc.ok && doc.doc.nodes.map((n) => n.type)).toEqual(['input', 'conv2d', 'add']);
    const summary = await cli('summary', SEED);
    expect(summary.code).toBe(0);
    expect(summary.out).toMatch(
      / add \(Add\)\s+\(None, 64, 64, 32\)\s+0\s+0\s+512 KB\s+input_layer\[0\]\[0\]\n\s+conv2d\[0\]\[0\]/,
    );
    expect(await cli('validate', 'test/fixtures/real/python/apesnet_keras1.py')).toEqual({
      code: 0,
      out: 'test/fixtures/real/python/apesnet_keras1.py: valid (53 layers, 923,556 params)',
      err: '',
    });
  });

  it('exits 2 with the located line for an unknown layer', async () => {
    const bad = join(tmp, 'bad.py');
    writeFileSync(bad, 'from keras.layers import Input, Lambda\nx = Input(shape=(2,))\ny = Lambda(lambda t: t)(x)\n');
    expect(await cli('validate', bad)).toEqual({
      code: 2,
      out: '',
      err: `${bad}: line 3:5: \`Lambda(lambda t: t)\`: Lambda is not a layer Skipwire has (docs/layers.md lists them); replace it with one of those layers, or remove it`,
    });
  });
});
