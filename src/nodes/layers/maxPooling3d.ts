import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { KERAS_POOL_3D, pool3dParams, poolDescribe, poolShape, poolStrideWarning, withHint } from '../pooling';

export const maxPooling3d = defineLayer({
  type: 'maxPooling3d',
  kerasClass: 'MaxPooling3D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: pool3dParams(),
  docs: 'Downsamples a (depth, height, width, channels) volume (a video or a 3-D scan) by taking the maximum over each pooling window, channel by channel. No weights.',
  inferShape: ([x], { poolSize, strides, padding }) => {
    if (!x) return fail('MaxPooling3D needs an input.');
    const rank = expectRank('MaxPooling3D', x, 4, 'depth, height, width, channels');
    if (rank)
      return withHint(
        rank,
        x.length === 3 ? 'For a (height, width, channels) feature map use MaxPooling2D.' : undefined,
      );
    return poolShape('MaxPooling3D', x, poolSize, strides, padding);
  },
  countParams: () => NO_PARAMS,
  warn: (_inputs, { poolSize, strides }) => poolStrideWarning('MaxPooling3D', poolSize, strides),
  describe: ({ poolSize, strides, padding }) => poolDescribe(poolSize, strides, padding),
  keras: KERAS_POOL_3D,
  // The wasm backend has no 3-D pooling at all: naming the kernels keeps training off it.
  gradientKernels: ['MaxPool3D', 'MaxPool3DGrad'],
  build: (tf, { poolSize, strides, padding }, name) =>
    tf.layers.maxPooling3d({ poolSize, strides: strides ?? undefined, padding, name }),
});
