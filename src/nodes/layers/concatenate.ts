import { type Dim, defineLayer, fail, type LayerFix, NO_PARAMS, type Shape } from '../define';
import { p } from '../schema';
import { formatShape } from '../shape';

/** The per-sample index of a Keras axis (which counts the batch as axis 0), or `null` when out of range. */
function sampleAxis(axis: number, rank: number): number | null {
  const k = axis < 0 ? rank + axis : axis - 1;
  return k >= 0 && k < rank ? k : null;
}

/** A shape without one axis: what must match across the inputs of a concatenation. */
const without = (s: Shape, k: number): Shape => s.filter((_, j) => j !== k);

/**
 * Cropping that makes `big`'s height and width equal `small`'s, as [top, bottom, left, right]
 * (odd differences crop one more row at the bottom / column at the right, as the U-Net recipes do),
 * or `null` when no crop can do it.
 */
function cropToMatch(big: Shape, small: Shape): [number, number, number, number] | null {
  const [bh, bw, sh, sw] = [big[0], big[1], small[0], small[1]];
  if (bh == null || bw == null || sh == null || sw == null) return null;
  const dh = bh - sh;
  const dw = bw - sw;
  if (dh < 0 || dw < 0 || dh + dw === 0) return null;
  const top = Math.floor(dh / 2);
  const left = Math.floor(dw / 2);
  return [top, dh - top, left, dw - left];
}

export const concatenate = defineLayer({
  type: 'concatenate',
  kerasClass: 'Concatenate',
  category: 'merge',
  inputs: { min: 2, max: Number.POSITIVE_INFINITY },
  params: {
    axis: p.int({
      default: -1,
      label: 'axis',
      doc: 'The axis to join along, counting the batch as axis 0 (Keras convention): -1 is the last axis (channels of a feature map), 3 is channels of a (height, width, channels) input.',
    }),
  },
  docs: 'Joins its inputs along one axis (by default the channels, as in U-Net and DenseNet skip connections). Every other axis must match.',
  checkParams: ({ axis }) =>
    axis === 0 ? { message: 'Concatenate cannot join along axis 0, the batch axis.', param: 'axis' } : undefined,
  inferShape: (inputs, { axis }) => {
    if (inputs.length < 2) return fail(`Concatenate joins 2 or more inputs, but ${inputs.length} is connected.`);
    const first = inputs[0] as Shape;
    const rank = first.length;
    const shapes = inputs.map((s, j) => `input ${j + 1} is ${formatShape(s)}`).join(', ');
    const ranked = inputs.findIndex((s) => s.length !== rank);
    if (ranked >= 0)
      return fail(
        `Concatenate needs inputs of the same rank, but ${shapes}: their ranks differ (${rank} vs ${inputs[ranked]?.length}).`,
      );
    const k = sampleAxis(axis, rank);
    if (k === null)
      return fail(
        `Concatenate axis ${axis} is out of range for ${rank}-D inputs (${formatShape(first)}): use 1 to ${rank} or -1 to -${rank} (axis 0 is the batch).`,
        { param: 'axis' },
      );
    const out: Dim[] = [...first];
    for (let i = 1; i < inputs.length; i++) {
      const other = inputs[i] as Shape;
      const a = without(first, k);
      const b = without(other, k);
      const diff = a.map((d, j) => (d !== b[j] ? j : -1)).filter((j) => j >= 0);
      if (diff.length === 0) {
        const d = other[k] ?? null;
        out[k] = out[k] === null || d === null ? null : (out[k] as number) + d;
        continue;
      }
      const fixes: LayerFix[] = [];
      // A channel concatenation of feature maps whose height or width differ (a U-Net skip).
      const spatial = rank === 3 && k === 2 && diff.every((j) => j < 2);
      // Otherwise, when the inputs differ on exactly one axis, concatenating along that one is legal.
      const allDiff = first.map((d, j) => (d !== other[j] ? j : -1)).filter((j) => j >= 0);
      if (!spatial && allDiff.length === 1 && inputs.length === 2) {
        const j = allDiff[0] as number;
        const kerasAxis = j === rank - 1 ? -1 : j + 1;
        fixes.push({ label: `Concatenate along axis ${kerasAxis}`, kind: 'setParam', param: 'axis', value: kerasAxis });
      }
      let advice = '';
      if (spatial) {
        advice = ' — crop or pad one of them';
        const firstBigger = (first[0] ?? 0) >= (other[0] ?? 0) && (first[1] ?? 0) >= (other[1] ?? 0);
        const port = firstBigger ? 0 : i;
        const crop = firstBigger ? cropToMatch(first, other) : cropToMatch(other, first);
        if (crop)
          fixes.push({
            label: `Insert Cropping2D on input ${port + 1} (crop ${crop.join(', ')} → ${formatShape((firstBigger ? other : first).slice(0, 2))})`,
            kind: 'insertBefore',
            port,
            layer: { type: 'cropping2d', params: { cropping: crop } },
          });
      } else if (a.includes(null) || b.includes(null)) {
        advice = ' (an unknown size cannot be checked against a known one)';
      }
      return fail(
        `Concatenate joins along axis ${axis}, but ${shapes}: every axis but the concatenation axis must match (${formatShape(a)} vs ${formatShape(b)})${advice}.`,
        fixes.length ? { fixes } : undefined,
      );
    }
    return out;
  },
  countParams: () => NO_PARAMS,
  describe: ({ axis }) => `axis ${axis}`,
  keras: { params: { axis: { key: 'axis', k3Default: -1 } } },
  build: (tf, { axis }, name) => tf.layers.concatenate({ axis, name }),
});
