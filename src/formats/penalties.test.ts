/**
 * Regularizers and constraints (src/nodes/penalties.ts) end to end with real tfjs: imported from
 * tfjs, Keras 2 and Keras 3 JSON, counted as tfjs counts, trained with (the penalty is in the loss,
 * the constraint holds after a fit) and written back by every export.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, DocBuilder, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';
import { importPythonText } from './pythonIn';
import { importFile } from './registry';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** Each node's regularizer and constraint params. */
const penaltyParams = (doc: SkipwireDoc) =>
  doc.nodes.map((n) => Object.entries(n.params).filter(([k]) => /(Regularizer|Constraint)$/.test(k)));

/** `.keras` and `.h5` exports pass their fidelity check and read back with the same penalty params on every node. */
async function keepsPenaltiesInKerasFiles(doc: SkipwireDoc): Promise<void> {
  for (const kind of ['keras', 'h5'] as const) {
    const file = await exportModel(tf, doc, kind);
    if (!file.ok) throw new Error(file.error);
    expect(file.fidelity?.pass, file.fidelity?.differences.join('; ')).toBe(true);
    const back = await importFile(
      { name: file.files[0]?.path as string, bytes: file.files[0]?.data as Uint8Array, sibling: async () => undefined },
      { loadTf: async () => tf, layout: 'layered' },
    );
    if (!back.ok) throw new Error(back.error);
    expect(penaltyParams(back.doc), kind).toEqual(penaltyParams(doc));
  }
}

const size = (ws: tf.LayerVariable[]) => ws.reduce((n, w) => n + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);

type LayerJson = { name: string; class_name: string; config: Record<string, unknown> };
const layersOf = (topology: Record<string, unknown>) => (topology.config as { layers: LayerJson[] }).layers;
const PENALTY_KEY = /_(regularizer|constraint)$/;
/** Each layer's regularizer and constraint entries (set ones only), by layer name. */
const penaltiesOf = (topology: Record<string, unknown>) =>
  Object.fromEntries(
    layersOf(topology).map((l) => [
      l.name,
      Object.fromEntries(
        Object.entries(l.config).filter(([k, v]) => PENALTY_KEY.test(k) && k !== 'activity_regularizer' && v !== null),
      ),
    ]),
  );

/** A model using every regularizer and constraint kind on the layers that take them, built by tfjs. */
function penalizedByTfjs(): tf.LayersModel {
  const x = tf.input({ shape: [8, 8, 2], name: 'image' });
  const r = tf.regularizers;
  const c = tf.constraints;
  let h = tf.layers
    .conv2d({
      filters: 3,
      kernelSize: 3,
      name: 'conv',
      kernelRegularizer: r.l2({ l2: 0.01 }),
      biasConstraint: c.maxNorm({ maxValue: 2, axis: 0 }),
    })
    .apply(x) as tf.SymbolicTensor;
  h = tf.layers
    .batchNormalization({ name: 'bn', gammaConstraint: c.nonNeg(), betaRegularizer: r.l1({ l1: 0.001 }) })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .depthwiseConv2d({ kernelSize: 3, name: 'dw', depthwiseConstraint: c.unitNorm({ axis: 0 }) })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .separableConv2d({
      filters: 4,
      kernelSize: 1,
      name: 'sep',
      pointwiseRegularizer: r.l1l2({ l1: 0.001, l2: 0.002 }),
      depthwiseConstraint: c.minMaxNorm({ minValue: 0.5, maxValue: 1.5, rate: 1, axis: 1 }),
    })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ targetShape: [16, 4], name: 'seq' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers
    .lstm({
      units: 5,
      name: 'lstm',
      recurrentRegularizer: r.l2({ l2: 0.03 }),
      kernelConstraint: c.maxNorm({ maxValue: 3 }),
    })
    .apply(h) as tf.SymbolicTensor;
  h = tf.layers.prelu({ name: 'prelu', alphaConstraint: c.nonNeg() }).apply(h) as tf.SymbolicTensor;
  const y = tf.layers
    .dense({ units: 2, name: 'head', kernelRegularizer: r.l1({ l1: 0.01 }), biasRegularizer: r.l2({ l2: 0.5 }) })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: x, outputs: y, name: 'penalized' });
}

/** input → dense (the penalty params given) → dense head. */
function denseDoc(params: Record<string, unknown>): SkipwireDoc {
  const b = new DocBuilder('m');
  const x = b.layer('input', 'x', { shape: [4] });
  const h = b.layer('dense', 'hidden', { units: 6, activation: 'relu', ...params }, [x]);
  b.layer('dense', 'out', { units: 1 }, [h]);
  return b.build();
}

function compiled(doc: SkipwireDoc): tf.LayersModel {
  const { model } = compileModel(tf, doc, analyze(doc));
  return model as unknown as tf.LayersModel;
}

const xs = () => tf.randomNormal([32, 4], 0, 1, 'float32', 7);
const ys = () => tf.randomNormal([32, 1], 0, 1, 'float32', 8);

