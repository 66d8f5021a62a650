import { normalizationParams, passThrough } from '../common';
import { defineLayer, fail } from '../define';
import { OFF } from '../keras';
import { p } from '../schema';
import { formatShape } from '../shape';

export const batchNormalization = defineLayer({
  type: 'batchNormalization',
  kerasClass: 'BatchNormalization',
  category: 'normalization',
  inputs: { min: 1, max: 1 },
  params: {
    axis: p.int({ default: -1, label: 'axis', doc: 'The features axis to normalize; -1 is the last (channels).' }),
    momentum: p.float({
      default: 0.99,
      min: 0,
      max: 1,
      label: 'momentum',
      doc: 'Momentum of the moving mean and variance.',
    }),
    ...normalizationParams(),
  },
  docs: 'Normalizes each feature with the batch statistics while training and the moving statistics at inference. The moving mean and variance are non-trainable.',
  inferShape: (inputs, { axis }) => {
    const x = inputs[0];
    if (!x) return fail('BatchNormalization needs an input.');
    const k = axis < 0 ? x.length + axis : axis - 1;
    if (k < 0 || k >= x.length)
      return fail(`BatchNormalization axis ${axis} is out of range for its ${x.length}-D input.`, { param: 'axis' });
    if (x[k] === null || x[k] === undefined)
      return fail(
        `BatchNormalization needs a known size on axis ${axis} to size its statistics, but its input is ${formatShape(x)}.`,
        { param: 'axis' },
      );
    return passThrough(inputs);
  },
  countParams: ([x], { axis, center, scale }) => {
    const s = x ?? [];
    const c = (s[axis < 0 ? s.length + axis : axis - 1] as number) ?? 0;
    return { trainable: (center ? c : 0) + (scale ? c : 0), nonTrainable: 2 * c };
  },
  describe: ({ epsilon }) => `ε ${epsilon}`,
  keras: {
    params: {
      axis: { key: 'axis', convert: 'axis', k3Default: -1 },
      momentum: { key: 'momentum', k3Default: 0.99 },
      epsilon: { key: 'epsilon', k3Default: 0.001 },
      center: { key: 'center', k3Default: true },
      scale: { key: 'scale', k3Default: true },
    },
    refuse: [{ key: 'renorm', allow: OFF, why: 'batch renormalization is not supported' }],
  },
  build: (tf, v, name) => tf.layers.batchNormalization({ name, ...v }),
});
