/** GaussianDropout: multiplicative 1-centred Gaussian noise while training (tfjs `tf.layers.gaussianDropout`). */
import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const gaussianDropout = defineLayer({
  type: 'gaussianDropout',
  kerasClass: 'GaussianDropout',
  category: 'regularization',
  inputs: { min: 1, max: 1 },
  params: {
    rate: p.float({
      default: 0.5,
      min: 0,
      max: 1,
      exclusiveMin: true,
      label: 'rate',
      doc: 'Drop probability: the noise is multiplicative, centred on 1, with standard deviation sqrt(rate / (1 - rate)).',
    }),
  },
  docs: 'Multiplies its input by 1-centred Gaussian noise while training (a regularizer); does nothing at inference.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('GaussianDropout needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ rate }) => `rate ${rate}`,
  keras: { params: { rate: 'rate' }, keras1: { rename: { p: 'rate' } } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { rate }, name) => tf.layers.gaussianDropout({ rate, name }),
});
