/** Block helpers of the Python export (python.ts): which blocks are used, and name maps. */
import { type Analysis, BLOCK_TYPE, type DocNode, layerName, type SkipwireDoc, topologicalOrder } from '../compile';
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

/**
 * A topological order that reads like hand-written code: among the nodes whose inputs are ready,
 * always the one that comes first in the document (so a shortcut branch comes after the main one).
 */
export function readingOrder(
  nodes: readonly DocNode[],
  inputsOf: ReadonlyMap<string, readonly { source: string }[]>,
): DocNode[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const sources: number[] = [];
  const targets: number[] = [];
  nodes.forEach((n, i) => {
    for (const e of inputsOf.get(n.id) ?? []) {
      const s = index.get(e.source);
      if (s === undefined) continue;
      sources.push(s);
      targets.push(i);
    }
  });
  return topologicalOrder(nodes.length, sources, targets, { ready: 'index' }).order.map((i) => nodes[i] as DocNode);
}

/** A chain: one input, each layer fed by the one before, one output, no blocks. */
export function isLinear(doc: SkipwireDoc, a: Analysis): boolean {
  if (doc.nodes.some((n) => n.type === BLOCK_TYPE || n.shares !== undefined)) return false;
  if (a.inputs.length !== 1 || a.outputs.length !== 1) return false;
  return a.layers.every((l, i) =>
    i === 0 ? l.def.type === 'input' : l.inputs.length === 1 && l.inputs[0] === a.layers[i - 1]?.path,
  );
}

/** A file name as a shell word: bare when it is plain, else in single quotes. */
export const pyQuote = (name: string): string =>
  /^[\w.@%+=:,/-]+$/.test(name) ? name : `'${name.replace(/'/g, "'\\''")}'`;
