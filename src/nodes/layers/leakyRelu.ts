import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const leakyRelu = defineLayer({
  type: 'leakyRelu',
  kerasClass: 'LeakyReLU',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    alpha: p.float({
      default: 0.3,
      min: 0,
      label: 'alpha',
      doc: 'Slope for negative inputs (0.3 in tfjs and Keras 2; Keras 3 defaults to 0.2).',
    }),
  },
  docs: 'Leaky rectified linear unit: x for x > 0, alpha · x otherwise. The shape is unchanged.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('LeakyReLU needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ alpha }) => `α ${alpha}`,
  keras: { params: { alpha: { key: 'alpha', keras3: 'negative_slope' } } },
  build: (tf, { alpha }, name) => tf.layers.leakyReLU({ alpha, name }),
});
