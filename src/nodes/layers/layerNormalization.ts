import { normalizationParams, trainable } from '../common';
import { defineLayer, fail, type Shape } from '../define';
import { OFF } from '../keras';
import { p } from '../schema';
import { formatShape } from '../shape';

/** Index into the batch-less shape of a Keras axis (batch = 0, negatives from the end), or `null` for the batch axis. */
function axisIndex(shape: Shape, axis: number): number | null {
  const full = axis < 0 ? shape.length + 1 + axis : axis;
  return full === 0 ? null : full - 1;
}

export const layerNormalization = defineLayer({
  type: 'layerNormalization',
  kerasClass: 'LayerNormalization',
  category: 'normalization',
  inputs: { min: 1, max: 1 },
  params: {
    axis: p.int({
      default: -1,
      label: 'axis',
      doc: 'Axis normalized within each sample; -1 is the last (features). Counted with the batch axis as 0, as in Keras.',
    }),
    ...normalizationParams(),
  },
  docs: 'Normalizes each sample over its features axis (mean 0, variance 1), independently of the batch, then applies a learned scale and offset.',
  inferShape: (inputs, { axis }) => {
    const x = inputs[0];
    if (!x) return fail('LayerNormalization needs an input.');
    if (x.length === 0)
      return fail(
        'LayerNormalization needs an input of rank 1 or more per sample, but its input is a scalar per sample.',
      );
    const fixes = [{ label: 'Use axis -1', kind: 'setParam' as const, param: 'axis', value: -1 }];
    const k = axisIndex(x, axis);
    if (k === null)
      return fail(
        `LayerNormalization cannot normalize over the batch axis (axis ${axis}); it normalizes within each sample.`,
        {
          param: 'axis',
          fixes,
        },
      );
    if (k < 0 || k >= x.length)
      return fail(
        `LayerNormalization axis ${axis} is out of range for its ${formatShape(x)} input (rank ${x.length}): use -1 or 1..${x.length}.`,
        { param: 'axis', fixes },
      );
    if (x[k] === null)
      return fail(
        `LayerNormalization needs a known size along axis ${axis} to size its scale and offset, but its input is ${formatShape(x)}.`,
        { param: 'axis' },
      );
    return x;
  },
  countParams: ([x], { axis, center, scale }) => {
    const s = x ?? [];
    const k = axisIndex(s, axis);
    const c = (k === null ? 0 : s[k]) ?? 0;
    return trainable((center ? c : 0) + (scale ? c : 0));
  },
  describe: ({ axis, epsilon }) => (axis === -1 ? `ε ${epsilon}` : `axis ${axis} · ε ${epsilon}`),
  keras: {
    params: {
      axis: { key: 'axis', convert: 'axis', k3Default: -1 },
      epsilon: { key: 'epsilon', k3Default: 0.001 },
      center: { key: 'center', k3Default: true },
      scale: { key: 'scale', k3Default: true },
    },
    refuse: [{ key: 'rms_scaling', allow: OFF, why: 'RMS scaling is not supported' }],
  },
  build: (tf, { axis, epsilon, center, scale }, name) =>
    tf.layers.layerNormalization({ axis, epsilon, center, scale, name }),
});
