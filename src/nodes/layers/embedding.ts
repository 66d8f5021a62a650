import { trainable } from '../common';
import { defineLayer, fail } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

export const embedding = defineLayer({
  type: 'embedding',
  kerasClass: 'Embedding',
  category: 'embedding',
  inputs: { min: 1, max: 1 },
  params: {
    inputDim: p.int({
      default: 1000,
      min: 1,
      label: 'input dim',
      doc: 'Vocabulary size: the largest token id + 1.',
    }),
    outputDim: p.int({ default: 64, min: 1, label: 'output dim', doc: 'Length of each embedding vector.' }),
    maskZero: p.bool({
      default: false,
      label: 'mask zero',
      doc: 'Treat token id 0 as padding and mask it for the layers after (id 0 is then reserved: input dim = vocabulary + 1).',
    }),
  },
  docs: 'Maps integer token ids to learned dense vectors: a (sequence length) input gives (sequence length, output dim).',
  inferShape: ([x], { outputDim }) => {
    if (!x) return fail('Embedding needs an input.');
    return [...x, outputDim];
  },
  countParams: (_inputs, { inputDim, outputDim }) => trainable(inputDim * outputDim),
  macs: () => 0, // a table lookup: nothing is multiplied
  warn: ([x], { outputDim }) => {
    if (!x || x.length < 2 || x[x.length - 1] !== 1) return undefined;
    const out = formatShape([...x, outputDim]);
    return {
      message: `Embedding adds an axis: its ${formatShape(x)} input gives ${out}. Feed token ids as (sequence length) without the trailing 1.`,
      fixes:
        x.length === 2
          ? [
              {
                label: `Insert Reshape to ${x[0] ?? '-1'} before Embedding`,
                kind: 'insertBefore',
                port: 0,
                layer: { type: 'reshape', params: { targetShape: [x[0] ?? -1] } },
              },
            ]
          : [],
    };
  },
  describe: ({ inputDim, outputDim, maskZero }) => `${inputDim} → ${outputDim}${maskZero ? ' · mask 0' : ''}`,
  build: (tf, { inputDim, outputDim, maskZero }, name) => tf.layers.embedding({ inputDim, outputDim, maskZero, name }),
});
