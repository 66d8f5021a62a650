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
import { KERAS_PADDING, KERAS_USE_BIAS, kerasActivation, kerasPair, ONE } from '../keras';
import { p } from '../schema';
import { convLength, formatShape } from '../shape';

export const conv2d = defineLayer({
  type: 'conv2d',
  kerasClass: 'Conv2D',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    filters: filtersParam(),
    kernelSize: p.pair({ default: [3, 3], label: 'kernel size', doc: 'Height and width of the convolution window.' }),
    strides: p.pair({ default: [1, 1], label: 'strides', doc: 'Step of the window along height and width.' }),
    padding: paddingParam(),
    dilationRate: p.pair({
      default: [1, 1],
      label: 'dilation rate',
      doc: 'Spacing between kernel taps (atrous convolution). Cannot be combined with strides > 1.',
    }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: '2-D convolution over height × width of a (height, width, channels) feature map.',
  checkParams: ({ strides, dilationRate }) =>
    strides.some((s) => s > 1) && dilationRate.some((d) => d > 1)
      ? { message: 'Conv2D cannot combine strides > 1 with a dilation rate > 1.', param: 'dilationRate' }
      : undefined,
  inferShape: ([x], { filters, kernelSize, strides, padding, dilationRate }) => {
    if (!x) return fail('Conv2D needs an input.');
    const rank = expectRank('Conv2D', x, 3, 'height, width, channels', [
      ...(x.length === 1
        ? [
            {
              label: 'Insert Reshape before Conv2D',
              kind: 'insertBefore' as const,
              port: 0,
              layer: { type: 'reshape', params: { targetShape: [-1, 1, 1] } },
            },
          ]
        : []),
    ]);
    if (rank) return rank;
    const c = knownChannels('Conv2D', x);
    if (isError(c)) return c;
    const h = convLength(x[0] ?? null, kernelSize[0], padding, strides[0], dilationRate[0]);
    const w = convLength(x[1] ?? null, kernelSize[1], padding, strides[1], dilationRate[1]);
    if ((h !== null && h <= 0) || (w !== null && w <= 0))
      return fail(
        `Conv2D's ${pairText(kernelSize)} kernel${dilationRate.some((d) => d > 1) ? ` (dilation ${pairText(dilationRate)})` : ''} does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or a smaller kernel.`,
        {
          param: 'kernelSize',
          fixes: [{ label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    return [h, w, filters];
  },
  countParams: ([x], { filters, kernelSize, useBias }) => {
    const c = (x?.[2] as number) ?? 0;
    return trainable(kernelSize[0] * kernelSize[1] * c * filters + (useBias ? filters : 0));
  },
  macs: ([x], { kernelSize }, [h, w, f]) =>
    (h as number) * (w as number) * kernelSize[0] * kernelSize[1] * (x?.[2] as number) * (f as number),
  describe: convDescribe,
  keras: {
    params: {
      filters: 'filters',
      kernelSize: kerasPair('kernel_size'),
      strides: kerasPair('strides', [1, 1]),
      padding: KERAS_PADDING,
      dilationRate: kerasPair('dilation_rate', [1, 1]),
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    refuse: [{ key: 'groups', allow: ONE, why: 'grouped convolutions are not supported' }],
    keras1: { classes: ['Convolution2D', 'AtrousConvolution2D'], rename: { subsample: 'strides' } },
  },
  head: { sizeParam: 'filters' },
  gradientKernels: ['Conv2DBackpropFilter'],
  build: (tf, v, name) => tf.layers.conv2d({ name, ...v }),
});
