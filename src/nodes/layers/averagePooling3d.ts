import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { KERAS_POOL_3D, pool3dParams, poolDescribe, poolShape, poolStrideWarning, withHint } from '../pooling';

export const averagePooling3d = defineLayer({
  type: 'averagePooling3d',
  kerasClass: 'AveragePooling3D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool3dParams(),
  docs: 'Downsamples a (depth, height, width, channels) volume (a video or a 3-D scan) by averaging each pooling window, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('AveragePooling3D needs an input.');
    const rank = expectRank('AveragePooling3D', x, 4, 'depth, height, width, channels');
    if (rank)
      return withHint(
        rank,
        x.length === 3 ? 'For a (height, width, channels) feature map use AveragePooling2D.' : undefined,
      );
    return poolShape('AveragePooling3D', x, poolSize, strides, padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('AveragePooling3D', poolSize, strides),
  describe: ({ poolSize, strides, padding }) => poolDescribe(poolSize, strides, padding),
  keras: KERAS_POOL_3D,
  // The wasm backend has no 3-D pooling at all: naming the kernels keeps training off it.
  gradientKernels: ['AvgPool3D', 'AvgPool3DGrad'],
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.averagePooling3d({ poolSize, strides: strides ?? undefined, padding, name }),
});
