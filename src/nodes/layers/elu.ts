import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const elu = defineLayer({
  type: 'elu',
  kerasClass: 'ELU',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    alpha: p.float({
      default: 1,
      min: 0,
      label: 'alpha',
      doc: 'Scale of the negative part, alpha · (exp(x) − 1). tfjs supports only 1.',
    }),
  },
  docs: 'Exponential linear unit: x for x > 0, alpha · (exp(x) − 1) otherwise. The shape is unchanged.',
  // tfjs 4.22's ELU constructor throws NotImplementedError for any alpha other than 1.
  checkParams: ({ alpha }) =>
    alpha !== 1
      ? {
          message: `tfjs supports only alpha = 1 in the ELU layer (got ${alpha}); the model could not be built.`,
          param: 'alpha',
          fixes: [{ label: 'Use alpha 1', kind: 'setParam', param: 'alpha', value: 1 }],
        }
      : undefined,
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('ELU needs an input.')),
  countParams: () => NO_PARAMS,
  describe: ({ alpha }) => `α ${alpha}`,
  keras: { params: { alpha: { key: 'alpha', k3Default: 1 } } },
  build: (tf, { alpha }, name) => tf.layers.elu({ alpha, name }),
});
