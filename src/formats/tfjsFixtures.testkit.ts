/**
 * Models built directly with tfjs, as a person would with `tf.layers`, for the round-trip tests
 * (tiny shapes so that they run in milliseconds on the cpu backend), and helpers to save them as
 * the files tfjs writes.
 */
import type * as tfjs from '@tensorflow/tfjs';

type TF = typeof tfjs;
type SymbolicTensor = tfjs.SymbolicTensor;
const apply = (layer: tfjs.layers.Layer, x: SymbolicTensor | SymbolicTensor[]) => layer.apply(x) as SymbolicTensor;

/** Conv → BN → ReLU, a residual Add around two convolutions, pooling and a softmax head. */
export function residualCnn(tf: TF): tfjs.LayersModel {
  const x = tf.input({ shape: [8, 8, 3], name: 'image' });
  let h = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'stem', useBias: false }), x);
  h = apply(tf.layers.batchNormalization({ name: 'stem_bn' }), h);
  const a = apply(tf.layers.reLU({ name: 'stem_relu' }), h);
  const c1 = apply(
    tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'res_a' }),
    a,
  );
  const c2 = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'res_b' }), c1);
  const sum = apply(tf.layers.add({ name: 'res_add' }), [a, c2]);
  const act = apply(tf.layers.leakyReLU({ alpha: 0.1, name: 'res_act' }), sum);
  const pool = apply(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }), act);
  const flat = apply(tf.layers.flatten({ name: 'flatten' }), pool);
  const out = apply(tf.layers.dense({ units: 3, activation: 'softmax', name: 'classes' }), flat);
  return tf.model({ inputs: x, outputs: out, name: 'residual_cnn' });
}

/** An encoder–decoder with a Concatenate skip, UpSampling2D, Conv2DTranspose and Cropping2D. */
export function unet(tf: TF): tfjs.LayersModel {
  const x = tf.input({ shape: [8, 8, 2], name: 'input' });
  const e = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'enc' }), x);
  const p = apply(tf.layers.averagePooling2d({ poolSize: 2, name: 'down' }), e);
  const m = apply(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 'mid' }), p);
  const u = apply(tf.layers.upSampling2d({ size: [2, 2], name: 'up' }), m);
  const cat = apply(tf.layers.concatenate({ axis: -1, name: 'skip' }), [u, e]);
  const t = apply(tf.layers.conv2dTranspose({ filters: 4, kernelSize: 3, padding: 'valid', name: 'deconv' }), cat);
  const crop = apply(
    tf.layers.cropping2D({
      cropping: [
        [1, 1],
        [1, 1],
      ],
      name: 'crop',
    }),
    t,
  );
  const out = apply(tf.layers.conv2d({ filters: 1, kernelSize: 1, activation: 'sigmoid', name: 'mask' }), crop);
  return tf.model({ inputs: x, outputs: out, name: 'tiny_unet' });
}

/** Two inputs (numbers, token ids) and three outputs: Embedding, GRU, Average, Dot, two heads. */
export function multiInputOutput(tf: TF): tfjs.LayersModel {
  const numbers = tf.input({ shape: [6], name: 'numbers' });
  const tokens = tf.input({ shape: [5], name: 'tokens' });
  const n = apply(tf.layers.dense({ units: 4, activation: 'selu', name: 'numbers_dense' }), numbers);
  const emb = apply(tf.layers.embedding({ inputDim: 12, outputDim: 3, name: 'embed' }), tokens);
  const seq = apply(tf.layers.gru({ units: 4, recurrentActivation: 'sigmoid', name: 'gru' }), emb);
  const avg = apply(tf.layers.average({ name: 'avg' }), [n, seq]);
  const kind = apply(tf.layers.dense({ units: 3, activation: 'softmax', name: 'kind' }), avg);
  const amount = apply(tf.layers.dense({ units: 1, name: 'amount' }), avg);
  const sim = apply(tf.layers.dot({ axes: -1, normalize: true, name: 'similarity' }), [n, seq]);
  return tf.model({ inputs: [numbers, tokens], outputs: [kind, amount, sim], name: 'multi_io' });
}

