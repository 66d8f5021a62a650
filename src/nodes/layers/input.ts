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
    batchSize: p.int({
      default: null,
      nullable: true,
      nullLabel: 'any',
      min: 1,
      label: 'batch size',
      doc: 'A fixed number of samples per batch (Keras batch_size / batch_shape), which stateful recurrent layers need; training and predictions then run in batches of exactly this size. Empty for any.',
    }),
  },
  docs: 'Input of the model: the shape of one sample, without the batch dimension (Keras `Input(shape=…)`).',
  inferShape: (_inputs, { shape }) => shape,
  countParams: () => NO_PARAMS,
  describe: ({ shape, batchSize }) => formatShape(shape) + (batchSize === null ? '' : ` · batch ${batchSize}`),
  // shape and batch size ↔ batch_input_shape / batch_shape: the importers and writers handle them
  keras: { params: { shape: null, batchSize: null } },
  build: (tf, { shape, batchSize }, name) =>
    tf.layers.inputLayer(
      batchSize === null ? { inputShape: shape, name } : { batchInputShape: [batchSize, ...shape], name },
    ),
});
