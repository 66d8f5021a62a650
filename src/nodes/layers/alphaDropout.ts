import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const alphaDropout = defineLayer({
  type: 'alphaDropout',
  kerasClass: 'AlphaDropout',
  category: 'regularization',
  inputs: { min: 1, max: 1 },
  params: {
    rate: p.float({
      default: 0.1,
      min: 0,
      max: 1,
      label: 'rate',
      doc: 'Fraction of the inputs set to SELU’s negative saturation value at each training step, in [0, 1); the rest are shifted and scaled so that the mean and variance stay the same.',
    }),
  },
  docs: 'Dropout for self-normalizing networks (SELU activations): drops inputs to SELU’s negative saturation value and rescales, keeping the mean and variance of its input, while training; does nothing at inference.',
  checkParams: ({ rate }) =>
    rate >= 1
      ? {
          message: `AlphaDropout rate must be below 1 (got ${rate}): a rate of 1 would drop every unit.`,
          param: 'rate',
          fixes: [{ label: 'Use rate 0.1', kind: 'setParam', param: 'rate', value: 0.1 }],
        }
      : undefined,
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('AlphaDropout needs an input.')),
  countParams: () => NO_PARAMS,
  warn: (_inputs, { rate }) =>
    rate === 0
      ? { message: 'AlphaDropout with rate 0 drops nothing: the layer has no effect.', param: 'rate' }
      : undefined,
  describe: ({ rate }) => `rate ${rate}`,
  keras: { params: { rate: 'rate' } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { rate }, name) => tf.layers.alphaDropout({ rate, name }),
});
