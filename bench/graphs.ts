/**
 * Generated graphs for the benchmarks: a chain of residual stages (Conv2D → BN → ReLU → Add with
 * the stage input), with every fourth stage a block instance, so that analysis sees merges and
 * block expansion at every size. `n` is the number of top-level nodes, approximately.
 */

import type { SkipwireDoc } from '../src/compile';
import { DocBuilder } from '../src/compile';

export function residualChain(n: number, size = 8, channels = 8): SkipwireDoc {
  const b = new DocBuilder(`chain_${n}`);
  b.block('res', 'Res', (bb) => {
    const x = bb.input();
    const c = bb.layer('conv2d', 'conv', { filters: channels, padding: 'same' }, [x]);
    const bn = bb.layer('batchNormalization', 'bn', {}, [c]);
    const r = bb.layer('relu', 'relu', {}, [bn]);
    return [bb.layer('add', 'add', {}, [r, x])];
  });
  let x = b.layer('input', 'input', { shape: [size, size, channels] });
  let i = 0;
  while (b.nodes.length < n) {
    i += 1;
    if (i % 4 === 0) {
      x = b.instance('res', `res_${i}`, [x]);
      continue;
    }
    const c = b.layer('conv2d', `conv_${i}`, { filters: channels, padding: 'same' }, [x]);
    const bn = b.layer('batchNormalization', `bn_${i}`, {}, [c]);
    const r = b.layer('relu', `relu_${i}`, {}, [bn]);
    x = b.layer('add', `add_${i}`, {}, [r, x]);
  }
  b.layer('globalAveragePooling2d', 'gap', {}, [x]);
  return b.build();
}
