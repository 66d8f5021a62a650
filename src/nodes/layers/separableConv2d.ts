import {
  activationParam,
  biasParam,
  expectRank,
  filtersParam,
  isError,
  knownChannels,
  paddingParam,
  pairText,
  trainable,
} from '../common';
import { defineLayer, fail } from '../define';
import { KERAS_PADDING, KERAS_USE_BIAS, kerasActivation, kerasPair } from '../keras';
import { p } from '../schema';
import { convLength, formatShape } from '../shape';

export const separableConv2d = defineLayer({
  type: 'separableConv2d',
  kerasClass: 'SeparableConv2D',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    filters: filtersParam(),
    kernelSize: p.pair({
      default: [3, 3],
      label: 'kernel size',
      doc: 'Height and width of the depthwise convolution window.',
    }),
    strides: p.pair({ default: [1, 1], label: 'strides', doc: 'Step of the window along height and width.' }),
    padding: paddingParam(),
    depthMultiplier: p.int({
      default: 1,
      min: 1,
      label: 'depth multiplier',
      doc: 'How many depthwise output channels each input channel gets before the pointwise (1×1) step.',
    }),
    dilationRate: p.pair({
      default: [1, 1],
      label: 'dilation rate',
      doc: 'Spacing between kernel taps (atrous convolution). Cannot be combined with strides > 1.',
    }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: 'Depthwise separable 2-D convolution: a per-channel spatial convolution followed by a 1×1 convolution that mixes channels. Far fewer weights than Conv2D (Xception, MobileNet).',
  checkParams: ({ strides, dilationRate }) =>
    strides.some((s) => s > 1) && dilationRate.some((d) => d > 1)
      ? { message: 'SeparableConv2D cannot combine strides > 1 with a dilation rate > 1.', param: 'dilationRate' }
      : undefined,
  inferShape: ([x], { filters, kernelSize, strides, padding, dilationRate }) => {
    if (!x) return fail('SeparableConv2D needs an input.');
    const rank = expectRank('SeparableConv2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    const c = knownChannels('SeparableConv2D', x);
    if (isError(c)) return c;
    const h = convLength(x[0] ?? null, kernelSize[0], padding, strides[0], dilationRate[0]);
    const w = convLength(x[1] ?? null, kernelSize[1], padding, strides[1], dilationRate[1]);
    if ((h !== null && h <= 0) || (w !== null && w <= 0)) {
      if (x[0] === 0 || x[1] === 0)
        return fail(`SeparableConv2D's input ${formatShape(x)} has an empty axis: there is nothing to convolve.`);
      return fail(
        `SeparableConv2D's ${pairText(kernelSize)} kernel${dilationRate.some((d) => d > 1) ? ` (dilation ${pairText(dilationRate)})` : ''} does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or a smaller kernel.`,
        {
          param: 'kernelSize',
          fixes: [{ label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    }
    return [h, w, filters];
  },
  countParams: ([x], { filters, kernelSize, depthMultiplier, useBias }) => {
    const c = (x?.[2] as number) ?? 0;
    const depthwise = kernelSize[0] * kernelSize[1] * c * depthMultiplier;
    const pointwise = c * depthMultiplier * filters;
    return trainable(depthwise + pointwise + (useBias ? filters : 0));
  },
  // A depthwise convolution (groups = C) then a 1×1 pointwise one, both at the output size.
  macs: ([x], { kernelSize, depthMultiplier }, [h, w, f]) => {
    const mid = (x?.[2] as number) * depthMultiplier;
    return (h as number) * (w as number) * mid * (kernelSize[0] * kernelSize[1] + (f as number));
  },
  describe: ({ filters, kernelSize, padding, strides, depthMultiplier, dilationRate, activation }) =>
    [
      String(filters),
      pairText(kernelSize),
      padding,
      strides.some((s) => s > 1) ? `stride ${pairText(strides)}` : '',
      depthMultiplier > 1 ? `depth ×${depthMultiplier}` : '',
      dilationRate.some((d) => d > 1) ? `dilation ${pairText(dilationRate)}` : '',
      activation !== 'linear' ? activation : '',
    ]
      .filter(Boolean)
      .join(' · '),
  keras: {
    params: {
      filters: 'filters',
      kernelSize: kerasPair('kernel_size'),
      strides: kerasPair('strides', [1, 1]),
      padding: KERAS_PADDING,
      depthMultiplier: { key: 'depth_multiplier', k3Default: 1 },
      dilationRate: kerasPair('dilation_rate', [1, 1]),
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    keras1: { classes: ['SeparableConvolution2D'], rename: { subsample: 'strides' } },
  },
  head: { sizeParam: 'filters' },
  gradientKernels: ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'],
  build: (tf, v, name) => tf.layers.separableConv2d({ name, ...v }),
});
