import { activationParam, biasParam, isError, knownChannels, trainable } from '../common';
import { defineLayer, fail } from '../define';
import { p } from '../schema';
import { formatShape, product } from '../shape';

export const dense = defineLayer({
  type: 'dense',
  kerasClass: 'Dense',
  category: 'core',
  inputs: { min: 1, max: 1 },
  params: {
    units: p.int({ default: 32, min: 1, label: 'units', doc: 'Number of output features.' }),
    activation: activationParam(),
    useBias: biasParam(),
  },
  docs: 'Fully connected layer: output = activation(input · kernel + bias), applied to the last axis.',
  inferShape: ([x], { units }) => {
    if (!x || x.length === 0) return fail('Dense needs an input of rank 1 or more per sample.');
    const c = knownChannels('Dense', x);
    if (isError(c)) return c;
    return [...x.slice(0, -1), units];
  },
  countParams: ([x], { units, useBias }) => {
    const c = (x?.[x.length - 1] as number) ?? 0;
    return trainable(c * units + (useBias ? units : 0));
  },
  macs: ([x], { units }, out) => {
    const positions = product(out.slice(0, -1));
    return positions === null ? null : positions * (x?.[x.length - 1] as number) * units;
  },
  warn: ([x]) => {
    if (!x || x.length < 3) return undefined;
    const spatial = x.length === 3;
    return {
      message: `Dense is applied to the last axis of a ${formatShape(x)} tensor, so the output keeps its ${x.length - 1} leading axes. To classify the whole sample, flatten it first${spatial ? ' or pool it with GlobalAveragePooling2D' : ''}.`,
      fixes: [
        { label: 'Insert Flatten before Dense', kind: 'insertBefore', port: 0, layer: { type: 'flatten', params: {} } },
        ...(spatial
          ? [
              {
                label: 'Insert GlobalAveragePooling2D before Dense',
                kind: 'insertBefore' as const,
                port: 0,
                layer: { type: 'globalAveragePooling2d', params: {} },
              },
            ]
          : []),
      ],
    };
  },
  describe: ({ units, activation }) => `${units}${activation !== 'linear' ? ` · ${activation}` : ''}`,
  build: (tf, v, name) => tf.layers.dense({ name, ...v }),
});
