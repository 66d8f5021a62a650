/**
 * The order step of the structural check (structure.ts): the topological order of a graph's
 * nodes by Kahn's algorithm over the usable wires, the wiring by position in that order, and the
 * report of a cycle among the nodes it cannot order.
 */
import type { DocEdge, DocNode } from './document';
import type { NodeFacts, Ports, Report } from './structure';
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

/** Cycles and order: Kahn's algorithm over the usable wires; reports a cycle among the nodes left over. */
export function topologicalOrder(nodes: readonly DocNode[], facts: NodeFacts, wiring: Wiring, report: Report): Sorted {
  const { index, firstOf, portsOf } = facts;
  const { wiresInto, usable, usableSource, usableTarget } = wiring;
  const count = nodes.length;
  // Successors in wire order, as compressed rows.
  const indeg = new Int32Array(count);
  const outStart = new Int32Array(count + 1);
  for (let w = 0; w < usable.length; w++) {
    const t = usableTarget[w] as number;
    const f = (usableSource[w] as number) + 1;
    indeg[t] = (indeg[t] as number) + 1;
    outStart[f] = (outStart[f] as number) + 1;
  }
  for (let i = 0; i < count; i++) outStart[i + 1] = (outStart[i + 1] as number) + (outStart[i] as number);
  const outList = new Int32Array(usable.length);
  const fill = outStart.slice(0, count);
  for (let w = 0; w < usable.length; w++) {
    const f = usableSource[w] as number;
    const at = fill[f] as number;
    fill[f] = at + 1;
    outList[at] = usableTarget[w] as number;
  }

  let pathsMayRepeat = false;
  const queue: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = firstOf[i] as number;
    if (portsOf[f] && indeg[f] === 0 && nodes[f] === nodes[i]) {
      if (f !== i) pathsMayRepeat = true;
      queue.push(f);
    }
  }
  const inputStart = [0];
  const inputSource: number[] = [];
  const inputPort: number[] = [];
  const last = new Int32Array(count).fill(-1);
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k] as number;
    const into = wiresInto[i];
    if (into)
      for (const w of into) {
        inputSource.push(last[index.get(w.source) as number] as number);
        inputPort.push(w.sourcePort ?? 0);
      }
    inputStart.push(inputSource.length);
    last[i] = k;
    for (let o = outStart[i] as number; o < (outStart[i + 1] as number); o++) {
      const t = outList[o] as number;
      const d = (indeg[t] as number) - 1;
      indeg[t] = d;
      if (d === 0) queue.push(t);
    }
  }
  let taking = 0;
  for (let i = 0; i < count; i++) if (portsOf[i]) taking++;
  if (queue.length < taking) reportCycle(nodes, portsOf, indeg, usable, report);
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
