import { defineLayer, NO_PARAMS } from '../define';
import { elementwiseShape } from '../merge';

export const minimum = defineLayer({
  type: 'minimum',
  kerasClass: 'Minimum',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {},
  docs: 'Takes the element-wise minimum of its inputs. Every input must have the same shape.',
  inferShape: (inputs) => elementwiseShape('Minimum', inputs),
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  build: (tf, _v, name) => tf.layers.minimum({ name }),
});
