/** The layer catalogue as Markdown (docs/layers.md), generated from the definitions themselves. */

import { CATEGORY_LABELS } from './catalogue';
import type { KerasArg } from './keras';
import { LAYERS } from './registry';
import type { ParamSpec } from './schema';

function specText(name: string, s: ParamSpec): string {
  const d = s.default === null ? (s.nullLabel ?? 'None') : JSON.stringify(s.default);
  let range = '';
  if (s.kind === 'choice') range = ` — one of ${s.options.map((o: string) => `\`${o}\``).join(', ')}`;
  else if (
    (s.kind === 'int' || s.kind === 'float' || s.kind === 'ints') &&
    (s.min !== undefined || s.max !== undefined)
  )
    range = ` — ${s.min !== undefined ? `≥ ${s.min}` : ''}${s.min !== undefined && s.max !== undefined ? ', ' : ''}${s.max !== undefined ? `≤ ${s.max}` : ''}`;
  return `\`${name}\` = ${d}${range}`;
}

/** ` (Keras \`kernel_size\`)` when the Keras name differs from the param's. */
function kerasText(name: string, arg: string | KerasArg | null | undefined): string {
  if (arg === null || arg === undefined) return '';
  const key = typeof arg === 'string' ? arg : arg.key;
  const k3 = typeof arg === 'string' ? undefined : arg.keras3;
  if (key === name && !k3) return '';
  return ` (Keras \`${key}\`${k3 ? `, Keras 3 \`${k3}\`` : ''})`;
}

export function catalogueMarkdown(): string {
  const lines = [
    '# Layer catalogue',
    '',
    'Generated from `src/nodes/layers/*.ts` by `npm run generate`; do not edit by hand. Each layer is',
    'one file there: its params, shape inference, parameter count, Keras mapping, role in the head',
    'analysis and the gradient kernels training needs.',
    'Param names follow the tfjs argument names. Every layer listed is built and serialized by',
    'TensorFlow.js 4.22; its shape inference and parameter count are tested against tfjs.',
    '',
    '**Not in the catalogue**, because tfjs 4.22 cannot build them: `Subtract`, `SpatialDropout2D`/`3D`,',
    '`Lambda`, `TFOpLambda`, `UpSampling1D`/`3D`, `ZeroPadding1D`/`3D`, `Cropping1D`/`3D`, `Conv1DTranspose`,',
    '`SeparableConv1D`, `GroupNormalization`. Also refused at the node: `Conv1D` with padding `causal`',
    '(tfjs builds it but cannot run it) and `GRU` with `reset_after` (tfjs has no such option).',
    '',
    '**Wrappers.** Every one-input layer has a `wrapper` param (not repeated below; `src/nodes/wrapper.ts`):',
    '`timeDistributed` applies it to every step of a (timesteps, …) input with one set of weights (Keras',
    '`TimeDistributed`); recurrent layers also take `bidirectional` (Keras `Bidirectional`: forward and',
    'backward copies, twice the weights) with `mergeMode` = `concat` (twice the units), `sum`, `mul` or `ave`.',
    '',
    '**Data format.** The 2-D and 3-D convolutions and poolings, the global 2-D poolings, `UpSampling2D`,',
    '`ZeroPadding2D`, `Cropping2D` and `Flatten` have a `dataFormat` param (not repeated below;',
    '`src/nodes/dataFormat.ts`): `channels_last` (height, width, channels), the default, or `channels_first`',
    '(channels, height, width: Keras\' `data_format`, Keras 1\'s `dim_ordering` "th"). tfjs 4.22 cannot run',
    '`Conv1D` and the 1-D and global 1-D poolings channels-first: those refuse it, naming what to do.',
    '',
  ];
  for (const [cat, label] of Object.entries(CATEGORY_LABELS)) {
    const defs = LAYERS.filter((d) => d.category === cat);
    if (!defs.length) continue;
    lines.push(`## ${label}`, '');
    for (const d of defs) {
      const arity =
        d.inputs.max === 0
          ? 'no inputs'
          : d.inputs.max === 1
            ? '1 input'
            : d.stateShapes
              ? `1 input, and ${d.inputs.max - 1} initial state${d.inputs.max > 2 ? 's' : ''} optionally`
              : `${d.inputs.min} or more inputs`;
      lines.push(`### ${d.kerasClass} (\`${d.type}\`, ${arity})`, '', d.docs, '');
      if (d.gradientKernels?.length)
        lines.push(
          `Training needs the ${d.gradientKernels.map((k) => `\`${k}\``).join(' and ')} kernel${d.gradientKernels.length > 1 ? 's' : ''}.`,
          '',
        );
      const params = Object.entries(d.params);
      if (params.length) {
        for (const [name, spec] of params)
          lines.push(
            `- ${specText(name, spec as ParamSpec)}: ${(spec as ParamSpec).doc}${kerasText(name, d.keras.params[name])}`,
          );
        lines.push('');
      }
    }
  }
  return lines.join('\n');
}
