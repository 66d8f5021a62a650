import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { KERAS_POOL_2D, pool2dParams, poolDescribe, poolShape, poolStrideWarning } from '../pooling';

export const averagePooling2d = defineLayer({
  type: 'averagePooling2d',
  kerasClass: 'AveragePooling2D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool2dParams(),
  docs: 'Downsamples a (height, width, channels) feature map by averaging each pooling window, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('AveragePooling2D needs an input.');
    const rank = expectRank('AveragePooling2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    return poolShape('AveragePooling2D', x, poolSize, strides, padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('AveragePooling2D', poolSize, strides),
  describe: ({ poolSize, strides, padding }) => poolDescribe(poolSize, strides, padding),
  keras: KERAS_POOL_2D,
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.averagePooling2d({ poolSize, strides: strides ?? undefined, padding, name }),
});
