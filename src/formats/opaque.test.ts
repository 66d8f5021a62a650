/**
 * Opaque layers (src/nodes/layers/opaque.ts): Keras layers the catalogue cannot reproduce — Lambda,
 * TFOpLambda, custom classes, classes tfjs cannot build — import with their config kept verbatim,
 * the graph around them analyses and edits, the Keras exports give the config back unchanged (read
 * back by the importer), the Python export writes a marked placeholder, and training and the tfjs
 * export are refused at the node with what to do instead. Real tfjs throughout.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, applyEdits, CompileError, compileModel, type EditOp, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { importKerasFile } from './kerasFiles';
import { exportPython } from './python';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/**
 * Keras 2 `to_json()` of input(8) → Dense(6) → Lambda (raw output_shape [3, 2]) → MyAttention (a
 * custom class, shape unknown) → Flatten → Dense(2), in test/fixtures/opaque (written for this test).
 */
const LAMBDA_MODEL = JSON.parse(readFileSync('test/fixtures/opaque/keras2_lambda_custom.json', 'utf8'));
const LAMBDA_CODE = LAMBDA_MODEL.config.layers[2].config.function[0] as string;
type Entry = { name: string; class_name: string; config: unknown; inbound_nodes: unknown };
const entry = (name: string) => (LAMBDA_MODEL.config.layers as Entry[]).find((l) => l.name === name);

const imported = () => {
  const r = importModelText(JSON.stringify(LAMBDA_MODEL));
  if (!r.ok) throw new Error(r.error);
  return r;
};
const node = (doc: ReturnType<typeof imported>['doc'], name: string) => {
  const n = doc.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`no node ${name}`);
  return n;
};
const edit = (doc: SkipwireDoc, ops: EditOp[]) => {
  const r = applyEdits(doc, ops);
  if (r.error) throw new Error(r.error);
  return r.doc;
};
/** The document with the custom layer's output shape entered, as a user would in the inspector. */
const completed = () => {
  const { doc } = imported();
  return edit(doc, [{ op: 'setParam', node: node(doc, 'att').id, param: 'outputShape', value: [3, 2] }]);
};

describe('importing Lambda and custom layers', () => {
  it('keeps each as an opaque node with its class and config verbatim, and says so', () => {
    const r = imported();
    expect(r.warnings.join('\n')).toMatch(/kept as opaque layers .*to_pairs \(Lambda\), att \(MyAttention\)/);
    expect(r.warnings.join('\n')).toMatch(/MyAttention is a custom class/);
    const lambda = node(r.doc, 'to_pairs');
    expect(lambda.type).toBe('opaque');
    expect(lambda.params.className).toBe('Lambda');
    expect(lambda.params.config).toEqual(entry('to_pairs')?.config);
    expect(node(r.doc, 'att').params.config).toEqual(entry('att')?.config);
  });

  it('takes a Lambda’s declared output_shape, and asks for the custom layer’s at its node', () => {
    const { doc } = imported();
    const a = analyze(doc);
    expect(a.nodes.get(node(doc, 'to_pairs').id)?.outputShapes).toEqual([[3, 2]]);
    const asks = a.diagnostics.filter((d) => d.nodeId === node(doc, 'att').id);
    expect(asks).toHaveLength(1);
    expect(asks[0]?.param).toBe('outputShape');
    expect(asks[0]?.message).toMatch(/MyAttention: output shape unknown: enter it/);
  });

  it('once the shape is entered, the graph analyses and edits around it', () => {
    const doc = completed();
    const a = analyze(doc);
    expect(a.ok).toBe(true);
    expect(a.layers.find((l) => l.name === 'out')?.shape).toEqual([2]);
    const wider = edit(doc, [{ op: 'setParam', node: node(doc, 'd1').id, param: 'units', value: 12 }]);
    expect(analyze(wider).ok).toBe(true);
  });
});

