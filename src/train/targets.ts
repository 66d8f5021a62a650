/** Turns labels into the float targets the model's output expects (`TargetLayout`). Pure. */
import type { TargetLayout } from './check';
import { type Dataset, size } from './data/types';

/** Targets for every sample: `count × product(layout.shape)` floats. */
export function encodeTargets(dataset: Dataset, layout: TargetLayout): Float32Array {
  const per = size(layout.shape);
  if (dataset.task === 'regression') return Float32Array.from(dataset.targets);
  const y = new Float32Array(dataset.count * per);
  const labels = dataset.labels;
  if (layout.kind === 'binary') {
    for (let i = 0; i < labels.length; i++) y[i] = labels[i] === 1 ? 1 : 0;
  } else if (layout.kind === 'onehot') {
    for (let i = 0; i < labels.length; i++) y[i * layout.classes + (labels[i] as number)] = 1;
  } else {
    for (let i = 0; i < labels.length; i++) y[i] = labels[i] as number;
  }
  return y;
}

/** Copies rows `indices` of a row-major array with `per` values a row. */
export function gatherRows(data: Float32Array, per: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * per);
  indices.forEach((row, i) => {
    out.set(data.subarray(row * per, row * per + per), i * per);
  });
  return out;
}
