/**
 * A real Keras 2.11 model with two Lambda layers (test/fixtures/real/README.md): opaque nodes on
 * import, Keras' parameter count once their shapes are entered, training refused at the first, and
 * import → Keras JSON export → import identical, each Lambda's config unchanged. Real tfjs.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdits, cannotRun, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';

const TEXT = readFileSync('test/fixtures/real/htb-alien-lambda.model_config.json', 'utf8');
const ORIGINAL = JSON.parse(TEXT).config.layers as { class_name: string; config: { name: string } }[];

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

function imported(text: string): SkipwireDoc {
  const r = importModelText(text);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

/** The document with both Lambdas' output shapes entered (the identity after conv2d_5, the print after dense_3). */
function completed(): SkipwireDoc {
  const r = applyEdits(imported(TEXT), [
    { op: 'setParam', node: 'uZDNyc3Q0bmR9', param: 'outputShape', value: [4, 4, 64] },
    { op: 'setParam', node: 'lambda_1', param: 'outputShape', value: [10] },
  ]);
  if (r.error) throw new Error(r.error);
  return r.doc;
}

const layersOf = (doc: SkipwireDoc) => doc.nodes.map((n) => ({ type: n.type, name: n.name, params: n.params }));

describe('alien.h5 (Keras 2.11, two Lambdas)', () => {
  it('imports both Lambdas as opaque nodes that ask for their output shape', () => {
    const doc = imported(TEXT);
    const opaque = doc.nodes.filter((n) => n.type === 'opaque').map((n) => n.name);
    expect(opaque).toEqual(['uZDNyc3Q0bmR9', 'lambda_1']);
    const asks = analyze(doc).diagnostics.filter((d) => d.param === 'outputShape');
    expect(asks.map((d) => d.nodeId)).toEqual(['uZDNyc3Q0bmR9']); // lambda_1 waits for its input's shape
  });

  it('with the shapes entered: Keras’ parameter count, and training refused at the first Lambda', () => {
    const a = analyze(completed());
    expect(a.ok).toBe(true);
    expect(a.totals).toEqual({ trainable: 122_570, nonTrainable: 0 });
    expect(cannotRun(a)[0]?.message).toMatch(/^layer "uZDNyc3Q0bmR9" blocks training .*tfjs cannot run Lambda/);
  });

  it('import → Keras JSON → import: the same nodes and params, each Lambda’s config unchanged', async () => {
    const r = await exportModel(tf, completed(), 'keras-json');
    if (!r.ok) throw new Error(r.error);
    expect(r.fidelity?.pass).toBe(true);
    const text = String(r.files[0]?.data);
    expect(layersOf(imported(text))).toEqual(layersOf(completed()));
    const written = JSON.parse(text).config.layers as { class_name: string; config: { name: string } }[];
    for (const l of ORIGINAL.filter((x) => x.class_name === 'Lambda'))
      expect(written.find((w) => w.config.name === l.config.name)).toMatchObject({
        class_name: 'Lambda',
        config: l.config,
      });
  });
});
