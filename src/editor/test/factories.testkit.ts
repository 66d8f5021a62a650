/** Small documents for editor tests. */

import type { SkipwireDoc } from '../../compile';
import { DocBuilder, EXAMPLES } from '../../compile';

export const apesnet = (): SkipwireDoc => (EXAMPLES.apesnet as () => SkipwireDoc)();

/** input 32×32×3 → conv `wide` (16) and conv `narrow` (8), both into `add`: a channel mismatch. */
export function mismatchedAdd(): SkipwireDoc {
  const b = new DocBuilder('mismatch');
  const x = b.layer('input', 'input', { shape: [32, 32, 3] });
  const w = b.layer('conv2d', 'wide', { filters: 16, kernelSize: [3, 3], padding: 'same' }, [x]);
  const n = b.layer('conv2d', 'narrow', { filters: 8, kernelSize: [3, 3], padding: 'same' }, [x]);
  b.layer('add', 'add', {}, [w, n]);
  return b.build();
}

/** A chain of `n` Dense layers after an input: a big graph for scale tests. */
export function chain(n: number): SkipwireDoc {
  const b = new DocBuilder('chain');
  let x = b.layer('input', 'input', { shape: [16] });
  for (let i = 0; i < n - 1; i++) x = b.layer('dense', `dense_${i}`, { units: 16 }, [x]);
  return b.build();
}
