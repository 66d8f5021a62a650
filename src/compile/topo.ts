/**
 * The one topological order of Skipwire: Kahn's algorithm over nodes numbered 0 … count − 1 and
 * wires given as two parallel arrays (`sources[w]` → `targets[w]`). The analysis (order.ts), the
 * Python export, the layered layout and the Keras importer all order graphs with it.
 *
 * Stable and deterministic: the roots start the order in the order given (default: every node no
 * wire enters, by index), and a node's successors are released in wire order. Two ways to pick
 * among the nodes that are ready:
 * - `'queue'` (default): in the order they became ready (first in, first out). Linear time,
 *   O(count + wires).
 * - `'index'`: always the ready node with the lowest index, so code written in this order reads
 *   like hand-written code (a shortcut branch after the main one). A binary heap of the ready
 *   nodes: O(count + wires + count · log width), where width is the most nodes ready at once
 *   (one or two in a chain or a residual net, so linear there too).
 *
 * Nodes in a cycle, or behind one, never become ready: they are left out of `order`, with
 * `unmet[i] > 0`.
 */

export interface TopoOrder {
  /** Node numbers in topological order (a root listed twice is visited twice). */
  readonly order: number[];
  /** Per node, how many of the wires into it come from nodes never ordered: > 0 in or behind a cycle. */
  readonly unmet: Int32Array;
}

export interface TopoOptions {
  /** The nodes the order starts from, in this order (default: every node no wire enters, by number). */
  readonly roots?: readonly number[];
  /** Which ready node comes next: the first to become ready (`'queue'`) or the lowest number (`'index'`). */
  readonly ready?: 'queue' | 'index';
}

/**
 * @example
 * // 0 → 2, 1 → 2, 2 → 3
 * topologicalOrder(4, [0, 1, 2], [2, 2, 3]).order; // [0, 1, 2, 3]
 */
export function topologicalOrder(
  count: number,
  sources: ArrayLike<number>,
  targets: ArrayLike<number>,
  options: TopoOptions = {},
): TopoOrder {
  const wires = sources.length;
  // Successors in wire order, as compressed rows.
  const unmet = new Int32Array(count);
  const outStart = new Int32Array(count + 1);
  for (let w = 0; w < wires; w++) {
    const t = targets[w] as number;
    const f = (sources[w] as number) + 1;
    unmet[t] = (unmet[t] as number) + 1;
    outStart[f] = (outStart[f] as number) + 1;
  }
  for (let i = 0; i < count; i++) outStart[i + 1] = (outStart[i + 1] as number) + (outStart[i] as number);
  const outList = new Int32Array(wires);
  const fill = outStart.slice(0, count);
  for (let w = 0; w < wires; w++) {
    const f = sources[w] as number;
    const at = fill[f] as number;
    fill[f] = at + 1;
    outList[at] = targets[w] as number;
  }

  let roots = options.roots;
  if (!roots) {
    const found: number[] = [];
    for (let i = 0; i < count; i++) if (unmet[i] === 0) found.push(i);
    roots = found;
  }
  /** Counts down the wires into each successor of `i`; calls `ready` for each that has all its inputs. */
  const release = (i: number, ready: (t: number) => void) => {
    for (let o = outStart[i] as number; o < (outStart[i + 1] as number); o++) {
      const t = outList[o] as number;
      const d = (unmet[t] as number) - 1;
      unmet[t] = d;
      if (d === 0) ready(t);
    }
  };

  if (options.ready !== 'index') {
    const order = roots.slice();
    const push = (t: number) => order.push(t);
    for (let k = 0; k < order.length; k++) release(order[k] as number, push);
    return { order, unmet };
  }
  const heap = new MinHeap();
  for (const r of roots) heap.push(r);
  const order: number[] = [];
  const push = (t: number) => heap.push(t);
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(i);
    release(i, push);
  }
  return { order, unmet };
}

/** A binary min-heap of numbers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(x: number): void {
    const a = this.items;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= x) break;
      a[i] = a[p] as number;
      i = p;
    }
    a[i] = x;
  }

  pop(): number {
    const a = this.items;
    const top = a[0] as number;
    const x = a.pop() as number;
    const n = a.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (a[c + 1] as number) < (a[c] as number)) c++;
      if ((a[c] as number) >= x) break;
      a[i] = a[c] as number;
      i = c;
    }
    a[i] = x;
    return top;
  }
}
