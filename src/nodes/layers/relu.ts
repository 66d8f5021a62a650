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
  keras: {
    params: { maxValue: { key: 'max_value', k3Default: null } },
    refuse: [
      { key: 'negative_slope', allow: [0, null], why: 'a leaky ReLU layer is LeakyReLU' },
      { key: 'threshold', allow: [0, null], why: 'a ReLU threshold is not supported' },
    ],
  },
  build: (tf, { maxValue }, name) => tf.layers.reLU(maxValue === null ? { name } : { maxValue, name }),
});
