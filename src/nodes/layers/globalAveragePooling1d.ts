import { defineLayer, NO_PARAMS } from '../define';
import { globalPool1dShape, KERAS_GLOBAL_POOL } from '../pooling';

export const globalAveragePooling1d = defineLayer({
  type: 'globalAveragePooling1d',
  kerasClass: 'GlobalAveragePooling1D',
  category: 'pooling',
  inputs: { min: 1, max: 1 },
  params: {},
  docs: 'Averages each channel over all the steps of a sequence: (steps, channels) → (channels). The usual bridge from a 1-D convolutional or embedding body to a classifier head; works for any sequence length. No weights.',
  inferShape: ([x]) => globalPool1dShape('GlobalAveragePooling1D', x),
  countParams: () => NO_PARAMS,
  keras: KERAS_GLOBAL_POOL,
  build: (tf, _v, name) => tf.layers.globalAveragePooling1d({ name }),
});
