/**
 * Keras 2, Keras 3 and Keras 1 JSON fixtures (test/fixtures/keras, written from the formats'
 * documentation): import → compile → export → tfjs reads it back with the same topology,
 * parameter count and predictions. Oracles: tfjs itself loads the Keras 2 files directly; the
 * Keras 3 and Keras 1 files are compared with the same models written by hand with tf.layers.
 */
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel } from '../compile';
import { exportModel } from './exportModel';
import { compareModels } from './fidelity';
import { copyWeightsByName, fixture, pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { exportPython } from './python';
import { randomizeWeights } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterEach(() => {
  for (const m of models.splice(0)) m.dispose();
});
const keep = <T extends tf.LayersModel>(m: T): T => {
  models.push(m);
  return m;
};

const CASES = [
  ['keras2_functional_resnet.json', 'keras2', 427, 8],
  ['keras2_model_unet.json', 'keras2', 777, 0],
  ['keras2_sequential.json', 'keras2', 209, 0],
  ['keras2_sequential_bare_list.json', 'keras2', 37, 0],
  ['keras3_functional.json', 'keras3', 355, 0],
  ['keras3_multi_io.json', 'keras3', 191, 8],
  ['keras3_sequential_rnn.json', 'keras3', 200, 0],
  ['keras1_model_merge.json', 'keras1', 647, 0],
  ['keras1_sequential_rnn.json', 'keras1', 365, 0],
  ['keras1_sequential_cnn.json', 'keras1', 60, 4],
] as const;

/** Imports a fixture and compiles it with non-trivial weights. */
function load(file: string) {
  const r = importModelText(fixture(file));
  if (!r.ok) throw new Error(r.error);
  const analysis = analyze(r.doc);
  expect(analysis.diagnostics).toEqual([]);
  const { model } = compileModel(tf, r.doc, analysis);
  randomizeWeights(tf, keep(model), 5);
  return { ...r, analysis, model };
}

describe.each(CASES)('%s', (file, format, trainable, nonTrainable) => {
  it(`imports as ${format} with the right parameter counts, and round-trips through tfjs and Keras JSON`, async () => {
    const { doc, analysis, model, format: detected } = load(file);
    expect(detected).toBe(format);
    expect(analysis.totals).toEqual({ trainable, nonTrainable });
    for (const [fmt, weights] of [
      ['tfjs', model.getWeights()],
      ['keras-json', undefined],
    ] as const) {
      const out = await exportModel(tf, doc, fmt, weights ? { weights } : {});
      if (!out.ok) throw new Error(out.error);
      expect(out.fidelity?.pass, out.fidelity?.differences.join('; ')).toBe(true);
    }
    const exported = await exportModel(tf, doc, 'tfjs', { weights: model.getWeights() });
    if (!exported.ok) throw new Error(exported.error);
    const json = JSON.parse(exported.files[0]?.data as string);
    const bin = exported.files[1]?.data as Uint8Array;
    const back = keep(
      await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: bin.slice().buffer,
        }),
      ),
    );
    const report = compareModels(tf, model, back);
    expect(report.differences).toEqual([]);
    expect(report.maxDifference).toBe(0);
    const py = await exportModel(tf, doc, 'python');
    expect(py.ok && pythonParses(py.files[0]?.data as string)).toBe('ok');
  });
});

describe('Keras 2 files, read by tfjs itself', () => {
  it.each(CASES.filter((c) => c[1] === 'keras2').map((c) => c[0]))(
    '%s: the import builds the model tfjs builds',
    async (file) => {
      const { model } = load(file);
      const direct = keep(await tf.models.modelFromJSON({ modelTopology: JSON.parse(fixture(file)) }));
      copyWeightsByName(model, direct);
      const report = compareModels(tf, direct, model);
      expect(report.differences).toEqual([]);
      expect(report.maxDifference).toBe(0);
    },
  );
});

type SymbolicTensor = tf.SymbolicTensor;
const call = (layer: tf.layers.Layer, x: SymbolicTensor | SymbolicTensor[]) => layer.apply(x) as SymbolicTensor;

