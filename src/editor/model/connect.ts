/** Which wires the canvas accepts while the user drags one: checked before the edit exists. */
import type { DocEdge, EditOp, Graph } from '../../compile';
import { freshId } from '../../compile';
import { handlePort } from './flow';

export interface ConnectionLike {
  readonly source: string | null;
  readonly target: string | null;
  readonly sourceHandle?: string | null;
  readonly targetHandle?: string | null;
}

/** True when `to` can be reached from `from` by following wires. */
export function reaches(graph: Graph, from: string, to: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}

/**
 * Why a wire cannot be drawn, or `undefined` when it can: a layer feeding itself, a second wire
 * into an input that already has one, or a wire that would close a cycle.
 */
export function connectionProblem(graph: Graph, c: ConnectionLike): string | undefined {
  if (!c.source || !c.target) return 'a wire needs two ends';
  if (c.source === c.target) return 'a layer cannot feed itself';
  const port = handlePort(c.targetHandle);
  const taken = graph.edges.find((e) => e.target === c.target && e.targetPort === port);
  if (taken) return `input ${port + 1} already has a wire`;
  if (reaches(graph, c.target, c.source)) return 'this wire would make a cycle';
  return undefined;
}

/** The edit for a drawn wire. */
export function connectOp(graph: Graph, scope: string | undefined, c: ConnectionLike): EditOp | undefined {
  if (!c.source || !c.target) return undefined;
  const edge: DocEdge = {
    id: freshId(`e_${c.source}_${c.target}`, new Set(graph.edges.map((e) => e.id))),
    source: c.source,
    sourcePort: handlePort(c.sourceHandle),
    target: c.target,
    targetPort: handlePort(c.targetHandle),
  };
  return { op: 'connect', ...(scope === undefined ? {} : { scope }), edge };
}
