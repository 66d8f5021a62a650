import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

export const softmax = defineLayer({
  type: 'softmax',
  kerasClass: 'Softmax',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    axis: p.int({
      default: -1,
      label: 'axis',
      doc: 'Axis along which the outputs sum to 1; -1 is the last. Counted with the batch axis as 0, as in Keras. tfjs supports only the last axis.',
    }),
  },
  docs: 'Softmax layer: turns scores into probabilities that sum to 1 along the last axis. The shape is unchanged.',
  inferShape: (inputs, { axis }) => {
    const x = inputs[0];
    if (!x) return fail('Softmax needs an input.');
    const rank = x.length;
    if (rank === 0)
      return fail(
        'Softmax needs an input of rank 1 or more per sample; on a scalar per sample it would normalize across the batch.',
      );
    // Keras axes count the batch axis as 0: the last axis is -1 or `rank`.
    const full = axis < 0 ? rank + 1 + axis : axis;
    const fixes = [{ label: 'Use axis -1', kind: 'setParam' as const, param: 'axis', value: -1 }];
    if (full === 0)
      return fail(`Softmax cannot normalize over the batch axis (axis ${axis}).`, { param: 'axis', fixes });
    if (full < 0 || full > rank)
      return fail(
        `Softmax axis ${axis} is out of range for its ${formatShape(x)} input (rank ${rank}): use -1 or 1..${rank}.`,
        { param: 'axis', fixes },
      );
    if (full !== rank)
      return fail(
        `tfjs supports Softmax only along the last axis, but axis ${axis} is axis ${full} of ${rank} of its ${formatShape(x)} input. Permute the axis to the end, or use axis -1.`,
        { param: 'axis', fixes },
      );
    return passThrough(inputs);
  },
  countParams: () => NO_PARAMS,
  describe: ({ axis }) => (axis === -1 ? '' : `axis ${axis}`),
  keras: { params: { axis: { key: 'axis', convert: 'axis', k3Default: -1 } } },
  head: { activation: 'softmax', keepsLastAxis: true },
  build: (tf, { axis }, name) => tf.layers.softmax({ axis, name }),
});
