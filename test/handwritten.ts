/**
 * Models written by hand with tf.layers, the way a person writes them: the reference that the
 * compiler's output is compared with (equivalence tests) and timed against (bench/).
 */
import * as tf from '@tensorflow/tfjs';
import type { SkipwireDoc } from '../src/compile';

/** ApesNet written by hand with tf.layers, the way its Keras implementation reads. */
export function handApesNet(h: number, w: number, classes: number): tf.LayersModel {
  const L = tf.layers;
  const bn = (name: string) => L.batchNormalization({ epsilon: 1e-3, name });
  const lrelu = (name: string) => L.leakyReLU({ alpha: 0.3, name });
  const input = tf.input({ shape: [h, w, 3], name: 'input' });
  let x: tf.SymbolicTensor = input;
  const apply = (layer: tf.layers.Layer, t: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(t) as tf.SymbolicTensor;
  for (const [i, filters] of [16, 64, 64].entries()) {
    const n = `conv_block${i + 1}`;
    x = apply(L.conv2d({ filters, kernelSize: 7, padding: 'same', name: `${n}_conv` }), x);
    x = apply(bn(`${n}_bn`), x);
    x = apply(lrelu(`${n}_act`), x);
    x = apply(L.dropout({ rate: 0.5, name: `${n}_dropout` }), x);
    x = apply(L.maxPooling2d({ poolSize: 2, name: `${n}_pool` }), x);
  }
  for (const n of ['apes_block1', 'apes_block2']) {
    let y = apply(bn(`${n}_bn_1`), x);
    y = apply(lrelu(`${n}_leaky_relu_1`), y);
    y = apply(L.conv2d({ filters: 64, kernelSize: 1, padding: 'same', name: `${n}_conv_1x1` }), y);
    y = apply(bn(`${n}_bn_2`), y);
    y = apply(lrelu(`${n}_leaky_relu_2`), y);
    y = apply(L.conv2d({ filters: 64, kernelSize: 7, padding: 'same', name: `${n}_conv_7x7` }), y);
    y = apply(bn(`${n}_bn_3`), y);
    const shortcut = apply(bn(`${n}_bn_shortcut`), x);
    x = apply(L.add({ name: `${n}_add` }), [y, shortcut]);
    x = apply(lrelu(`${n}_leaky_relu_out`), x);
    x = apply(L.dropout({ rate: 0.5, name: `${n}_dropout` }), x);
  }
  for (const [i, filters] of [64, 16, 8].entries()) {
    const n = `decoder${i + 1}`;
    x = apply(L.upSampling2d({ size: [2, 2], name: `${n}_upsample` }), x);
    x = apply(L.conv2d({ filters, kernelSize: 7, padding: 'same', name: `${n}_conv` }), x);
    x = apply(bn(`${n}_bn`), x);
    x = apply(lrelu(`${n}_act`), x);
    x = apply(L.dropout({ rate: 0.5, name: `${n}_dropout` }), x);
  }
  x = apply(L.conv2d({ filters: classes, kernelSize: 1, padding: 'valid', name: 'classifier' }), x);
  x = apply(L.reshape({ targetShape: [h * w, classes], name: 'flatten_pixels' }), x);
  x = apply(L.activation({ activation: 'softmax', name: 'softmax' }), x);
  return tf.model({ inputs: input, outputs: x });
}

/** The model `residualChain` (bench/graphs.ts) describes, by hand: one residual stage per conv or block. */
export function handFromChain(doc: SkipwireDoc): tf.LayersModel {
  const L = tf.layers;
  const inputNode = doc.nodes.find((n) => n.type === 'input');
  const shape = inputNode?.params.shape as number[];
  const channels = shape[2] as number;
  const input = tf.input({ shape, name: 'input' });
  let x: tf.SymbolicTensor = input;
  const ap = (l: tf.layers.Layer, t: tf.SymbolicTensor | tf.SymbolicTensor[]) => l.apply(t) as tf.SymbolicTensor;
  let k = 0;
  for (const node of doc.nodes) {
    if (node.type !== 'block' && node.type !== 'conv2d') continue;
    k += 1;
    const c = ap(L.conv2d({ filters: channels, kernelSize: 3, padding: 'same', name: `s${k}_conv` }), x);
    const bn = ap(L.batchNormalization({ name: `s${k}_bn` }), c);
    const r = ap(L.reLU({ name: `s${k}_relu` }), bn);
    x = ap(L.add({ name: `s${k}_add` }), [r, x]);
  }
  x = ap(L.globalAveragePooling2d({ name: 'gap' }), x);
  return tf.model({ inputs: input, outputs: x });
}
