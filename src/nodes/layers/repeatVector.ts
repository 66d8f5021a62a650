import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';
import { product } from '../shape';

export const repeatVector = defineLayer({
  type: 'repeatVector',
  kerasClass: 'RepeatVector',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    n: p.int({ default: 3, min: 1, label: 'n', doc: 'Number of repetitions: the length of the output sequence.' }),
  },
  docs: 'Repeats a feature vector n times: (features) becomes (n, features), e.g. to feed an encoding to a recurrent decoder.',
  inferShape: ([x], { n }) => {
    if (!x) return fail('RepeatVector needs an input.');
    const flat = x.length >= 2 && product(x) !== null;
    const rank = expectRank(
      'RepeatVector',
      x,
      1,
      'features',
      flat
        ? [
            {
              label: 'Insert Flatten before RepeatVector',
              kind: 'insertBefore',
              port: 0,
              layer: { type: 'flatten', params: {} },
            },
          ]
        : undefined,
    );
    if (rank) return rank;
    return [n, x[0] ?? null];
  },
  countParams: () => NO_PARAMS,
  describe: ({ n }) => `×${n}`,
  keras: { params: { n: 'n' } },
  build: (tf, { n }, name) => tf.layers.repeatVector({ n, name }),
});
