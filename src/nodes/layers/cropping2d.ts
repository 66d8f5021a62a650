import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

/** `1 each side`, or `t1 b1 l2 r2`. */
const sidesText = ([t, b, l, r]: readonly number[]): string =>
  t === b && b === l && l === r ? `${t} each side` : `t${t} b${b} l${l} r${r}`;

export const cropping2d = defineLayer({
  type: 'cropping2d',
  kerasClass: 'Cropping2D',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    cropping: p.ints({
      default: [0, 0, 0, 0],
      length: 4,
      min: 0,
      itemLabels: ['top', 'bottom', 'left', 'right'],
      label: 'cropping',
      doc: 'Rows removed at the top and bottom, and columns removed at the left and right.',
    }),
  },
  docs: 'Removes rows and columns at the edges of a (height, width, channels) feature map, for example to match the size of a skip connection in a U-Net. No weights.',
  inferShape: ([x], { cropping }) => {
    if (!x) return fail('Cropping2D needs an input.');
    const rank = expectRank('Cropping2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    const [t = 0, b = 0, l = 0, r = 0] = cropping;
    const [h = null, w = null, c = null] = x;
    if (h !== null && t + b >= h)
      return fail(
        `Cropping2D removes ${t + b} rows (top ${t} + bottom ${b}) from its ${formatShape(x)} input, which has only ${h}: nothing would be left. Crop at most ${Math.max(h - 1, 0)} rows in total.`,
        { param: 'cropping' },
      );
    if (w !== null && l + r >= w)
      return fail(
        `Cropping2D removes ${l + r} columns (left ${l} + right ${r}) from its ${formatShape(x)} input, which has only ${w}: nothing would be left. Crop at most ${Math.max(w - 1, 0)} columns in total.`,
        { param: 'cropping' },
      );
    return [h === null ? null : h - t - b, w === null ? null : w - l - r, c];
  },
  countParams: () => NO_PARAMS,
  describe: ({ cropping }) => sidesText(cropping),
  keras: { params: { cropping: { key: 'cropping', convert: 'sides' } } },
  build: (tf, { cropping }, name) => {
    const [t = 0, b = 0, l = 0, r = 0] = cropping;
    return tf.layers.cropping2D({
      cropping: [
        [t, b],
        [l, r],
      ],
      name,
    });
  },
});
