/** The layer catalogue as Markdown (docs/layers.md), generated from the definitions themselves. */

import { CATEGORY_LABELS, LAYERS } from './registry';
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

export function catalogueMarkdown(): string {
  const lines = [
    '# Layer catalogue',
    '',
    'Generated from `src/nodes/layers/*.ts` by `npm run generate`; do not edit by hand.',
    'Param names follow the tfjs argument names. Every layer listed is built and serialized by',
    'TensorFlow.js 4.22; its shape inference and parameter count are tested against tfjs.',
    '',
    '**Not in the catalogue**, because tfjs 4.22 cannot build them: `Subtract`, `SpatialDropout2D`/`3D`,',
    '`Lambda`, `TFOpLambda`, `UpSampling1D`/`3D`, `ZeroPadding1D`/`3D`, `Cropping1D`/`3D`, `Conv1DTranspose`,',
    '`SeparableConv1D`, `GroupNormalization`. Also refused at the node: `Conv1D` with padding `causal`',
    '(tfjs builds it but cannot run it) and `GRU` with `reset_after` (tfjs has no such option).',
    '',
  ];
  for (const [cat, label] of Object.entries(CATEGORY_LABELS)) {
    const defs = LAYERS.filter((d) => d.category === cat);
    if (!defs.length) continue;
    lines.push(`## ${label}`, '');
    for (const d of defs) {
      const arity =
        d.inputs.max === 0 ? 'no inputs' : d.inputs.max === 1 ? '1 input' : `${d.inputs.min} or more inputs`;
      lines.push(`### ${d.kerasClass} (\`${d.type}\`, ${arity})`, '', d.docs, '');
      const params = Object.entries(d.params);
      if (params.length) {
        for (const [name, spec] of params)
          lines.push(`- ${specText(name, spec as ParamSpec)}: ${(spec as ParamSpec).doc}`);
        lines.push('');
      }
    }
  }
  return lines.join('\n');
}
