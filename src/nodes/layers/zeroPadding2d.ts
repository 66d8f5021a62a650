import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

/** `1 each side`, or `t1 b1 l2 r2`. */
const sidesText = ([t, b, l, r]: readonly number[]): string =>
  t === b && b === l && l === r ? `${t} each side` : `t${t} b${b} l${l} r${r}`;

export const zeroPadding2d = defineLayer({
  type: 'zeroPadding2d',
  kerasClass: 'ZeroPadding2D',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    padding: p.ints({
      default: [1, 1, 1, 1],
      length: 4,
      min: 0,
      itemLabels: ['top', 'bottom', 'left', 'right'],
      label: 'padding',
      doc: 'Rows of zeros added at the top and bottom, and columns added at the left and right.',
    }),
  },
  docs: 'Adds rows and columns of zeros around a (height, width, channels) feature map, for example before a strided convolution with padding "valid". No weights.',
  inferShape: ([x], { padding }) => {
    if (!x) return fail('ZeroPadding2D needs an input.');
    const rank = expectRank('ZeroPadding2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    const [t = 0, b = 0, l = 0, r = 0] = padding;
    const [h = null, w = null, c = null] = x;
    return [h === null ? null : h + t + b, w === null ? null : w + l + r, c];
  },
  countParams: () => NO_PARAMS,
  describe: ({ padding }) => sidesText(padding),
  keras: { params: { padding: { key: 'padding', convert: 'sides' } } },
  build: (tf, { padding }, name) => {
    const [t = 0, b = 0, l = 0, r = 0] = padding;
    return tf.layers.zeroPadding2d({
      padding: [
        [t, b],
        [l, r],
      ],
      name,
    });
  },
});
