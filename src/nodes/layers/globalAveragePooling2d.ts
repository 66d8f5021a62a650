import { defineLayer, NO_PARAMS } from '../define';
import { globalPool2dShape, KERAS_GLOBAL_POOL } from '../pooling';

export const globalAveragePooling2d = defineLayer({
  type: 'globalAveragePooling2d',
  kerasClass: 'GlobalAveragePooling2D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: {},
  docs: 'Averages each channel over the whole height × width: (height, width, channels) → (channels). The usual bridge from a convolutional body to a classifier head; works for any image size. No weights.',
  inferShape: ([x]) => globalPool2dShape('GlobalAveragePooling2D', x),
  countParams: () => NO_PARAMS,
  keras: KERAS_GLOBAL_POOL,
  build: (tf, _v, name) => tf.layers.globalAveragePooling2d({ name }),
});