/** A tf.sequential model with tfjs' generated layer names: Conv1D, pooling, reshapes, noise. */
export function sequentialModel(tf: TF): tfjs.Sequential {
  return tf.sequential({
    name: 'sequence_net',
    layers: [
      tf.layers.conv1d({ inputShape: [10, 2], filters: 4, kernelSize: 3, activation: 'relu' }),
      tf.layers.maxPooling1d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 6, activation: 'tanh' }),
      tf.layers.reshape({ targetShape: [3, 2] }),
      tf.layers.permute({ dims: [2, 1] }),
      tf.layers.flatten(),
      tf.layers.gaussianNoise({ stddev: 0.1 }),
      tf.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
}

/** MobileNet-style: strided conv, ReLU6, ZeroPadding2D + strided depthwise, SeparableConv2D ×2 multiplier. */
export function mobileNetStyle(tf: TF): tfjs.LayersModel {
  const x = tf.input({ shape: [8, 8, 3], name: 'input' });
  let h = apply(tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, name: 'rescale' }), x);
  h = apply(
    tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1' }),
    h,
  );
  h = apply(tf.layers.batchNormalization({ name: 'conv1_bn' }), h);
  h = apply(tf.layers.reLU({ maxValue: 6, name: 'conv1_relu' }), h);
  h = apply(
    tf.layers.zeroPadding2d({
      padding: [
        [0, 1],
        [0, 1],
      ],
      name: 'dw_pad',
    }),
    h,
  );
  h = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'valid', useBias: false, name: 'dw' }), h);
  h = apply(tf.layers.batchNormalization({ name: 'dw_bn' }), h);
  h = apply(tf.layers.reLU({ maxValue: 6, name: 'dw_relu' }), h);
  h = apply(tf.layers.conv2d({ filters: 16, kernelSize: 1, useBias: false, name: 'pw' }), h);
  h = apply(
    tf.layers.separableConv2d({ filters: 8, kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'sep' }),
    h,
  );
  h = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), h);
  h = apply(tf.layers.dropout({ rate: 0.2, name: 'drop' }), h);
  const out = apply(tf.layers.dense({ units: 4, activation: 'softmax', name: 'logits' }), h);
  return tf.model({ inputs: x, outputs: out, name: 'mobile_style' });
}

/** A text model: Embedding, SpatialDropout1D, SimpleRNN over every step, AveragePooling1D, and both 1-D global poolings. */
export function textModel(tf: TF): tfjs.LayersModel {
  const tokens = tf.input({ shape: [8], name: 'tokens' });
  const emb = apply(tf.layers.embedding({ inputDim: 20, outputDim: 4, name: 'embed' }), tokens);
  const drop = apply(tf.layers.spatialDropout1d({ rate: 0.2, name: 'drop_channels' }), emb);
  const rnn = apply(tf.layers.simpleRNN({ units: 5, returnSequences: true, name: 'rnn' }), drop);
  const pooled = apply(tf.layers.averagePooling1d({ poolSize: 2, name: 'pool' }), rnn);
  const mean = apply(tf.layers.globalAveragePooling1d({ name: 'mean' }), pooled);
  const peak = apply(tf.layers.globalMaxPooling1d({ name: 'peak' }), pooled);
  const both = apply(tf.layers.concatenate({ name: 'both' }), [mean, peak]);
  const out = apply(tf.layers.dense({ units: 2, activation: 'softmax', name: 'sentiment' }), both);
  return tf.model({ inputs: tokens, outputs: out, name: 'text_rnn' });
}

/** Padded sequences: Masking before a SimpleRNN, AlphaDropout in a SELU head. */
export function maskedSequenceModel(tf: TF): tfjs.Sequential {
  return tf.sequential({
    name: 'masked_rnn',
    layers: [
      tf.layers.masking({ inputShape: [6, 3], maskValue: -1, name: 'padding' }),
      tf.layers.simpleRNN({ units: 4, activation: 'relu', name: 'rnn' }),
      tf.layers.dense({ units: 4, activation: 'selu', name: 'selu' }),
      tf.layers.alphaDropout({ rate: 0.1, name: 'alpha_drop' }),
      tf.layers.dense({ units: 1, name: 'value' }),
    ],
  });
}

/** A tiny video classifier: Conv3D, MaxPooling3D and AveragePooling3D on (frames, height, width, channels). */
export function videoModel(tf: TF): tfjs.Sequential {
  return tf.sequential({
    name: 'video_3d',
    layers: [
      tf.layers.conv3d({
        inputShape: [4, 6, 6, 1],
        filters: 3,
        kernelSize: [2, 3, 3],
        activation: 'relu',
        name: 'c3d',
      }),
      tf.layers.maxPooling3d({ poolSize: [1, 2, 2], name: 'pool_space' }),
      tf.layers.averagePooling3d({ poolSize: [3, 2, 2], strides: 1, padding: 'same', name: 'pool_time' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 2, activation: 'softmax', name: 'label' }),
    ],
  });
}

