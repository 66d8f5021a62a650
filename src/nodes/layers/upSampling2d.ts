import { expectRank, pairText } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { kerasPair } from '../keras';
import { p } from '../schema';

export const upSampling2d = defineLayer({
  type: 'upSampling2d',
  kerasClass: 'UpSampling2D',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    size: p.pair({ default: [2, 2], label: 'size', doc: 'Upsampling factors for height and width.' }),
    interpolation: p.choice(['nearest', 'bilinear'] as const, {
      default: 'nearest',
      label: 'interpolation',
      doc: '"nearest": repeat each pixel; "bilinear": interpolate between neighbouring pixels.',
    }),
  },
  docs: 'Enlarges a (height, width, channels) feature map by whole factors, repeating or interpolating pixels. No weights; the cheap alternative to Conv2DTranspose.',
  inferShape: ([x], { size }) => {
    if (!x) return fail('UpSampling2D needs an input.');
    const rank = expectRank('UpSampling2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    const [h = null, w = null, c = null] = x;
    return [h === null ? null : h * size[0], w === null ? null : w * size[1], c];
  },
  countParams: () => NO_PARAMS,
  describe: ({ size, interpolation }) => `×${pairText(size)} · ${interpolation}`,
  keras: {
    params: { size: kerasPair('size'), interpolation: { key: 'interpolation', k3Default: 'nearest' } },
  },
  build: (tf, { size, interpolation }, name) => tf.layers.upSampling2d({ size, interpolation, name }),
});