describe('refusals name the node and what to do', () => {
  it('compiling for training refuses at the Lambda with the replacement advice', () => {
    let error: unknown;
    try {
      compileModel(tf, completed());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const d = (error as CompileError).diagnostics;
    expect(d.map((x) => x.nodeId)).toEqual([node(completed(), 'to_pairs').id, node(completed(), 'att').id]);
    expect(d[0]?.message).toMatch(/layer "to_pairs" blocks training .*tfjs cannot run Lambda.*Cropping1D/);
  });

  it('the tfjs export is refused with the same message', async () => {
    const r = await exportModel(tf, completed(), 'tfjs');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/to_pairs.*tfjs cannot run Lambda/);
  });
});

describe('exports give the config back unchanged', () => {
  it('Keras JSON: the same classes, configs and wiring, read back by the importer', async () => {
    const r = await exportModel(tf, completed(), 'keras-json');
    if (!r.ok) throw new Error(r.error);
    expect(r.fidelity?.pass).toBe(true);
    expect(r.fidelity?.checked).toMatch(/opaque layers' Keras configs.*predictions not compared/);
    const json = JSON.parse(String(r.files[0]?.data));
    const layers = json.config.layers as { class_name: string; config: unknown; inbound_nodes: unknown }[];
    for (const name of ['to_pairs', 'att']) {
      const written = layers.find((l) => (l.config as { name: string }).name === name);
      const original = entry(name);
      expect(written?.class_name).toBe(original?.class_name);
      expect(written?.config).toEqual(original?.config);
      expect(JSON.stringify(written?.inbound_nodes)).toBe(JSON.stringify(original?.inbound_nodes));
    }
    const back = importModelText(String(r.files[0]?.data));
    if (!back.ok) throw new Error(back.error);
    expect(node(back.doc, 'att').params).toEqual(node(completed(), 'att').params);
  });

  for (const kind of ['keras', 'h5'] as const)
    it(`.${kind}: written and read back with the same configs`, async () => {
      const r = await exportModel(tf, completed(), kind);
      if (!r.ok) throw new Error(r.error);
      expect(r.fidelity?.differences).toEqual([]);
      expect(r.fidelity?.pass).toBe(true);
    });

  it('Python: a marked placeholder rebuilding each layer from its unchanged config', () => {
    const py = exportPython(completed());
    expect(py).toMatch(/OPAQUE LAYER "to_pairs" \(Lambda\)/);
    expect(py).toContain('layers.Lambda.from_config(');
    expect(py).toContain(`"function": ["${LAMBDA_CODE}", None, None]`);
    expect(py).toMatch(/OPAQUE LAYER "att" \(MyAttention\): define or import the class MyAttention/);
    expect(py).toContain('MyAttention.from_config(');
    expect(py).toContain('"keyDim": 4');
    expect(pythonParses(py)).toBe('ok');
  });

  for (const kind of ['keras', 'h5'] as const)
    it(`.${kind}: a custom layer's weights are written, counted and read back with their values`, async () => {
      const doc = edit(completed(), [
        { op: 'setParam', node: 'att', param: 'weights', value: [{ name: 'kernel', shape: [2, 3] }] },
      ]);
      expect(analyze(doc).nodes.get('att')?.count).toEqual({ trainable: 6, nonTrainable: 0 });
      const kernel = { shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) };
      const r = await exportModel(tf, doc, kind, { weights: { imported: { att: [kernel] } } });
      if (!r.ok) throw new Error(r.error);
      expect(r.fidelity?.differences).toEqual([]);
      expect(r.fidelity?.checked).toMatch(/weights byte for byte/);
      const back = await importKerasFile(kind, r.files[0]?.data as Uint8Array, {
        loadTf: async () => tf,
        layout: 'layered',
      });
      if (!back.ok) throw new Error(back.error);
      expect(back.doc.nodes.find((n) => n.id === 'att')?.params.weights).toEqual([{ name: 'weight_0', shape: [2, 3] }]);
      expect([...(back.weights?.att?.[0]?.values ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    });
});
