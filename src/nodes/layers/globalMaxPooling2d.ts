import { defineLayer, NO_PARAMS } from '../define';
import { globalPool2dShape, KERAS_GLOBAL_POOL } from '../pooling';

export const globalMaxPooling2d = defineLayer({
  type: 'globalMaxPooling2d',
  kerasClass: 'GlobalMaxPooling2D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: {},
  docs: 'Takes the maximum of each channel over the whole height × width: (height, width, channels) → (channels). Works for any image size. No weights.',
  inferShape: ([x]) => globalPool2dShape('GlobalMaxPooling2D', x),
  countParams: () => NO_PARAMS,
  keras: KERAS_GLOBAL_POOL,
  build: (tf, _v, name) => tf.layers.globalMaxPooling2d({ name }),
});
