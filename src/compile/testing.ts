/** Small factories for tests: documents from a compact description. */
import { DocBuilder } from './builder';
import type { SkipwireDoc } from './document';
import { EXAMPLES } from './examples';

export function example(name: string): SkipwireDoc {
  const make = EXAMPLES[name];
  if (!make) throw new Error(`no example ${name}`);
  return make();
}

/** Input → Conv2D(filters) and Add(input, conv): the minimal residual block. */
export function residual(channels: number, filters: number): SkipwireDoc {
  const b = new DocBuilder('residual');
  const x = b.layer('input', 'input', { shape: [8, 8, channels] });
  const c = b.layer('conv2d', 'conv', { filters, kernelSize: [3, 3], padding: 'same' }, [x]);
  b.layer('add', 'add', {}, [c, x]);
  return b.build();
}
