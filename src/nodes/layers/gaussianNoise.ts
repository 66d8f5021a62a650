import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const gaussianNoise = defineLayer({
  type: 'gaussianNoise',
  kerasClass: 'GaussianNoise',
  category: 'regularization',
  inputs: { min: 1, max: 1 },
  params: {
    stddev: p.float({
      default: 0.1,
      min: 0,
      exclusiveMin: true,
      label: 'stddev',
      doc: 'Standard deviation of the zero-mean Gaussian noise added while training.',
    }),
  },
  docs: 'Adds zero-mean Gaussian noise to its input while training (a regularizer); does nothing at inference.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('GaussianNoise needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ stddev }) => `σ ${stddev}`,
  keras: { params: { stddev: 'stddev' }, keras1: { rename: { sigma: 'stddev' } } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { stddev }, name) => tf.layers.gaussianNoise({ stddev, name }),
});
