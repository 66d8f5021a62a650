import {
  activationParam,
  biasParam,
  convDescribe,
  expectRank,
  filtersParam,
  isError,
  knownChannels,
  paddingParam,
  pairText,
  trainable,
} from '../common';
import { defineLayer, fail } from '../define';
import { KERAS_PADDING, KERAS_USE_BIAS, kerasActivation, kerasTriple, ONE } from '../keras';
import { p } from '../schema';
import { convLength, formatShape } from '../shape';

const volume = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

export const conv3d = defineLayer({
  type: 'conv3d',
  kerasClass: 'Conv3D',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    filters: filtersParam(),
    kernelSize: p.triple({
      default: [3, 3, 3],
      label: 'kernel size',
      doc: 'Depth, height and width of the convolution window.',
    }),
    strides: p.triple({
      default: [1, 1, 1],
      label: 'strides',
      doc: 'Step of the window along depth, height and width.',
    }),
    padding: paddingParam(),
    dilationRate: p.triple({
      default: [1, 1, 1],
      label: 'dilation rate',
      doc: 'Spacing between kernel taps (atrous convolution). Cannot be combined with strides > 1.',
    }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: '3-D convolution over depth × height × width of a (depth, height, width, channels) volume: video frames or 3-D scans.',
  checkParams: ({ strides, dilationRate }) =>
    strides.some((s) => s > 1) && dilationRate.some((d) => d > 1)
      ? { message: 'Conv3D cannot combine strides > 1 with a dilation rate > 1.', param: 'dilationRate' }
      : undefined,
  inferShape: ([x], { filters, kernelSize, strides, padding, dilationRate }) => {
    if (!x) return fail('Conv3D needs an input.');
    const rank = expectRank('Conv3D', x, 4, 'depth, height, width, channels');
    if (rank) {
      if (x.length !== 3) return rank;
      return fail(`${rank.error.message} For a (height, width, channels) image use Conv2D.`);
    }
    const c = knownChannels('Conv3D', x);
    if (isError(c)) return c;
    const out = [0, 1, 2].map((i) =>
      convLength(x[i] ?? null, kernelSize[i] ?? 1, padding, strides[i] ?? 1, dilationRate[i] ?? 1),
    );
    if (out.some((d) => d !== null && d <= 0))
      return fail(
        `Conv3D's ${pairText(kernelSize)} kernel${dilationRate.some((d) => d > 1) ? ` (dilation ${pairText(dilationRate)})` : ''} does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or a smaller kernel.`,
        {
          param: 'kernelSize',
          fixes: [{ label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    return [...out, filters];
  },
  countParams: ([x], { filters, kernelSize, useBias }) => {
    const c = (x?.[3] as number) ?? 0;
    return trainable(volume(kernelSize) * c * filters + (useBias ? filters : 0));
  },
  macs: ([x], { kernelSize }, out) => {
    const [d, h, w, f] = out;
    const c = x?.[3] ?? null;
    if (d == null || h == null || w == null || f == null || c === null) return null;
    return d * h * w * volume(kernelSize) * c * f;
  },
  describe: convDescribe,
  keras: {
    params: {
      filters: 'filters',
      kernelSize: kerasTriple('kernel_size'),
      strides: kerasTriple('strides', [1, 1, 1]),
      padding: KERAS_PADDING,
      dilationRate: kerasTriple('dilation_rate', [1, 1, 1]),
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    refuse: [{ key: 'groups', allow: ONE, why: 'grouped convolutions are not supported (tfjs 4.22 has no groups)' }],
  },
  head: { sizeParam: 'filters' },
  // The wasm backend has no 3-D convolution at all: naming the kernels keeps training off it.
  gradientKernels: ['Conv3D', 'Conv3DBackpropFilterV2'],
  build: (tf, v, name) => tf.layers.conv3d({ name, ...v }),
});
