import { defineLayer, fail, type LayerIssue, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

/** Why `dims` is not a permutation tfjs accepts, or `undefined`. */
function dimsIssue(dims: readonly number[]): LayerIssue | undefined {
  const n = dims.length;
  const seen = new Set(dims);
  if (seen.size !== n || dims.some((d) => !Number.isInteger(d) || d < 1 || d > n))
    return {
      message: `Permute dims must list each axis 1..${n} exactly once (1-indexed, the batch axis excluded), but got [${dims.join(', ')}].`,
      param: 'dims',
    };
  // tfjs validates with a lexicographic sort ([1, 10, 2, …]), so it rejects 10 or more axes.
  if (n >= 10)
    return {
      message: `tfjs cannot build a Permute over ${n} axes: it rejects permutations of 10 or more axes.`,
      param: 'dims',
    };
  return undefined;
}

export const permute = defineLayer({
  type: 'permute',
  kerasClass: 'Permute',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    dims: p.ints({
      default: [2, 1],
      minLength: 1,
      min: 1,
      label: 'dims',
      doc: 'New order of the axes, 1-indexed without the batch axis, as in Keras: [2, 1] swaps the two axes of a (steps, features) input.',
    }),
  },
  docs: 'Reorders the axes of each sample: dims [2, 1] turns (steps, features) into (features, steps). The batch axis stays first.',
  checkParams: ({ dims }) => dimsIssue(dims),
  inferShape: ([x], { dims }) => {
    if (!x) return fail('Permute needs an input.');
    const issue = dimsIssue(dims);
    if (issue) return { error: issue };
    if (dims.length !== x.length)
      return fail(
        `Permute dims [${dims.join(', ')}] reorder ${dims.length} axes, but its input ${formatShape(x)} has ${x.length}.`,
        { param: 'dims' },
      );
    return dims.map((d) => x[d - 1] ?? null);
  },
  countParams: () => NO_PARAMS,
  describe: ({ dims }) => `(${dims.join(', ')})`,
  keras: { params: { dims: 'dims' } },
  head: { passThrough: true },
  build: (tf, { dims }, name) => tf.layers.permute({ dims: [...dims], name }),
});
