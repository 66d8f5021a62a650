import { passThrough } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

/** `1/255` or `1/127.5` for reciprocals of short numbers, else the number to 4 significant digits. */
function scaleText(scale: number): string {
  if (scale !== 0 && Math.abs(scale) < 1) {
    const inv = 1 / scale;
    const short = Number(inv.toFixed(3));
    if (Math.abs(inv - short) <= 1e-9 * Math.abs(inv)) return `${short < 0 ? '-' : ''}1/${Math.abs(short)}`;
  }
  return String(Number(scale.toPrecision(4)));
}

export const rescaling = defineLayer({
  type: 'rescaling',
  kerasClass: 'Rescaling',
  category: 'preprocessing',
  inputs: { min: 1, max: 1 },
  params: {
    scale: p.float({
      default: 1 / 255,
      label: 'scale',
      doc: 'Multiplier applied to the input: 1/255 maps pixels in [0, 255] to [0, 1].',
    }),
    offset: p.float({
      default: 0,
      label: 'offset',
      doc: 'Added after scaling: scale 1/127.5 with offset −1 maps [0, 255] to [−1, 1].',
    }),
  },
  docs: 'Computes input · scale + offset, e.g. to map pixel values from [0, 255] to [0, 1]. The shape is unchanged.',
  inferShape: (inputs) => (inputs[0] ? passThrough(inputs) : fail('Rescaling needs an input.')),
  countParams: () => NO_PARAMS,
  warn: (_inputs, { scale, offset }) =>
    scale === 1 && offset === 0
      ? { message: 'Rescaling with scale 1 and offset 0 leaves its input unchanged.', param: 'scale' }
      : scale === 0
        ? { message: 'Rescaling with scale 0 discards its input: every output equals the offset.', param: 'scale' }
        : undefined,
  describe: ({ scale, offset }) =>
    `×${scaleText(scale)}${offset === 0 ? '' : ` ${offset < 0 ? '−' : '+'} ${Math.abs(offset)}`}`,
  keras: { params: { scale: 'scale', offset: { key: 'offset', k3Default: 0 } } },
  build: (tf, { scale, offset }, name) => tf.layers.rescaling({ scale, offset, name }),
});
