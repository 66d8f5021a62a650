import { defineLayer, NO_PARAMS } from '../define';
import { elementwiseShape } from '../merge';

export const add = defineLayer({
  type: 'add',
  kerasClass: 'Add',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {},
  docs: 'Adds its inputs element-wise (a residual or skip connection). Every input must have the same shape.',
  inferShape: (inputs) => elementwiseShape('Add', inputs),
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  build: (tf, _v, name) => tf.layers.add({ name }),
});
