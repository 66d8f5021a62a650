/**
 * The order step of the structural check (structure.ts): the topological order of a graph's
 * nodes (topo.ts) over the usable wires, the wiring by position in that order, and the
 * report of a cycle among the nodes it cannot order.
 */
import type { DocEdge, DocNode } from './document';
import type { NodeFacts, Ports, Report } from './structure';
import { topologicalOrder } from './topo';
import type { Wiring } from './wiring';

/** The topological order and the wiring by position in it (see `CheckPlan`). */
interface Sorted {
  /** Node positions in topological order. */
  readonly queue: number[];
  readonly inputStart: number[];
  readonly inputSource: number[];
  readonly inputPort: number[];
  /** The last position in the order of each node, or -1. */
  readonly last: Int32Array;
  /** True when a node object listed twice enters the order. */
  readonly pathsMayRepeat: boolean;
}

/** Cycles and order: the topological order (topo.ts) over the usable wires; reports a cycle among the nodes left over. */
export function orderGraph(nodes: readonly DocNode[], facts: NodeFacts, wiring: Wiring, report: Report): Sorted {
  const { index, firstOf, portsOf } = facts;
  const { wiresInto, usable, usableSource, usableTarget } = wiring;
  const count = nodes.length;
  // Roots: the first node object of each id that takes part and no usable wire enters, in
  // document order (a node object listed twice is a root twice).
  const into = new Uint8Array(count);
  for (let w = 0; w < usableTarget.length; w++) into[usableTarget[w] as number] = 1;
  let pathsMayRepeat = false;
  const roots: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = firstOf[i] as number;
    if (portsOf[f] && !into[f] && nodes[f] === nodes[i]) {
      if (f !== i) pathsMayRepeat = true;
      roots.push(f);
    }
  }
  const { order: queue, unmet } = topologicalOrder(count, usableSource, usableTarget, { roots });
  const inputStart = [0];
  const inputSource: number[] = [];
  const inputPort: number[] = [];
  const last = new Int32Array(count).fill(-1);
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k] as number;
    const wires = wiresInto[i];
    if (wires)
      for (const w of wires) {
        inputSource.push(last[index.get(w.source) as number] as number);
        inputPort.push(w.sourcePort ?? 0);
      }
    inputStart.push(inputSource.length);
    last[i] = k;
  }
  let taking = 0;
  for (let i = 0; i < count; i++) if (portsOf[i]) taking++;
  if (queue.length < taking) reportCycle(nodes, portsOf, unmet, usable, report);
  return { queue, inputStart, inputSource, inputPort, last, pathsMayRepeat };
}

/** Reports one cycle among the nodes that Kahn's algorithm left with incoming wires. */
function reportCycle(
  nodes: readonly DocNode[],
  portsOf: readonly (Ports | undefined)[],
  indeg: Int32Array,
  usable: readonly DocEdge[],
  report: Report,
): void {
  const out = new Map<string, string[]>();
  for (const e of usable) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const inCycle = new Set<string>();
  const byId = new Map<string, DocNode>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as DocNode;
    if (!portsOf[i]) continue;
    byId.set(n.id, n);
    if ((indeg[i] as number) > 0) inCycle.add(n.id);
  }
  const path = cyclePath(inCycle, out);
  const text = path.map((id) => byId.get(id)?.name ?? id).join(' → ');
  for (const id of inCycle)
    if (path.includes(id))
      report({
        nodeId: id,
        message: `These layers form a cycle (${text}); a model's graph must not loop back. Delete one wire of the cycle.`,
      });
}

/** One cycle through the nodes left by Kahn's algorithm, as a closed path of ids. */
function cyclePath(inCycle: ReadonlySet<string>, out: ReadonlyMap<string, string[]>): string[] {
  const start = inCycle.values().next().value as string;
  const seen = new Map<string, number>();
  const path: string[] = [];
  let cur: string | undefined = start;
  while (cur !== undefined && !seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = (out.get(cur) ?? []).find((t) => inCycle.has(t));
  }
  if (cur === undefined) return path;
  const loop = path.slice(seen.get(cur));
  return [...loop, cur];
}
