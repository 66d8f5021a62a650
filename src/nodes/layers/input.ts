import { defineLayer, NO_PARAMS } from '../define';
import { p } from '../schema';

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
      label: 'shape',
      doc: 'Shape of one sample, without the batch dimension: 360×480×3 for an RGB image.',
    }),
  },
  docs: 'Input of the model: the shape of one sample, without the batch dimension (Keras `Input(shape=…)`).',
  inferShape: (_inputs, { shape }) => shape,
  countParams: () => NO_PARAMS,
  describe: ({ shape }) => shape.join('×'),
  keras: { params: { shape: null } }, // shape ↔ batch_input_shape / batch_shape: the importers and writers handle it
  build: (tf, { shape }, name) => tf.layers.inputLayer({ inputShape: shape, name }),
});
