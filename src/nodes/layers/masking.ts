import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

export const masking = defineLayer({
  type: 'masking',
  kerasClass: 'Masking',
  category: 'core',
  inputs: { min: 1, max: 1 },
  params: {
    maskValue: p.float({
      default: 0,
      label: 'mask value',
      doc: 'A step whose features all equal this value is padding: it is zeroed, and the recurrent layers after it skip it.',
    }),
  },
  docs: 'Marks padding steps of a (timesteps, features) sequence: a step whose features all equal the mask value is skipped by the recurrent layers downstream (their state carries over it) and zeroed. No weights.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('Masking needs an input.')),
  warn: ([x]) =>
    x && x.length < 2
      ? {
          message: `Masking's input ${formatShape(x)} has no steps: it masks a whole sample when all its values equal the mask value, and no recurrent layer can skip it. Put Masking on the (timesteps, features) input of a recurrent layer.`,
        }
      : undefined,
  countParams: () => NO_PARAMS,
  describe: ({ maskValue }) => `mask ${maskValue}`,
  keras: { params: { maskValue: { key: 'mask_value', k3Default: 0 } } },
  head: { keepsLastAxis: true },
  build: (tf, { maskValue }, name) => tf.layers.masking({ maskValue, name }),
});
