import { defineLayer, NO_PARAMS } from '../define';
import { elementwiseShape } from '../merge';

export const average = defineLayer({
  type: 'average',
  kerasClass: 'Average',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {},
  docs: 'Averages its inputs element-wise (ensembles of branches). Every input must have the same shape.',
  inferShape: (inputs) => elementwiseShape('Average', inputs),
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  build: (tf, _v, name) => tf.layers.average({ name }),
});
