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
import { deconvLength, formatShape } from '../shape';

export const conv2dTranspose = defineLayer({
  type: 'conv2dTranspose',
  kerasClass: 'Conv2DTranspose',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    filters: filtersParam(),
    kernelSize: p.pair({ default: [3, 3], label: 'kernel size', doc: 'Height and width of the convolution window.' }),
    strides: p.pair({
      default: [1, 1],
      label: 'strides',
      doc: 'Upsampling factor along height and width: the output is about stride times larger than the input.',
    }),
    padding: paddingParam(),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: 'Transposed ("deconvolution") 2-D convolution: a learned upsampling of a (height, width, channels) feature map, as in decoders, U-Nets and GAN generators.',
  inferShape: ([x], { filters, kernelSize, strides, padding }) => {
    if (!x) return fail('Conv2DTranspose needs an input.');
    const rank = expectRank('Conv2DTranspose', x, 3, 'height, width, channels');
    if (rank) return rank;
    const c = knownChannels('Conv2DTranspose', x);
    if (isError(c)) return c;
    if (x[0] === 0 || x[1] === 0)
      return fail(`Conv2DTranspose's input ${formatShape(x)} has an empty axis: there is nothing to upsample.`);
    const h = deconvLength(x[0] ?? null, kernelSize[0], padding, strides[0]);
    const w = deconvLength(x[1] ?? null, kernelSize[1], padding, strides[1]);
    return [h, w, filters];
  },
  countParams: ([x], { filters, kernelSize, useBias }) => {
    const c = (x?.[2] as number) ?? 0;
    return trainable(kernelSize[0] * kernelSize[1] * filters * c + (useBias ? filters : 0));
  },
  // torchinfo counts a transposed convolution like a convolution, at the output size (the work
  // really done is the same kernel at each input pixel: stride² less).
  macs: ([x], { kernelSize }, [h, w, f]) =>
    (h as number) * (w as number) * kernelSize[0] * kernelSize[1] * (x?.[2] as number) * (f as number),
  warn: (_inputs, { kernelSize, strides }) => {
    if (!kernelSize.some((k, i) => k < (strides[i] ?? 1))) return undefined;
    const fitting = kernelSize.map((k, i) => Math.max(k, strides[i] ?? 1));
    return {
      message: `Conv2DTranspose's ${pairText(kernelSize)} kernel is smaller than its ${pairText(strides)} stride, so the kernel footprints leave gaps: a regular grid of output pixels receives only the bias. Use a kernel at least as large as the stride (a multiple of it also avoids checkerboard artifacts).`,
      param: 'kernelSize',
      fixes: [{ label: `Use kernel size ${pairText(fitting)}`, kind: 'setParam', param: 'kernelSize', value: fitting }],
    };
  },
  describe: convDescribe,
  keras: {
    params: {
      filters: 'filters',
      kernelSize: kerasPair('kernel_size'),
      strides: kerasPair('strides', [1, 1]),
      padding: KERAS_PADDING,
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    refuse: [
      { key: 'dilation_rate', allow: ONE, why: 'dilated transposed convolutions are not supported' },
      { key: 'output_padding', allow: [null], why: 'output_padding is not supported' },
    ],
    keras1: { classes: ['Deconvolution2D'], rename: { subsample: 'strides' } },
  },
  head: { sizeParam: 'filters' },
  gradientKernels: ['Conv2DBackpropFilter'],
  build: (tf, v, name) => tf.layers.conv2dTranspose({ name, ...v }),
});
