import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { KERAS_POOL_1D, pool1dParams, poolDescribe, poolShape, poolStrideWarning, single, withHint } from '../pooling';

export const maxPooling1d = defineLayer({
  type: 'maxPooling1d',
  kerasClass: 'MaxPooling1D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool1dParams(),
  docs: 'Downsamples a (steps, channels) sequence by taking the maximum over each window of steps, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('MaxPooling1D needs an input.');
    const rank = expectRank('MaxPooling1D', x, 2, 'steps, channels');
    if (rank)
      return withHint(
        rank,
        x.length === 3 ? 'For a (height, width, channels) feature map use MaxPooling2D.' : undefined,
      );
    return poolShape('MaxPooling1D', x, [poolSize], single(strides), padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('MaxPooling1D', [poolSize], single(strides)),
  describe: ({ poolSize, strides, padding }) => poolDescribe([poolSize], single(strides), padding),
  keras: KERAS_POOL_1D,
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.maxPooling1d({ poolSize, strides: strides ?? undefined, padding, name }),
});
