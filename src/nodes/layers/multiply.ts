import { defineLayer, NO_PARAMS } from '../define';
import { elementwiseShape } from '../merge';

export const multiply = defineLayer({
  type: 'multiply',
  kerasClass: 'Multiply',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {},
  docs: 'Multiplies its inputs element-wise (gating, attention masks). Every input must have the same shape.',
  inferShape: (inputs) => elementwiseShape('Multiply', inputs),
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  build: (tf, _v, name) => tf.layers.multiply({ name }),
});