/**
 * Keras' wrappers: a Bidirectional SimpleRNN and GRU (two merge modes) and TimeDistributed Conv2D,
 * Flatten and Dense. (LSTM is left to wrappers.test.ts: tfjs 4.22's LSTM leaks four tensors when it
 * builds its unit-forget bias, which the leak check here would count.)
 */
export function wrappedModel(tf: TF): tfjs.Sequential {
  return tf.sequential({
    name: 'wrapped',
    layers: [
      tf.layers.timeDistributed({
        layer: tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', name: 'conv' }),
        inputShape: [4, 6, 6, 1],
        name: 'frames_conv',
      }),
      tf.layers.timeDistributed({ layer: tf.layers.flatten({ name: 'flat' }), name: 'frames_flat' }),
      tf.layers.bidirectional({
        layer: tf.layers.simpleRNN({ units: 3, returnSequences: true, name: 'rnn' }) as never,
        name: 'bi_rnn',
      }),
      tf.layers.bidirectional({
        layer: tf.layers.gru({ units: 2, returnSequences: true, name: 'gru' }) as never,
        mergeMode: 'sum',
        name: 'bi_gru',
      }),
      tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 2, activation: 'softmax' }), name: 'tags' }),
    ],
  });
}

export const TFJS_FIXTURES: Readonly<Record<string, (tf: TF) => tfjs.LayersModel>> = {
  'residual CNN': residualCnn,
  'U-Net-like': unet,
  'multi-input multi-output': multiInputOutput,
  Sequential: sequentialModel,
  'MobileNet-style': mobileNetStyle,
  'text SimpleRNN + 1-D pooling': textModel,
  'masked SimpleRNN': maskedSequenceModel,
  '3-D convolution': videoModel,
  'Bidirectional and TimeDistributed': wrappedModel,
};

/** Outer Functional ⊃ Sequential `base` (⊃ Functional `head`) called on two inputs. */
export function nestedSiamese(tf: TF): tfjs.LayersModel {
  const hi = tf.input({ shape: [3], name: 'head_in' });
  const head = tf.model({
    name: 'head',
    inputs: hi,
    outputs: tf.layers.dense({ units: 2, name: 'head_dense', activation: 'tanh' }).apply(hi) as SymbolicTensor,
  });
  const base = tf.sequential({
    name: 'base',
    layers: [
      tf.layers.dense({ units: 3, inputShape: [4], name: 'd1', activation: 'relu' }),
      tf.layers.batchNormalization({ name: 'bn' }),
      head,
    ],
  });
  const a = tf.input({ shape: [4], name: 'a' });
  const b = tf.input({ shape: [4], name: 'b' });
  const fa = base.apply(a) as SymbolicTensor;
  const fb = base.apply(b) as SymbolicTensor;
  const out = tf.layers
    .dense({ units: 1, name: 'out' })
    .apply(tf.layers.concatenate({ name: 'cat' }).apply([fa, fb]) as SymbolicTensor);
  const m = tf.model({ inputs: [a, b], outputs: out as SymbolicTensor, name: 'outer' });
  randomizeWeights(tf, m, 5);
  return m;
}

/** Non-trivial weights (positive BatchNormalization variances) so that predictions exercise them. */
export function randomizeWeights(tf: TF, model: tfjs.LayersModel, seed = 1): void {
  let s = seed;
  const values = model.weights.map((w) => {
    s += 1;
    return w.originalName.endsWith('moving_variance')
      ? tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', s)
      : tf.randomNormal(w.shape as number[], 0, 0.3, 'float32', s);
  });
  model.setWeights(values);
  tf.dispose(values); // the variables keep their own reference
}

/** The files `model.save('file://…')` would write: the model.json text and the weights shard. */
export async function saveFiles(tf: TF, model: tfjs.LayersModel): Promise<{ modelJson: string; weights: Uint8Array }> {
  let text = '';
  let weights = new Uint8Array();
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData ?? new ArrayBuffer(0)));
      text = JSON.stringify({
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: a.convertedBy ?? null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
      });
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { modelJson: text, weights };
}
