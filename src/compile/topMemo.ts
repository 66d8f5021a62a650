/**
 * What the analysis (analyze.ts) keeps per top-level graph structure between analyses, by
 * position in the structure's order or document: arrays read in order instead of lookups or
 * strings made per node. Keyed like every per-structure cache by the structure's `inputStart`
 * (checks of the same structure share it; see docs/analysis-caches.md). Everything here is a
 * function of the structure alone (ids, types, names and wires by position), except the shape
 * results, which are checked on every use (`inferAt`), and the slot array, which is scratch.
 */
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type DocNode } from './document';
import { layerName } from './expand';
import type { Slot } from './findings';
import type { Consumed } from './live';
import type { Inferred } from './memo';

export interface TopMemo {
  /** The shape result last used at each position (see `inferAt`). */
  readonly results: (Inferred | undefined)[];
  /** The Keras base name of the node at each position (`layerName` of its name), made once. */
  readonly bases: (string | undefined)[];
  /** The slots of the last analysis, for the next one to overwrite; undefined while one has them. */
  outs: Slot[] | undefined;
  /**
   * The document positions of the nodes that may be an input or an output of the model, in
   * document order: Input layers, block instances, and nodes outside cycles whose first output
   * no wire leaves. The others feed a wire and have one output, so they are neither.
   */
  ends: Int32Array | undefined;
  /** What the node at each position is (`kindOf`). */
  kinds: Uint8Array | undefined;
}

export const LAYER = 0;
export const BLOCK_INPUT = 1;
export const INSTANCE = 2;

/** A layer, a block input or a block instance. */
export const kindOf = (n: DocNode): number =>
  n.type === BLOCK_INPUT_TYPE ? BLOCK_INPUT : n.type === BLOCK_TYPE ? INSTANCE : LAYER;

/** `memo.kinds`, found once per structure (types are part of it). */
export function topKinds(memo: TopMemo, order: readonly DocNode[]): Uint8Array {
  if (memo.kinds?.length === order.length) return memo.kinds;
  const kinds = new Uint8Array(order.length);
  for (let k = 0; k < order.length; k++) kinds[k] = kindOf(order[k] as DocNode);
  memo.kinds = kinds;
  return kinds;
}

const memos = new WeakMap<Int32Array, TopMemo>();

export function topMemo(inputStart: Int32Array): TopMemo {
  let m = memos.get(inputStart);
  if (!m) {
    m = { results: [], bases: [], outs: undefined, ends: undefined, kinds: undefined };
    memos.set(inputStart, m);
  }
  return m;
}

/** `memo.ends`, found once per structure. */
export function endsOf(memo: TopMemo, nodes: readonly DocNode[], position: Int32Array, consumed: Consumed): Int32Array {
  if (memo.ends) return memo.ends;
  const ends: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as DocNode;
    if ((position[i] as number) < 0) continue;
    if (n.type === 'input' || n.type === BLOCK_TYPE || !consumed(n.id, 0)) ends.push(i);
  }
  memo.ends = Int32Array.from(ends);
  return memo.ends;
}

/** The base name of `node`, at position `at` of the top level's order. */
export function topBase(memo: TopMemo, node: DocNode, at: number): string {
  let b = memo.bases[at];
  if (b === undefined) {
    b = layerName(node.name);
    memo.bases[at] = b;
  }
  return b;
}
