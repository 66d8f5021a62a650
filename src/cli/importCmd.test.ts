/** `skipwire import` names the repeated modules it finds, and `--group-blocks` makes them blocks. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, parseDocument } from '../compile';
import { resNetStyle } from '../formats/repeatFixtures.testkit';
import { saveFiles } from '../formats/tfjsFixtures.testkit';
import { run } from './main';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const read = (file: string) => {
  const r = parseDocument(readFileSync(file, 'utf8'));
  if (!r.ok) throw new Error(r.error);
  return r.doc;
};

describe('skipwire import and repeated blocks', () => {
  it('offers the repeats, and groups them with --group-blocks into the same model', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'skipwire-repeats-'));
    const model = resNetStyle(tf);
    const { modelJson } = await saveFiles(tf, model);
    model.dispose();
    const src = join(tmp, 'model.json');
    writeFileSync(src, modelJson);
    const kinds =
      '2 × residual with projection (Conv2D → BatchNormalization → Conv2D → BatchNormalization → … → Activation); 5 × residual (Conv2D → BatchNormalization → Activation → Conv2D → … → Activation)';

    const flat = join(tmp, 'flat.skipwire.json');
    const a = await cli('import', src, '-o', flat);
    expect(a.code).toBe(0);
    expect(a.out[0]).toBe(`${src}: 7 repeated blocks found (${kinds}): add --group-blocks to import them as blocks`);
    expect(read(flat).blocks).toEqual([]);

    const grouped = join(tmp, 'grouped.skipwire.json');
    const b = await cli('import', src, '-o', grouped, '--group-blocks');
    expect(b.code).toBe(0);
    expect(b.out[0]).toBe(`${grouped}: grouped 7 repeated blocks into 2 block definitions: ${kinds}`);
    expect(b.out[1]).toBe(a.out[1]?.replace(flat, grouped));
    const doc = read(grouped);
    expect(doc.nodes.filter((n) => n.type === 'block')).toHaveLength(7);
    expect(analyze(doc).totals).toEqual(analyze(read(flat)).totals);
    expect(
      analyze(doc)
        .layers.map((l) => l.name)
        .sort(),
    ).toEqual(
      analyze(read(flat))
        .layers.map((l) => l.name)
        .sort(),
    );
  });
});
