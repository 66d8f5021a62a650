import { defineLayer, NO_PARAMS } from '../define';
import { globalPool1dShape, KERAS_GLOBAL_POOL } from '../pooling';

export const globalMaxPooling1d = defineLayer({
  type: 'globalMaxPooling1d',
  kerasClass: 'GlobalMaxPooling1D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: {},
  docs: 'Takes the maximum of each channel over all the steps of a sequence: (steps, channels) → (channels). Works for any sequence length. No weights.',
  inferShape: ([x]) => globalPool1dShape('GlobalMaxPooling1D', x),
  countParams: () => NO_PARAMS,
  keras: KERAS_GLOBAL_POOL,
  build: (tf, _v, name) => tf.layers.globalMaxPooling1d({ name }),
});