describe('regularizers and constraints', () => {
  it('import from tfjs with the counts tfjs gives, and the tfjs / Keras JSON exports write them back identically', async () => {
    const m = penalizedByTfjs();
    const topology = m.toJSON(null, false) as Record<string, unknown>;
    const r = importModelText(JSON.stringify({ format: 'layers-model', modelTopology: topology }));
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    const node = (id: string) => r.doc.nodes.find((n) => n.id === id)?.params ?? {};
    expect(node('conv').kernelRegularizer).toEqual({ l1: 0, l2: 0.01, kerasClass: 'L1L2' });
    expect(node('conv').biasConstraint).toEqual({ className: 'MaxNorm', maxValue: 2, axis: 0 });
    expect(node('sep').depthwiseConstraint).toEqual({
      className: 'MinMaxNorm',
      minValue: 0.5,
      maxValue: 1.5,
      rate: 1,
      axis: 1,
    });
    expect(node('lstm').recurrentRegularizer).toEqual({ l1: 0, l2: 0.03, kerasClass: 'L1L2' });
    expect(node('prelu').alphaConstraint).toEqual({ className: 'NonNeg' });
    expect(analyze(r.doc).totals).toEqual({
      trainable: size(m.trainableWeights),
      nonTrainable: size(m.nonTrainableWeights),
    });

    const want = penaltiesOf(topology);
    expect(Object.keys(want.conv ?? {})).toEqual(['kernel_regularizer', 'bias_constraint']);
    const out = await exportModel(tf, r.doc, 'tfjs');
    if (!out.ok) throw new Error(out.error);
    expect(out.fidelity?.pass, JSON.stringify(out.fidelity)).toBe(true);
    expect(penaltiesOf(JSON.parse(out.files[0]?.data as string).modelTopology)).toEqual(want);
    const keras = await exportModel(tf, r.doc, 'keras-json');
    if (!keras.ok) throw new Error(keras.error);
    expect(penaltiesOf(JSON.parse(keras.files[0]?.data as string))).toEqual(want);
    // .keras and .h5: written and read back with the same params on every node.
    await keepsPenaltiesInKerasFiles(r.doc);
    m.dispose();
  });

  it('read Keras 2 and Keras 3 configs (L1, L2, L1L2, names; MaxNorm, NonNeg, UnitNorm, MinMaxNorm) and write each class back', async () => {
    const k3 = (cls: string, config: Record<string, unknown>, mod = 'keras.regularizers') => ({
      module: mod,
      class_name: cls,
      config,
      registered_name: null,
    });
    const dense = (name: string, config: Record<string, unknown>) => ({
      class_name: 'Dense',
      config: { name, units: 2, ...config },
    });
    const model = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'InputLayer', config: { batch_shape: [null, 3], name: 'in' } },
          dense('a', {
            kernel_regularizer: k3('L2', { l2: 0.01 }),
            bias_regularizer: k3('L1', { l1: 0.02 }),
            kernel_constraint: k3('MaxNorm', { max_value: 2, axis: 0 }, 'keras.constraints'),
            bias_constraint: k3('NonNeg', {}, 'keras.constraints'),
          }),
          dense('b', {
            kernel_regularizer: { class_name: 'L1L2', config: { l1: 0.0, l2: 0.01 } },
            bias_regularizer: 'l2',
            kernel_constraint: { class_name: 'UnitNorm', config: { axis: [0] } },
            bias_constraint: { class_name: 'MinMaxNorm', config: { min_value: 0, max_value: 1, rate: 1, axis: 0 } },
          }),
        ],
      },
      keras_version: '3.3.3',
    };
    const r = importModelText(JSON.stringify(model));
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings).toEqual([]);
    const params = (id: string) => r.doc.nodes.find((n) => n.id === id)?.params ?? {};
    expect(params('a')).toMatchObject({
      kernelRegularizer: { l1: 0, l2: 0.01 },
      biasRegularizer: { l1: 0.02, l2: 0 },
      kernelConstraint: { className: 'MaxNorm', maxValue: 2, axis: 0 },
      biasConstraint: { className: 'NonNeg' },
    });
    expect(params('b')).toMatchObject({
      kernelRegularizer: { l1: 0, l2: 0.01 },
      biasRegularizer: { l1: 0, l2: 0.01 },
      kernelConstraint: { className: 'UnitNorm', axis: 0 },
      biasConstraint: { className: 'MinMaxNorm', minValue: 0, maxValue: 1, rate: 1, axis: 0 },
    });
    // Each export keeps the file's class: Keras L2 stays L2, L1L2(l1=0) stays L1L2; model.json
    // writes tfjs' one class, L1L2, with the same factors (tfjs 4.22 reads no other).
    const classes = (layers: LayerJson[]) =>
      layers
        .filter((l) => l.class_name === 'Dense')
        .map((l) => [l.config.kernel_regularizer, l.config.bias_regularizer]);
    const kerasWant = [
      [
        { class_name: 'L2', config: { l2: 0.01 } },
        { class_name: 'L1', config: { l1: 0.02 } },
      ],
      [
        { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
        { class_name: 'L2', config: { l2: 0.01 } },
      ],
    ];
    const json = await exportModel(tf, r.doc, 'keras-json');
    if (!json.ok) throw new Error(json.error);
    expect(json.fidelity?.pass).toBe(true);
    expect(classes(layersOf(JSON.parse(json.files[0]?.data as string)))).toEqual(kerasWant);
    const tfjs = await exportModel(tf, r.doc, 'tfjs');
    if (!tfjs.ok) throw new Error(tfjs.error);
    expect(classes(layersOf(JSON.parse(tfjs.files[0]?.data as string).modelTopology)).flat()).toEqual([
      { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
      { class_name: 'L1L2', config: { l1: 0.02, l2: 0 } },
      { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
      { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } },
    ]);
    await keepsPenaltiesInKerasFiles(r.doc);
  });

  it('refuse an unknown regularizer naming the layer, and warn that activity regularizers are dropped', () => {
    const model = (config: Record<string, unknown>) =>
      JSON.stringify({
        class_name: 'Sequential',
        config: {
          name: 's',
          layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 3], ...config } }],
        },
      });
    const bad = importModelText(model({ kernel_regularizer: { class_name: 'OrthogonalRegularizer', config: {} } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/"d".*kernel regularizer must be an L1\/L2 penalty/);
    const act = importModelText(model({ activity_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.1 } } }));
    if (!act.ok) throw new Error(act.error);
    expect(act.warnings.join('\n')).toMatch(/activity regularizers are not imported.*"d"/);
  });

  it('train with the penalty: the loss with L2 on the same weights is higher than without', async () => {
    const plain = compiled(denseDoc({}));
    const l2 = compiled(denseDoc({ kernelRegularizer: { l1: 0, l2: 0.5 } }));
    l2.setWeights(plain.getWeights());
    const losses: number[] = [];
    for (const m of [plain, l2]) {
      m.compile({ optimizer: tf.train.sgd(0), loss: 'meanSquaredError' });
      const h = await m.fit(xs(), ys(), { epochs: 1, batchSize: 32, verbose: 0 });
      losses.push(h.history.loss?.[0] as number);
    }
    const kernel = plain.getLayer('hidden').getWeights()[0] as tf.Tensor;
    const penalty = 0.5 * (tf.sum(tf.square(kernel)).dataSync()[0] as number);
    expect(losses[1]).toBeGreaterThan(losses[0] as number);
    expect((losses[1] as number) - (losses[0] as number)).toBeCloseTo(penalty, 4);
    plain.dispose();
    l2.dispose();
  });

  it('write Keras 3 Python arguments', async () => {
    const doc = denseDoc({
      kernelRegularizer: { l1: 0, l2: 0.01 },
      biasRegularizer: { l1: 0.001, l2: 0.01 },
      kernelConstraint: { className: 'MaxNorm', maxValue: 2, axis: 0 },
    });
    const py = await exportModel(tf, doc, 'python');
    if (!py.ok) throw new Error(py.error);
    const script = py.files[0]?.data as string;
    expect(script).toContain('kernel_regularizer=keras.regularizers.L2(0.01)');
    expect(script).toContain('bias_regularizer=keras.regularizers.L1L2(l1=0.001, l2=0.01)');
    expect(script).toContain('kernel_constraint=keras.constraints.MaxNorm(max_value=2, axis=0)');
    expect(script.match(/regularizer=/g)).toHaveLength(2);
    const back = importPythonText(script);
    if (!back.ok) throw new Error(back.error);
    const hidden = back.doc.nodes.find((n) => n.id === 'hidden')?.params;
    expect(hidden).toMatchObject({
      kernelRegularizer: { l1: 0, l2: 0.01 },
      biasRegularizer: { l1: 0.001, l2: 0.01 },
      kernelConstraint: { className: 'MaxNorm', maxValue: 2, axis: 0 },
    });
    expect(hidden?.biasConstraint ?? null).toBeNull();
  });

  it('read Python written by hand: Keras 2 functions and positional arguments', () => {
    const r = importPythonText(`from tensorflow.keras import layers, models, regularizers, constraints
model = models.Sequential([
    layers.Dense(4, input_shape=(3,), kernel_regularizer=regularizers.l2(0.02),
                 bias_regularizer=regularizers.l1_l2(l1=0.1), kernel_constraint=constraints.max_norm(3)),
    layers.Dense(1, kernel_constraint=constraints.NonNeg(), bias_regularizer=regularizers.L1()),
])
`);
    if (!r.ok) throw new Error(r.error);
    const params = (i: number) => r.doc.nodes.filter((n) => n.type === 'dense')[i]?.params;
    expect(params(0)).toMatchObject({
      kernelRegularizer: { l1: 0, l2: 0.02 },
      biasRegularizer: { l1: 0.1, l2: 0 },
      kernelConstraint: { className: 'MaxNorm', maxValue: 3, axis: 0 },
    });
    expect(params(1)).toMatchObject({
      kernelConstraint: { className: 'NonNeg' },
      biasRegularizer: { l1: 0.01, l2: 0 },
    });
  });
});
