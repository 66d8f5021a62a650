import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const dropout = defineLayer({
  type: 'dropout',
  kerasClass: 'Dropout',
  category: 'regularization',
  inputs: { min: 1, max: 1 },
  params: {
    rate: p.float({
      default: 0.5,
      min: 0,
      max: 1,
      label: 'rate',
      doc: 'Fraction of the input units set to zero at each training step, in [0, 1). The rest are scaled by 1 / (1 − rate).',
    }),
  },
  docs: 'Randomly zeroes a fraction of the inputs while training and scales the rest up; does nothing at inference.',
  checkParams: ({ rate }) =>
    rate >= 1
      ? {
          message: `Dropout rate must be below 1 (got ${rate}): a rate of 1 would drop every unit.`,
          param: 'rate',
          fixes: [{ label: 'Use rate 0.5', kind: 'setParam', param: 'rate', value: 0.5 }],
        }
      : undefined,
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('Dropout needs an input.')),
  countParams: () => NO_PARAMS,
  warn: (_inputs, { rate }) =>
    rate === 0 ? { message: 'Dropout with rate 0 drops nothing: the layer has no effect.', param: 'rate' } : undefined,
  describe: ({ rate }) => `rate ${rate}`,
  keras: { params: { rate: 'rate' }, keras1: { rename: { p: 'rate' } } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { rate }, name) => tf.layers.dropout({ rate, name }),
});
