import { trainable } from '../common';
import { defineLayer, fail, type Shape } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

/** The shape of PReLU's alpha weights: the input shape with the shared axes (1-indexed) set to 1. */
function alphaShape(x: Shape, sharedAxes: readonly number[] | null): Shape {
  const s = [...x];
  for (const a of sharedAxes ?? []) if (a >= 1 && a <= s.length) s[a - 1] = 1;
  return s;
}

export const prelu = defineLayer({
  type: 'prelu',
  kerasClass: 'PReLU',
  category: 'activation',
  inputs: { min: 1, max: 1 },
  params: {
    sharedAxes: p.ints({
      default: null,
      nullable: true,
      nullLabel: 'none: one alpha per value',
      minLength: 1,
      min: 1,
      label: 'shared axes',
      doc: 'Axes (1-indexed, the batch axis excluded) along which one alpha is shared: [1, 2] on a feature map learns one alpha per channel.',
    }),
  },
  docs: 'Parametric ReLU: x for x > 0, alpha · x otherwise, with alpha learned per value (or shared along the chosen axes). The shape is unchanged.',
  inferShape: (inputs, { sharedAxes }) => {
    const x = inputs[0];
    if (!x) return fail('PReLU needs an input.');
    const bad = (sharedAxes ?? []).find((a) => a > x.length);
    if (bad !== undefined)
      return fail(
        x.length === 0
          ? `PReLU shared axis ${bad} does not exist: its input is a scalar per sample.`
          : `PReLU shared axis ${bad} does not exist in its ${formatShape(x)} input: axes are 1..${x.length} (1-indexed, batch excluded).`,
        { param: 'sharedAxes' },
      );
    const shape = alphaShape(x, sharedAxes);
    const unknown = shape.indexOf(null);
    if (unknown >= 0) {
      const axes = shape.flatMap((d, i) => (d === null ? [i + 1] : []));
      const fixed = [...new Set([...(sharedAxes ?? []), ...axes])].sort((a, b) => a - b);
      return fail(
        `PReLU learns a separate alpha at each position of axis ${unknown + 1}, which needs a known size, but its input is ${formatShape(x)}. Share alpha along ${axes.length > 1 ? 'axes' : 'axis'} ${axes.join(', ')} instead.`,
        {
          param: 'sharedAxes',
          fixes: [{ label: `Share axes ${fixed.join(', ')}`, kind: 'setParam', param: 'sharedAxes', value: fixed }],
        },
      );
    }
    return x;
  },
  countParams: ([x], { sharedAxes }) =>
    trainable(alphaShape(x ?? [], sharedAxes).reduce<number>((n, d) => n * (d ?? 0), 1)),
  describe: ({ sharedAxes }) => (sharedAxes ? `shared ${sharedAxes.join(', ')}` : ''),
  keras: { params: { sharedAxes: { key: 'shared_axes', k3Default: null } } },
  build: (tf, { sharedAxes }, name) => tf.layers.prelu(sharedAxes ? { sharedAxes: [...sharedAxes], name } : { name }),
});
