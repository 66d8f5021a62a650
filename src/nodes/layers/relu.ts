import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const relu = defineLayer({
  type: 'relu',
  kerasClass: 'ReLU',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    maxValue: p.float({
      default: null,
      nullable: true,
      nullLabel: 'no cap',
      min: 0,
      label: 'max value',
      doc: 'Caps the output at this value (6 gives ReLU6); empty for no cap.',
    }),
  },
  docs: 'Rectified linear unit: max(x, 0), optionally capped at a maximum value. The shape is unchanged.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('ReLU needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ maxValue }) => (maxValue === null ? '' : `max ${maxValue}`),
  build: (tf, { maxValue }, name) => tf.layers.reLU(maxValue === null ? { name } : { maxValue, name }),
});
