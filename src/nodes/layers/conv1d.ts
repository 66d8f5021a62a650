import { activationParam, biasParam, expectRank, filtersParam, isError, knownChannels, trainable } from '../common';
import { defineLayer, fail } from '../define';
import { KERAS_PADDING, KERAS_USE_BIAS, kerasActivation } from '../keras';
import { p } from '../schema';
import { convLength, formatShape } from '../shape';

export const conv1d = defineLayer({
  type: 'conv1d',
  kerasClass: 'Conv1D',
  category: 'conv',
  inputs: { min: 1, max: 1 },
  params: {
    filters: filtersParam(),
    kernelSize: p.int({ default: 3, min: 1, label: 'kernel size', doc: 'Length of the convolution window, in steps.' }),
    strides: p.int({ default: 1, min: 1, label: 'strides', doc: 'Step of the window along the steps.' }),
    padding: p.choice(['valid', 'same', 'causal'] as const, {
      default: 'valid',
      label: 'padding',
      doc: '"valid": no padding, the output shrinks; "same": zero-pad both ends so that the output has the input length divided by the stride; "causal": zero-pad the start only, so that step t never sees later steps (WaveNet, temporal models).',
    }),
    dilationRate: p.int({
      default: 1,
      min: 1,
      label: 'dilation rate',
      doc: 'Spacing between kernel taps (atrous convolution). Cannot be combined with strides > 1.',
    }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: '1-D convolution along the steps of a (steps, channels) sequence: text, audio, time series.',
  checkParams: ({ strides, dilationRate }) =>
    strides > 1 && dilationRate > 1
      ? { message: 'Conv1D cannot combine strides > 1 with a dilation rate > 1.', param: 'dilationRate' }
      : undefined,
  inferShape: ([x], { filters, kernelSize, strides, padding, dilationRate }) => {
    if (!x) return fail('Conv1D needs an input.');
    if (padding === 'causal')
      return fail(
        'Conv1D with padding "causal" is valid Keras, but tfjs 4.22 cannot run it ("not implemented"), so Skipwire cannot build, train or export this model. Use padding "same" or "valid".',
        {
          param: 'padding',
          fixes: [{ label: 'Use padding "same" (not causal)', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    const rank = expectRank(
      'Conv1D',
      x,
      2,
      'steps, channels',
      x.length === 1
        ? [
            {
              label: 'Insert Reshape before Conv1D',
              kind: 'insertBefore',
              port: 0,
              layer: { type: 'reshape', params: { targetShape: [-1, 1] } },
            },
          ]
        : undefined,
    );
    if (rank)
      return x.length === 3
        ? {
            error: {
              ...rank.error,
              message: `${rank.error.message} For a (height, width, channels) feature map use Conv2D.`,
            },
          }
        : rank;
    const c = knownChannels('Conv1D', x);
    if (isError(c)) return c;
    const steps = convLength(x[0] ?? null, kernelSize, padding, strides, dilationRate);
    if (steps !== null && steps <= 0) {
      if (x[0] === 0) return fail(`Conv1D's input ${formatShape(x)} has no steps: there is nothing to convolve.`);
      const span = kernelSize + (kernelSize - 1) * (dilationRate - 1);
      return fail(
        `Conv1D's ${kernelSize}-step kernel${dilationRate > 1 ? ` (dilation ${dilationRate}, spanning ${span} steps)` : ''} does not fit in its ${formatShape(x)} input with padding "valid": the output would be empty. Use padding "same" or "causal", or a smaller kernel.`,
        {
          param: 'kernelSize',
          fixes: [{ label: 'Use padding "same"', kind: 'setParam', param: 'padding', value: 'same' }],
        },
      );
    }
    return [steps, filters];
  },
  countParams: ([x], { filters, kernelSize, useBias }) => {
    const c = (x?.[1] as number) ?? 0;
    return trainable(kernelSize * c * filters + (useBias ? filters : 0));
  },
  macs: ([x], { kernelSize }, [l, f]) => (l as number) * kernelSize * (x?.[1] as number) * (f as number),
  describe: ({ filters, kernelSize, padding, strides, dilationRate, activation }) =>
    [
      String(filters),
      `k${kernelSize}`,
      padding,
      strides > 1 ? `stride ${strides}` : '',
      dilationRate > 1 ? `dilation ${dilationRate}` : '',
      activation !== 'linear' ? activation : '',
    ]
      .filter(Boolean)
      .join(' · '),
  keras: {
    params: {
      filters: 'filters',
      kernelSize: { key: 'kernel_size', convert: 'single' },
      strides: { key: 'strides', convert: 'single', k3Default: 1 },
      padding: KERAS_PADDING,
      dilationRate: { key: 'dilation_rate', convert: 'single', k3Default: 1 },
      activation: kerasActivation(),
      useBias: KERAS_USE_BIAS,
    },
    keras1: { classes: ['Convolution1D'], rename: { filter_length: 'kernel_size', subsample_length: 'strides' } },
  },
  head: { sizeParam: 'filters' },
  gradientKernels: ['Conv2DBackpropFilter'],
  build: (tf, v, name) => tf.layers.conv1d({ name, ...v }),
});
