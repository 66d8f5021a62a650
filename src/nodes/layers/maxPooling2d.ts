import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { KERAS_POOL_2D, pool2dParams, poolDescribe, poolShape, poolStrideWarning, withHint } from '../pooling';

export const maxPooling2d = defineLayer({
  type: 'maxPooling2d',
  kerasClass: 'MaxPooling2D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool2dParams(),
  docs: 'Downsamples a (height, width, channels) feature map by taking the maximum over each pooling window, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('MaxPooling2D needs an input.');
    const rank = expectRank('MaxPooling2D', x, 3, 'height, width, channels');
    if (rank) return withHint(rank, x.length === 2 ? 'For a (steps, channels) sequence use MaxPooling1D.' : undefined);
    return poolShape('MaxPooling2D', x, poolSize, strides, padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('MaxPooling2D', poolSize, strides),
  describe: ({ poolSize, strides, padding }) => poolDescribe(poolSize, strides, padding),
  keras: KERAS_POOL_2D,
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.maxPooling2d({ poolSize, strides: strides ?? undefined, padding, name }),
});
