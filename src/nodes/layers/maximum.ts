import { defineLayer, NO_PARAMS } from '../define';
import { elementwiseShape } from '../merge';

export const maximum = defineLayer({
  type: 'maximum',
  kerasClass: 'Maximum',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {},
  docs: 'Takes the element-wise maximum of its inputs. Every input must have the same shape.',
  inferShape: (inputs) => elementwiseShape('Maximum', inputs),
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  build: (tf, _v, name) => tf.layers.maximum({ name }),
});
