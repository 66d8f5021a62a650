import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { CHANNELS_LAST, KERAS_PADDING } from '../keras';
import { pool1dParams, poolDescribe, poolShape, poolStrideWarning, withHint } from '../pooling';

const one = (v: number | null): number[] | null => (v === null ? null : [v]);

export const averagePooling1d = defineLayer({
  type: 'averagePooling1d',
  kerasClass: 'AveragePooling1D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool1dParams(),
  docs: 'Downsamples a (steps, channels) sequence by averaging each window of steps, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('AveragePooling1D needs an input.');
    const rank = expectRank('AveragePooling1D', x, 2, 'steps, channels');
    if (rank)
      return withHint(
        rank,
        x.length === 3 ? 'For a (height, width, channels) feature map use AveragePooling2D.' : undefined,
      );
    return poolShape('AveragePooling1D', x, [poolSize], one(strides), padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('AveragePooling1D', [poolSize], one(strides)),
  describe: ({ poolSize, strides, padding }) => poolDescribe([poolSize], one(strides), padding),
  keras: {
    params: {
      poolSize: { key: 'pool_size', convert: 'single' },
      strides: { key: 'strides', convert: 'single', k3Default: null },
      padding: KERAS_PADDING,
    },
    refuse: [CHANNELS_LAST],
    unsetWhenEqual: ['strides', 'poolSize'],
    keras1: { rename: { pool_length: 'pool_size', stride: 'strides' } },
  },
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.averagePooling1d({ poolSize, strides: strides ?? undefined, padding, name }),
});
