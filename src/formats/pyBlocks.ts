/** Block helpers of the Python export (python.ts): which blocks are used, and name maps. */
import { BLOCK_TYPE, layerName, type SkipwireDoc } from '../compile';
import { pyString } from './pyLiteral';

/** `{'conv': 'conv2d_5', …}`: an instance's Keras name map (`DocNode.names`) as a Python dict. */
export function namesDict(names: Readonly<Record<string, string>>): string {
  return `{${Object.entries(names)
    .map(([id, n]) => `${pyString(id)}: ${pyString(layerName(n))}`)
    .join(', ')}}`;
}

/** Whether a block definition is used, directly or through another block. */
export function usedBlock(doc: SkipwireDoc, id: string): boolean {
  const seen = new Set<string>();
  const stack = doc.nodes.filter((n) => n.type === BLOCK_TYPE).map((n) => n.block as string);
  while (stack.length) {
    const b = stack.pop() as string;
    if (b === id) return true;
    if (seen.has(b)) continue;
    seen.add(b);
    for (const n of doc.blocks.find((x) => x.id === b)?.nodes ?? [])
      if (n.type === BLOCK_TYPE) stack.push(n.block as string);
  }
  return false;
}
