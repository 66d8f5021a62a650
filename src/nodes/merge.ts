/** Shared shape logic of the element-wise merge layers (Add, Multiply, Average, Maximum, Minimum). */
import { type Dim, fail, type LayerFix, type Shape, type ShapeResult } from './define';
import { formatShape } from './shape';

/** Two dims agree when equal or when either is unknown (tfjs and Keras then output `None`). */
const compatible = (a: Dim | undefined, b: Dim | undefined): boolean => a === null || b === null || a === b;

/**
 * Element-wise merges need every input to have the same shape. The message names the shapes
 * and says which axis differs; for a channel mismatch on feature maps it suggests the classic
 * residual fix, a 1×1 Conv2D on the input with fewer channels, named by its number (which input
 * is the shortcut and which the branch, only the drawing says).
 */
export function elementwiseShape(layer: string, inputs: readonly Shape[]): ShapeResult {
  if (inputs.length < 2) return fail(`${layer} merges 2 or more inputs, but ${inputs.length} is connected.`);
  const first = inputs[0] as Shape;
  const out: Dim[] = [...first];
  for (let i = 1; i < inputs.length; i++) {
    const other = inputs[i] as Shape;
    if (other.length === first.length && first.every((d, k) => compatible(d, other[k]))) {
      other.forEach((d, k) => {
        if (d === null) out[k] = null;
      });
      continue;
    }
    const shapes = inputs.map((s, j) => `input ${j + 1} is ${formatShape(s)}`).join(', ');
    if (first.length !== other.length)
      return fail(
        `${layer} needs inputs of the same shape, but ${shapes}: their ranks differ (${first.length} vs ${other.length}).`,
      );
    const rank = first.length;
    const diffAxes = first.map((d, k) => (compatible(d, other[k]) ? -1 : k)).filter((k) => k >= 0);
    const onlyChannels = diffAxes.length === 1 && diffAxes[0] === rank - 1;
    const fixes: LayerFix[] = [];
    if (onlyChannels && rank === 3) {
      const a = first[rank - 1] as number | null;
      const b = other[rank - 1] as number | null;
      if (a !== null && b !== null) {
        const port = a < b ? 0 : i;
        const filters = Math.max(a, b);
        fixes.push({
          label: `Insert a 1×1 Conv2D with ${filters} filters on input ${port + 1} (${Math.min(a, b)} channels)`,
          kind: 'insertBefore',
          port,
          layer: { type: 'conv2d', params: { filters, kernelSize: [1, 1], padding: 'same' } },
        });
      }
      return fail(
        `${layer} needs inputs of the same shape, but ${shapes}: the channel counts differ (${a ?? '?'} vs ${b ?? '?'}). ${a !== null && b !== null ? `Project input ${(a < b ? 0 : i) + 1}` : 'Project the input with fewer channels'} with a 1×1 Conv2D so both have ${Math.max(a ?? 0, b ?? 0)} channels.`,
        { fixes },
      );
    }
    if (rank === 3 && (diffAxes.includes(0) || diffAxes.includes(1))) {
      const sa = formatShape(first.slice(0, 2));
      const sb = formatShape(other.slice(0, 2));
      const bigger = (first[0] ?? 0) * (first[1] ?? 0) > (other[0] ?? 0) * (other[1] ?? 0) ? 0 : i;
      const small = bigger === 0 ? other : first;
      const big = bigger === 0 ? first : other;
      const rh = (big[0] ?? 0) / (small[0] ?? 1);
      const rw = (big[1] ?? 0) / (small[1] ?? 1);
      const known = [...first.slice(0, 2), ...other.slice(0, 2)].every((d) => d !== null);
      if (known && Number.isInteger(rh) && Number.isInteger(rw) && rh >= 1 && rw >= 1 && big[2] === small[2])
        fixes.push({
          label: `Insert MaxPooling2D ${rh}×${rw} on input ${bigger + 1}`,
          kind: 'insertBefore',
          port: bigger,
          layer: { type: 'maxPooling2d', params: { poolSize: [rh, rw], strides: [rh, rw], padding: 'valid' } },
        });
      return fail(
        `${layer} needs inputs of the same shape, but ${shapes}: the spatial sizes differ (${sa} vs ${sb}${diffAxes.includes(2) ? `, and the channels ${first[2]} vs ${other[2]}` : ''}). Downsample input ${bigger + 1} (pooling or a strided convolution) or upsample the other so both are the same size.`,
        fixes.length ? { fixes } : undefined,
      );
    }
    return fail(
      `${layer} needs inputs of the same shape, but ${shapes}: they differ on axis ${diffAxes.map((k) => k + 1).join(', ')}.`,
    );
  }
  return out;
}
