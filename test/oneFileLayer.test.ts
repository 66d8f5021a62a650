/**
 * A layer is one file: CenterCrop, defined only in src/nodes/layers/centerCrop.testkit.ts
 * and registered through the test-only hook, is known to the analysis, the compiler (real tfjs),
 * the Keras JSON export and import, the Python export, the head analysis (loss choice and output
 * fix-ups) and the backend check — without any other file naming it.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/compile/analyze';
import { DocBuilder } from '../src/compile/builder';
import { compileModel } from '../src/compile/compile';
import { exportKerasJson } from '../src/formats/exportJson';
import { importModelText } from '../src/formats/importModel';
import { exportPython } from '../src/formats/python';
import { defineLayer, getLayer, getLayerByKerasClass, LAYERS, NO_PARAMS, p, registerLayerForTest } from '../src/nodes';
import { passThrough } from '../src/nodes/common';
import { centerCrop } from '../src/nodes/layers/centerCrop.testkit';
import { requiredKernels } from '../src/train/backend';
import { headActivation, setOutputSizeOps } from '../src/train/head';

let unregister: () => void = () => {};
beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  unregister = registerLayerForTest(centerCrop);
});
afterAll(() => unregister());

/** input 4×4×2 → Conv2D 4 1×1 (softmax) → CenterCrop 2×2. */
function model(extra: { kernels?: boolean } = {}) {
  const b = new DocBuilder('one_file');
  const x = b.layer('input', 'input', { shape: [4, 4, 2] });
  const d = b.layer('conv2d', 'head', { filters: 4, kernelSize: [1, 1], activation: 'softmax' }, [x]);
  b.layer(extra.kernels ? 'centerCropK' : 'centerCrop', 'crop', { height: 2, width: 2 }, [d]);
  return b.build();
}

describe('a layer defined in one test-only file', () => {
  it('is looked up by type and by Keras class, but stays out of the palette list', () => {
    expect(getLayer('centerCrop')).toBe(centerCrop);
    expect(getLayerByKerasClass('CenterCrop')).toBe(centerCrop);
    expect(LAYERS).not.toContain(centerCrop);
  });

  it('is analysed: shape, no parameters, no diagnostics', () => {
    const a = analyze(model());
    expect(a.ok).toBe(true);
    expect(a.diagnostics).toEqual([]);
    const crop = a.layers.find((l) => l.name === 'crop');
    expect(crop?.shape).toEqual([2, 2, 4]);
    expect(crop?.params).toEqual({ height: 2, width: 2 });
  });

  it('compiles with real tfjs and crops the head’s softmax values', () => {
    const { model: m } = compileModel(tf, model());
    expect(m.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Conv2D', 'CenterCrop']);
    const y = tf.tidy(() => m.predict(tf.ones([2, 4, 4, 2])) as tf.Tensor);
    expect(y.shape).toEqual([2, 2, 2, 4]);
    const sums = tf.tidy(() => y.sum(-1).flatten().arraySync() as number[]);
    for (const sum of sums) expect(sum).toBeCloseTo(1, 5);
    y.dispose();
    m.dispose();
  });

  it('exports to Keras JSON and imports back as the same layer', async () => {
    const { json, fidelity } = await exportKerasJson(tf, model());
    expect(fidelity.differences).toEqual([]);
    expect(fidelity.pass).toBe(true);
    const text = JSON.stringify(json);
    expect(text).toContain('"class_name":"CenterCrop"');
    const back = importModelText(text);
    if (!back.ok) throw new Error(back.error);
    const node = back.doc.nodes.find((n) => n.type === 'centerCrop');
    expect(node?.params).toEqual({ height: 2, width: 2 });
  });

  it('imports from a Keras 3 config, reading its params through the mapping', () => {
    const k3 = {
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          { class_name: 'InputLayer', config: { batch_shape: [null, 5, 5, 3], name: 'in' } },
          { class_name: 'CenterCrop', config: { height: 3, width: 1, name: 'cc' } },
        ],
      },
    };
    const r = importModelText(JSON.stringify(k3));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.find((n) => n.name === 'cc')).toMatchObject({
      type: 'centerCrop',
      params: { height: 3, width: 1 },
    });
  });

  it('is written by the Python export with its Keras name and arguments', () => {
    expect(exportPython(model())).toContain('layers.CenterCrop(height=2, width=2, name="crop")');
  });

  it('is looked through by the head analysis (loss choice, output-size fix)', () => {
    const a = analyze(model());
    expect(headActivation(a)).toBe('softmax');
    expect(setOutputSizeOps(a, 3)).toEqual([{ op: 'setParam', node: 'head', param: 'filters', value: 3 }]);
  });

  it('declares the gradient kernels the backend check reads', () => {
    // The 1×1 convolution of the head needs its own; CenterCrop declares none.
    expect(requiredKernels(analyze(model()))).toEqual(['Conv2DBackpropFilter']);
    const undo = registerLayerForTest({
      ...centerCrop,
      type: 'centerCropK',
      kerasClass: 'CenterCropK',
      gradientKernels: ['MaxPool3DGrad'],
    });
    try {
      expect([...requiredKernels(analyze(model({ kernels: true })))].sort()).toEqual([
        'Conv2DBackpropFilter',
        'MaxPool3DGrad',
      ]);
    } finally {
      undo();
    }
  });

  it('does not compile with a Keras mapping or head role that names a param the layer lacks', () => {
    // Checked by `tsc` (npm run typecheck): each marked line must fail to compile.
    const base = {
      type: 'probe',
      kerasClass: 'Probe',
      category: 'core',
      inputs: { min: 1, max: 1 },
      docs: '',
      inferShape: passThrough,
      countParams: () => NO_PARAMS,
      build: centerCrop.build,
    } as const;
    const rate = p.float({ default: 0.5, label: 'rate', doc: '' });
    // @ts-expect-error `rat` is not a param of this layer
    const typo = defineLayer({ ...base, params: { rate }, keras: { params: { rate: 'rate', rat: 'rate' } } });
    // @ts-expect-error `rate` is left out of the Keras mapping
    const missing = defineLayer({ ...base, params: { rate }, keras: { params: {} } });
    const mapped = { params: { rate }, keras: { params: { rate: 'rate' } } } as const;
    // @ts-expect-error `units` is not a param of this layer
    const role = defineLayer({ ...base, ...mapped, head: { sizeParam: 'units' } });
    expect([typo.keras.params, missing.keras.params, role.head]).toEqual([
      { rate: 'rate', rat: 'rate' },
      {},
      { sizeParam: 'units' },
    ]);
  });
});
