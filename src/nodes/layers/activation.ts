import { activationParam, passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';

export const activation = defineLayer({
  type: 'activation',
  kerasClass: 'Activation',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    activation: activationParam('relu'),
  },
  docs: 'Applies an activation function element-wise ("softmax" along the last axis); the shape is unchanged.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('Activation needs an input.')),
  countParams: () => NO_PARAMS,
  warn: (_inputs, { activation }) =>
    activation === 'linear'
      ? { message: 'Activation "linear" is the identity: the layer has no effect.', param: 'activation' }
      : undefined,
  describe: ({ activation }) => activation,
  keras: { params: { activation: { key: 'activation', convert: 'activation' } } }, // always written
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { activation }, name) => tf.layers.activation({ activation, name }),
});
