import { defineLayer, fail, NO_PARAMS } from '../define';
import { formatShape, product } from '../shape';

export const flatten = defineLayer({
  type: 'flatten',
  kerasClass: 'Flatten',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {},
  docs: 'Flattens each sample into a vector: a 7×7×64 feature map becomes 3136 values. The batch axis is kept.',
  inferShape: ([x]) => {
    if (!x) return fail('Flatten needs an input.');
    // tfjs declares `minNDim: 3` (batch included), so it rejects inputs that are already flat.
    if (x.length < 2)
      return fail(
        x.length === 0
          ? 'Flatten needs an input of rank 2 or more per sample, but its input is a scalar per sample.'
          : `Flatten needs an input of rank 2 or more per sample (tfjs rejects flat inputs), but its input ${formatShape(x)} is already flat: remove the Flatten.`,
      );
    const n = product(x);
    if (n === null) {
      const c = x[x.length - 1];
      const pool = x.length === 3 && c !== null && c !== undefined;
      return fail(
        `Flatten needs every dimension known to size its output, but its input is ${formatShape(x)}. Give the Input a fixed size${pool ? ', or pool the feature map with GlobalAveragePooling2D instead' : ''}.`,
        pool
          ? {
              fixes: [
                {
                  label: 'Insert GlobalAveragePooling2D before Flatten',
                  kind: 'insertBefore',
                  port: 0,
                  layer: { type: 'globalAveragePooling2d', params: {} },
                },
              ],
            }
          : undefined,
      );
    }
    return [n];
  },
  countParams: () => NO_PARAMS,
  keras: { params: {} },
  head: { passThrough: true },
  build: (tf, _v, name) => tf.layers.flatten({ name }),
});