/** The Keras 3 and Keras 1 fixtures, written by hand with tf.layers. */
const HAND_WRITTEN: Record<string, () => tf.LayersModel> = {
  'keras3_functional.json': () => {
    const x = tf.input({ shape: [16], name: 'features' });
    const a = call(
      tf.layers.leakyReLU({ alpha: 0.2, name: 'leaky_re_lu' }),
      call(tf.layers.dense({ units: 8, name: 'dense' }), x),
    );
    const b = call(tf.layers.dense({ units: 8, activation: 'hardSigmoid', name: 'dense_1' }), x);
    let h = call(tf.layers.concatenate({ name: 'concatenate' }), [a, b]);
    h = call(tf.layers.layerNormalization({ name: 'layer_normalization' }), h);
    h = call(tf.layers.dropout({ rate: 0.25, name: 'dropout' }), h);
    return tf.model({
      inputs: x,
      outputs: call(tf.layers.dense({ units: 3, activation: 'softmax', name: 'output' }), h),
    });
  },
  'keras3_multi_io.json': () => {
    const image = tf.input({ shape: [8, 8, 3], name: 'image' });
    const meta = tf.input({ shape: [4], name: 'meta' });
    const pad = call(
      tf.layers.zeroPadding2d({
        padding: [
          [1, 1],
          [2, 0],
        ],
        name: 'zero_padding2d',
      }),
      image,
    );
    const c = call(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'conv2d' }), pad);
    let d = call(
      tf.layers.depthwiseConv2d({
        kernelSize: 3,
        padding: 'same',
        activation: 'relu6',
        useBias: false,
        name: 'depthwise_conv2d',
      }),
      c,
    );
    d = call(tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: 'batch_normalization' }), d);
    const g = call(
      tf.layers.globalMaxPooling2d({ name: 'global_max_pooling2d' }),
      call(tf.layers.add({ name: 'add' }), [d, c]),
    );
    const m = call(tf.layers.dense({ units: 4, activation: 'gelu', name: 'meta_dense' }), meta);
    const gate = call(tf.layers.multiply({ name: 'gate' }), [g, m]);
    const label = call(tf.layers.dense({ units: 2, activation: 'softmax', name: 'label' }), gate);
    const score = call(tf.layers.dense({ units: 1, name: 'score' }), gate);
    return tf.model({ inputs: [image, meta], outputs: [label, score] });
  },
  'keras3_sequential_rnn.json': () => {
    const x = tf.input({ shape: [5, 3], name: 'input_layer' });
    const g = call(tf.layers.gru({ units: 4, recurrentActivation: 'sigmoid', returnSequences: true, name: 'gru' }), x);
    const l = call(tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', name: 'lstm' }), g);
    return tf.model({ inputs: x, outputs: call(tf.layers.dense({ units: 2, name: 'dense' }), l) });
  },
  'keras1_model_merge.json': () => {
    const x = tf.input({ shape: [8, 8, 3], name: 'input_1' });
    const c1 = call(
      tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'convolution2d_1' }),
      x,
    );
    const c2 = call(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'convolution2d_2' }), c1);
    const sum = call(tf.layers.add({ name: 'merge_1' }), [c1, c2]);
    const mp = call(tf.layers.maxPooling2d({ poolSize: 2, name: 'maxpooling2d_1' }), sum);
    const ap = call(tf.layers.averagePooling2d({ poolSize: 2, name: 'averagepooling2d_1' }), sum);
    const cat = call(tf.layers.concatenate({ name: 'merge_2' }), [mp, ap]);
    const mul = call(tf.layers.multiply({ name: 'merge_3' }), [cat, cat]);
    const f = call(
      tf.layers.dropout({ rate: 0.5, name: 'dropout_1' }),
      call(tf.layers.flatten({ name: 'flatten_1' }), mul),
    );
    return tf.model({
      inputs: x,
      outputs: call(tf.layers.dense({ units: 3, activation: 'softmax', name: 'dense_1' }), f),
    });
  },
  'keras1_sequential_rnn.json': () => {
    const x = tf.input({ shape: [6], name: 'embedding_1_input' });
    const e = call(tf.layers.embedding({ inputDim: 20, outputDim: 4, name: 'embedding_1' }), x);
    const l = call(
      tf.layers.lstm({ units: 5, recurrentActivation: 'hardSigmoid', returnSequences: true, name: 'lstm_1' }),
      e,
    );
    const g = call(tf.layers.gru({ units: 3, recurrentActivation: 'hardSigmoid', name: 'gru_1' }), l);
    return tf.model({
      inputs: x,
      outputs: call(tf.layers.dense({ units: 1, activation: 'sigmoid', name: 'dense_1' }), g),
    });
  },
  'keras1_sequential_cnn.json': () => {
    const x = tf.input({ shape: [6, 6, 1], name: 'zeropadding2d_1_input' });
    let h = call(
      tf.layers.zeroPadding2d({
        padding: [
          [1, 1],
          [0, 2],
        ],
        name: 'zeropadding2d_1',
      }),
      x,
    );
    h = call(tf.layers.conv2d({ filters: 2, kernelSize: 3, strides: 2, name: 'convolution2d_1' }), h);
    h = call(tf.layers.batchNormalization({ name: 'batchnormalization_1' }), h);
    h = call(
      tf.layers.flatten({ name: 'flatten_1' }),
      call(tf.layers.leakyReLU({ alpha: 0.1, name: 'leakyrelu_1' }), h),
    );
    return tf.model({ inputs: x, outputs: call(tf.layers.dense({ units: 2, useBias: false, name: 'dense_1' }), h) });
  },
};

