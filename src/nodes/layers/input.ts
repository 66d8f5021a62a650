import { defineLayer, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

/** The graph's entry point. The compiler builds it with `tf.input`, not as a layer. */
export const input = defineLayer({
  type: 'input',
  kerasClass: 'InputLayer',
  category: 'input',
  inputs: { min: 0, max: 0 },
  params: {
    shape: p.ints({
      default: [28, 28, 1],
      minLength: 1,
      maxLength: 5,
      min: 1,
      allowUnknown: true,
      label: 'shape',
      doc: 'Shape of one sample, without the batch dimension: 360×480×3 for an RGB image. Type ? for a size the data gives (Keras None): ?×8 for sequences of any length.',
    }),
  },
  docs: 'Input of the model: the shape of one sample, without the batch dimension (Keras `Input(shape=…)`).',
  inferShape: (_inputs, { shape }) => shape,
  countParams: () => NO_PARAMS,
  describe: ({ shape }) => formatShape(shape),
  keras: { params: { shape: null } }, // shape ↔ batch_input_shape / batch_shape: the importers and writers handle it
  build: (tf, { shape }, name) => tf.layers.inputLayer({ inputShape: shape, name }),
});
