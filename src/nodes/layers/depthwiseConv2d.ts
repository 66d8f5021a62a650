import {
  activationParam,
  biasParam,
  expectRank,
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

export const depthwiseConv2d = defineLayer({
  type: 'depthwiseConv2d',
  kerasClass: 'DepthwiseConv2D',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    kernelSize: p.pair({ default: [3, 3], label: 'kernel size', doc: 'Height and width of the convolution window.' }),
    strides: p.pair({ default: [1, 1], label: 'strides', doc: 'Step of the window along height and width.' }),
    padding: paddingParam(),
    depthMultiplier: p.int({
      default: 1,
      min: 1,
      label: 'depth multiplier',
      doc: 'How many output channels each input channel gets: the output has channels × depth multiplier channels.',
    }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: 'Depthwise 2-D convolution: each input channel is convolved with its own kernels, without mixing channels. The spatial half of a separable convolution (MobileNet).',
  inferShape: ([x], { kernelSize, strides, padding, depthMultiplier }) => {
    if (!x) return fail('DepthwiseConv2D needs an input.');
    const rank = expectRank('DepthwiseConv2D', x, 3, 'height, width, channels');
    if (rank) return rank;
    const c = knownChannels('DepthwiseConv2D', x);
    if (isError(c)) return c;
    const h = convLength(x[0] ?? null, kernelSize[0], padding, strides[0]);
    const w = convLength(x[1] ?? null, kernelSize[1], padding, strides[1]);
    if ((h !== null && h <= 0) || (w !== null && w <= 0)) {
      if (x[0] === 0 || x[1] === 0)
        return fail(`DepthwiseConv2D's input ${formatShape(x)} has an empty axis: there is nothing to convolve.`);
      return fail(
        `DepthwiseConv2D's ${pairText(kernelSize)} kernel does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or a smaller kernel.`,
        {
          param: 'kernelSize',
          fixes: [{ label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    }
    return [h, w, c * depthMultiplier];
  },
  countParams: ([x], { kernelSize, depthMultiplier, useBias }) => {
    const out = ((x?.[2] as number) ?? 0) * depthMultiplier;
    return trainable(kernelSize[0] * kernelSize[1] * out + (useBias ? out : 0));
  },
  // groups = channels: each of the C·multiplier outputs sees K_h·K_w taps of one channel.
  macs: (_inputs, { kernelSize }, [h, w, out]) =>
    (h as number) * (w as number) * kernelSize[0] * kernelSize[1] * (out as number),
  describe: ({ kernelSize, padding, strides, depthMultiplier, activation }) =>
    [
      pairText(kernelSize),
      padding,
      strides.some((s) => s > 1) ? `stride ${pairText(strides)}` : '',
      depthMultiplier > 1 ? `depth ×${depthMultiplier}` : '',
      activation !== 'linear' ? activation : '',
    ]
      .filter(Boolean)
      .join(' · '),
  keras: {
    params: {
      kernelSize: kerasPair('kernel_size'),
      strides: kerasPair('strides', [1, 1]),
      padding: KERAS_PADDING,
      depthMultiplier: { key: 'depth_multiplier', k3Default: 1 },
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    refuse: [{ key: 'dilation_rate', allow: ONE, why: 'dilated depthwise convolutions are not supported' }],
  },
  gradientKernels: ['DepthwiseConv2dNativeBackpropFilter'],
  build: (tf, v, name) => tf.layers.depthwiseConv2d({ name, ...v }),
});
