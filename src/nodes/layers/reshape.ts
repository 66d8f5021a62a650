import { defineLayer, fail, type LayerFix, NO_PARAMS } from '../define';
import { p } from '../schema';
import { formatShape, product } from '../shape';

const count = (n: number): string => n.toLocaleString('en-US');
/** A target shape as the user typed it: `100×-1`. */
const targetText = (t: readonly number[]): string => t.join('×');
/** The product of the target's fixed dims (the -1 left out). */
const known = (t: readonly number[]): number => t.reduce((a, d) => (d === -1 ? a : a * d), 1);

/** The target with its -1 resolved for `total` values, or `null` when the sizes do not match. */
function resolveTarget(total: number, target: readonly number[]): number[] | null {
  const want = known(target);
  if (!target.includes(-1)) return total === want ? [...target] : null;
  return total % want === 0 ? target.map((d) => (d === -1 ? total / want : d)) : null;
}

/** A fix that makes a fixed target fit `total` values by inferring one of its dims (the last that works). */
function inferFix(target: readonly number[], total: number): LayerFix[] {
  for (let i = target.length - 1; i >= 0; i--) {
    const rest = known(target.filter((_, j) => j !== i));
    if (total % rest === 0) {
      const value = target.map((d, j) => (j === i ? -1 : d));
      const out = target.map((d, j) => (j === i ? total / rest : d));
      return [
        { label: `Use ${targetText(value)} (gives ${out.join('×')})`, kind: 'setParam', param: 'targetShape', value },
      ];
    }
  }
  return [];
}

export const reshape = defineLayer({
  type: 'reshape',
  kerasClass: 'Reshape',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    targetShape: p.ints({
      default: [-1],
      minLength: 1,
      min: 1,
      allowInfer: true,
      label: 'target shape',
      doc: 'Shape of each output sample, without the batch axis. One dimension may be -1: it is inferred from the number of values.',
    }),
  },
  docs: 'Gives each sample a new shape with the same number of values, e.g. 3136 → 7×7×64. One dimension may be -1 (inferred).',
  inferShape: ([x], { targetShape }) => {
    if (!x) return fail('Reshape needs an input.');
    const total = product(x);
    if (total === null) {
      // The number of values is a multiple of the known input dims; a fixed target must be one too.
      const part = x.reduce<number>((a, d) => (d === null ? a : a * d), 1);
      const want = known(targetShape);
      if (!targetShape.includes(-1) && want % part !== 0)
        return fail(
          `Reshape cannot reshape ${formatShape(x)} (a multiple of ${count(part)} values) into ${targetText(targetShape)} (${count(want)} values).`,
          { param: 'targetShape' },
        );
      return targetShape.map((d) => (d === -1 ? null : d));
    }
    const out = resolveTarget(total, targetShape);
    if (out) return out;
    const want = known(targetShape);
    return fail(
      targetShape.includes(-1)
        ? `Reshape cannot reshape ${formatShape(x)} (${count(total)} values) into ${targetText(targetShape)}: ${count(total)} is not a multiple of ${count(want)}.`
        : `Reshape cannot reshape ${formatShape(x)} (${count(total)} values) into ${targetText(targetShape)} (${count(want)} values).`,
      { param: 'targetShape', fixes: targetShape.includes(-1) ? [] : inferFix(targetShape, total) },
    );
  },
  countParams: () => NO_PARAMS,
  describe: ({ targetShape }) => `→ ${targetText(targetShape)}`,
  concrete: (inputs, params) => {
    const total = inputs[0] ? product(inputs[0]) : null;
    const out = total === null || !params.targetShape.includes(-1) ? null : resolveTarget(total, params.targetShape);
    return out ? { ...params, targetShape: out } : params;
  },
  // tfjs replaces -1 by null in the array it is given: pass a copy.
  keras: { params: { targetShape: { key: 'target_shape', convert: 'targetShape' } } },
  head: { passThrough: true, shapeParam: 'targetShape' },
  build: (tf, { targetShape }, name) => tf.layers.reshape({ targetShape: [...targetShape], name }),
});
