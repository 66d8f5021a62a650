/**
 * A MobileNetV2-style model built with real tfjs, for the canvas tests: a stem, 17 inverted
 * residual blocks (1×1 expand → BN → ReLU6 → 3×3 depthwise → BN → ReLU6 → 1×1 project → BN, with
 * the Add shortcut wherever stride and width allow, as in the paper's table 2), and the head.
 * Widths are scaled down (the layout depends on the graph, not on the filter counts).
 */
import type * as tfjs from '@tensorflow/tfjs';

type TF = typeof tfjs;
type T = tfjs.SymbolicTensor;

/** `repeat` multiplies every stage's block count (2 gives about 300 layers). */
export function mobileNetV2Like(tf: TF, repeat = 1): tfjs.LayersModel {
  const apply = (layer: tfjs.layers.Layer, x: T | T[]) => layer.apply(x) as T;
  const input = tf.input({ shape: [32, 32, 3], name: 'input_1' });
  let x = apply(tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'Conv1' }), input);
  x = apply(tf.layers.batchNormalization({ name: 'bn_Conv1' }), x);
  x = apply(tf.layers.reLU({ maxValue: 6, name: 'Conv1_relu' }), x);
  // (expansion t, channels c, repeats n, stride s), MobileNetV2 table 2.
  const stages: [number, number, number, number][] = [
    [1, 4, 1, 1],
    [6, 6, 2, 2],
    [6, 8, 3, 2],
    [6, 12, 4, 2],
    [6, 16, 3, 1],
    [6, 20, 3, 2],
    [6, 32, 1, 1],
  ];
  let channels = 8;
  let block = 0;
  for (const [t, c, n, s] of stages)
    for (let i = 0; i < n * repeat; i++) {
      const p = `block_${block}_`;
      const stride = i === 0 ? s : 1;
      let h = x;
      if (t !== 1) {
        h = apply(tf.layers.conv2d({ filters: channels * t, kernelSize: 1, useBias: false, name: `${p}expand` }), h);
        h = apply(tf.layers.batchNormalization({ name: `${p}expand_BN` }), h);
        h = apply(tf.layers.reLU({ maxValue: 6, name: `${p}expand_relu` }), h);
      }
      h = apply(
        tf.layers.depthwiseConv2d({
          kernelSize: 3,
          strides: stride,
          padding: 'same',
          useBias: false,
          name: `${p}depthwise`,
        }),
        h,
      );
      h = apply(tf.layers.batchNormalization({ name: `${p}depthwise_BN` }), h);
      h = apply(tf.layers.reLU({ maxValue: 6, name: `${p}depthwise_relu` }), h);
      h = apply(tf.layers.conv2d({ filters: c, kernelSize: 1, useBias: false, name: `${p}project` }), h);
      h = apply(tf.layers.batchNormalization({ name: `${p}project_BN` }), h);
      x = stride === 1 && channels === c ? apply(tf.layers.add({ name: `${p}add` }), [x, h]) : h;
      channels = c;
      block += 1;
    }
  x = apply(tf.layers.conv2d({ filters: 64, kernelSize: 1, useBias: false, name: 'Conv_1' }), x);
  x = apply(tf.layers.batchNormalization({ name: 'Conv_1_bn' }), x);
  x = apply(tf.layers.reLU({ maxValue: 6, name: 'out_relu' }), x);
  x = apply(tf.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }), x);
  const out = apply(tf.layers.dense({ units: 10, activation: 'softmax', name: 'predictions' }), x);
  return tf.model({ inputs: input, outputs: out, name: 'mobilenetv2_like' });
}
