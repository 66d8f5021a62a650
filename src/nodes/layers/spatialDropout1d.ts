import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const spatialDropout1d = defineLayer({
  type: 'spatialDropout1d',
  kerasClass: 'SpatialDropout1D',
  category: 'regularization',
  inputs: { min: 1, max: 1 },
  params: {
    rate: p.float({
      default: 0.5,
      min: 0,
      max: 1,
      label: 'rate',
      doc: 'Fraction of the channels set to zero, over every step at once, at each training step, in [0, 1). The rest are scaled by 1 / (1 − rate).',
    }),
  },
  docs: 'Dropout of whole channels of a (steps, channels) sequence: each dropped channel is zero at every step, which regularizes better than Dropout when neighbouring steps are correlated (after Embedding or Conv1D). Does nothing at inference.',
  checkParams: ({ rate }) =>
    rate >= 1
      ? {
          message: `SpatialDropout1D rate must be below 1 (got ${rate}): a rate of 1 would drop every channel.`,
          param: 'rate',
          fixes: [{ label: 'Use rate 0.5', kind: 'setParam', param: 'rate', value: 0.5 }],
        }
      : undefined,
  inferShape: ([x]) => {
    if (!x) return fail('SpatialDropout1D needs an input.');
    const rank = expectRank('SpatialDropout1D', x, 2, 'steps, channels');
    if (!rank) return x;
    const hint = x.length === 1 ? ' For one value per feature use Dropout.' : '';
    return { error: { ...rank.error, message: `${rank.error.message}${hint}` } };
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { rate }) =>
    rate === 0
      ? { message: 'SpatialDropout1D with rate 0 drops nothing: the layer has no effect.', param: 'rate' }
      : undefined,
  describe: ({ rate }) => `rate ${rate}`,
  keras: { params: { rate: 'rate' } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { rate }, name) => tf.layers.spatialDropout1d({ rate, name }),
});
