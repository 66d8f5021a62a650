import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const thresholdedRelu = defineLayer({
  type: 'thresholdedRelu',
  kerasClass: 'ThresholdedReLU',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    theta: p.float({
      default: 1,
      min: 0,
      label: 'theta',
      doc: 'Values above theta pass unchanged; the others become 0.',
    }),
  },
  docs: 'Keeps each value above theta and sets the others to 0: f(x) = x if x > theta, else 0. Keras 3 dropped this class: the Python export writes ReLU(threshold=theta), which differs only for values exactly equal to theta.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('ThresholdedReLU needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ theta }) => `θ ${theta}`,
  keras: { params: { theta: { key: 'theta', keras3: 'threshold' } }, pyClass: 'ReLU' },
  head: { keepsLastAxis: true },
  build: (tf, { theta }, name) => tf.layers.thresholdedReLU({ theta, name }),
});
