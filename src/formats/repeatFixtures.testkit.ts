/**
 * Models with repeated modules, built with real tfjs and named the way Keras' applications name
 * them, for the repeated-block tests: a ResNet50-style net (bottlenecks `conv2_block1_1_conv` …
 * `conv2_block1_add`, `conv2_block1_out`, a projection shortcut `_0_conv` in each stage's first
 * block) and an Inception-style net (`mixed0`, `mixed1`, `mixed2`: four branches concatenated).
 * Tiny widths, so that they run in milliseconds on the cpu backend.
 */
import type * as tfjs from '@tensorflow/tfjs';

type TF = typeof tfjs;
type T = tfjs.SymbolicTensor;
const apply = (layer: tfjs.layers.Layer, x: T | T[]) => layer.apply(x) as T;

/**
 * ResNet50-style: stem, then stages of bottleneck blocks (`blocks[i]` per stage, widths `2, 4, …`).
 * `numbered`: the layers take Keras' own numbered names (`conv2d_5`, `batch_normalization_3`), as
 * in a model built without names, instead of the applications' prefixed ones.
 */
export function resNetStyle(tf: TF, blocks: readonly number[] = [3, 4], numbered = false): tfjs.LayersModel {
  const counts = new Map<string, number>();
  const nm = (kind: string, name: string) => {
    if (!numbered) return name;
    const k = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, k);
    return `${kind}_${k}`;
  };
  const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
  let x = apply(
    tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: nm('conv2d', 'conv1_conv') }),
    input,
  );
  x = apply(tf.layers.batchNormalization({ name: nm('batch_normalization', 'conv1_bn') }), x);
  x = apply(tf.layers.activation({ activation: 'relu', name: nm('activation', 'conv1_relu') }), x);
  blocks.forEach((n, stage) => {
    const f = 2 * (stage + 1);
    for (let b = 1; b <= n; b++) {
      const p = `conv${stage + 2}_block${b}_`;
      const strides = b === 1 && stage > 0 ? 2 : 1;
      let shortcut = x;
      if (b === 1) {
        shortcut = apply(
          tf.layers.conv2d({ filters: 4 * f, kernelSize: 1, strides, name: nm('conv2d', `${p}0_conv`) }),
          x,
        );
        shortcut = apply(tf.layers.batchNormalization({ name: nm('batch_normalization', `${p}0_bn`) }), shortcut);
      }
      let h = apply(tf.layers.conv2d({ filters: f, kernelSize: 1, strides, name: nm('conv2d', `${p}1_conv`) }), x);
      h = apply(tf.layers.batchNormalization({ name: nm('batch_normalization', `${p}1_bn`) }), h);
      h = apply(tf.layers.activation({ activation: 'relu', name: nm('activation', `${p}1_relu`) }), h);
      h = apply(tf.layers.conv2d({ filters: f, kernelSize: 3, padding: 'same', name: nm('conv2d', `${p}2_conv`) }), h);
      h = apply(tf.layers.batchNormalization({ name: nm('batch_normalization', `${p}2_bn`) }), h);
      h = apply(tf.layers.activation({ activation: 'relu', name: nm('activation', `${p}2_relu`) }), h);
      h = apply(tf.layers.conv2d({ filters: 4 * f, kernelSize: 1, name: nm('conv2d', `${p}3_conv`) }), h);
      h = apply(tf.layers.batchNormalization({ name: nm('batch_normalization', `${p}3_bn`) }), h);
      x = apply(tf.layers.add({ name: nm('add', `${p}add`) }), [shortcut, h]);
      x = apply(tf.layers.activation({ activation: 'relu', name: nm('activation', `${p}out`) }), x);
    }
  });
  x = apply(tf.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  const out = apply(tf.layers.dense({ units: 5, activation: 'softmax', name: 'predictions' }), x);
  return tf.model({ inputs: input, outputs: out, name: 'resnet_style' });
}

/** Inception-style: three mixed modules (1×1, 1×1→3×3, 1×1→3×3→3×3 and pool→1×1, concatenated). */
export function inceptionStyle(tf: TF): tfjs.LayersModel {
  const input = tf.input({ shape: [8, 8, 4], name: 'input_1' });
  let x = apply(tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', name: 'stem' }), input);
  const conv = (h: T, filters: number, k: number, name: string) =>
    apply(tf.layers.conv2d({ filters, kernelSize: k, padding: 'same', activation: 'relu', name }), h);
  for (const [i, pool] of [2, 4, 4].entries()) {
    const p = `mixed${i}_`;
    const a = conv(x, 4, 1, `${p}1x1`);
    const b = conv(conv(x, 3, 1, `${p}3x3_reduce`), 4, 3, `${p}3x3`);
    const c = conv(conv(conv(x, 2, 1, `${p}dbl_reduce`), 4, 3, `${p}dbl_1`), 4, 3, `${p}dbl_2`);
    const d = conv(
      apply(tf.layers.averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: `${p}pool` }), x),
      pool,
      1,
      `${p}pool_proj`,
    );
    x = apply(tf.layers.concatenate({ axis: -1, name: `mixed${i}` }), [a, b, c, d]);
  }
  x = apply(tf.layers.globalAveragePooling2d({ name: 'avg_pool' }), x);
  const out = apply(tf.layers.dense({ units: 3, name: 'predictions' }), x);
  return tf.model({ inputs: input, outputs: out, name: 'inception_style' });
}