describe('Keras 3 and Keras 1 files, against the same models written with tf.layers', () => {
  it.each(Object.keys(HAND_WRITTEN))('%s', (file) => {
    const { model } = load(file);
    const hand = keep((HAND_WRITTEN[file] as () => tf.LayersModel)());
    copyWeightsByName(model, hand);
    const report = compareModels(tf, hand, model);
    expect(report.differences).toEqual([]);
    expect(report.maxDifference).toBe(0);
  });

  it('keeps the Keras 3 training settings in the editor’s form, for training and the Python export', () => {
    const { doc } = load('keras3_functional.json');
    expect(doc.metadata.training).toEqual({ optimizer: 'adam', learningRate: 0.0005, loss: 'categoricalCrossentropy' });
    const script = exportPython(doc);
    expect(script).toContain('optimizer=keras.optimizers.Adam(learning_rate=0.0005)');
    expect(script).toContain('loss="categorical_crossentropy"');
  });
});

describe('format details', () => {
  it('Keras 3: a LeakyReLU without negative_slope takes Keras 3’s default, 0.2', () => {
    const text = JSON.stringify({
      module: 'keras',
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 3], name: 'x' } },
          { module: 'keras.layers', class_name: 'LeakyReLU', config: { name: 'leaky' } },
        ],
      },
    });
    const r = importModelText(text);
    expect(r.ok && r.doc.nodes.find((n) => n.name === 'leaky')?.params).toEqual({ alpha: 0.2 });
  });

  it('Keras 1: Merge modes dot, ave and max; Deconvolution2D; border_mode and subsample', () => {
    const ref = (n: string) => [n, 0, 0];
    const layers = [
      { class_name: 'InputLayer', name: 'a', config: { name: 'a', batch_input_shape: [null, 4] }, inbound_nodes: [] },
      { class_name: 'InputLayer', name: 'b', config: { name: 'b', batch_input_shape: [null, 4] }, inbound_nodes: [] },
      { class_name: 'Merge', name: 'avg', config: { name: 'avg', mode: 'ave' }, inbound_nodes: [[ref('a'), ref('b')]] },
      {
        class_name: 'Merge',
        name: 'max',
        config: { name: 'max', mode: 'max' },
        inbound_nodes: [[ref('a'), ref('avg')]],
      },
      {
        class_name: 'Merge',
        name: 'dot',
        config: { name: 'dot', mode: 'dot', dot_axes: 1 },
        inbound_nodes: [[ref('max'), ref('b')]],
      },
    ];
    const text = JSON.stringify({
      class_name: 'Model',
      keras_version: '1.2.2',
      config: { name: 'm', layers, input_layers: [ref('a'), ref('b')], output_layers: [ref('dot')] },
    });
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => [n.name, n.type, n.params])).toEqual([
      ['a', 'input', { shape: [4] }],
      ['b', 'input', { shape: [4] }],
      ['avg', 'average', {}],
      ['max', 'maximum', {}],
      ['dot', 'dot', { axes: [1] }],
    ]);
    const deconv = JSON.stringify({
      class_name: 'Sequential',
      keras_version: '1.2.2',
      config: [
        {
          class_name: 'Deconvolution2D',
          config: {
            name: 'up',
            batch_input_shape: [null, 4, 4, 2],
            nb_filter: 3,
            nb_row: 2,
            nb_col: 2,
            subsample: [2, 2],
            border_mode: 'valid',
            output_shape: [null, 8, 8, 3],
            dim_ordering: 'tf',
            bias: true,
          },
        },
      ],
    });
    const d = importModelText(deconv);
    if (!d.ok) throw new Error(d.error);
    expect(d.doc.nodes[1]).toMatchObject({
      type: 'conv2dTranspose',
      params: { filters: 3, kernelSize: [2, 2], strides: [2, 2], padding: 'valid', useBias: true },
    });
    expect(analyze(d.doc).layers.at(-1)?.shape).toEqual([8, 8, 3]);
  });
});
