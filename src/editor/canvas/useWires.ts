/**
 * Routes the open graph's wires around its nodes and places their labels, from the nodes' current
 * positions (drag overlay included) and measured sizes. Derived on every change, never stored:
 * each wire keeps its route object while it stays valid, so React Flow redraws only the wires
 * that moved.
 */
import { type RefObject, useMemo, useRef } from 'react';
import type { Position } from '../../compile';
import { portX } from '../../formats/layout';
import type { FlowEdge, FlowNode } from '../model/flow';
import { handlePort } from '../model/flow';
import { NODE_SIZE } from '../model/placement';
import { placeLabels } from './labels';
import { type Rect, type Routed, routeWires, type Wire } from './routing';

/** A node's box in graph coordinates: measured when it has been drawn, else the estimate. */
export function nodeBox(n: FlowNode): Rect {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.initialWidth ?? NODE_SIZE.width,
    height: n.measured?.height ?? n.initialHeight ?? NODE_SIZE.height,
  };
}

const samePoint = (a: Position | undefined, b: Position | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y);

/** The edges with their routes and label places (`preferred`: the last auto-layout's routes). */
export function useWires(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  preferred: RefObject<ReadonlyMap<string, readonly Position[]>>,
): FlowEdge[] {
  const routesRef = useRef<ReadonlyMap<string, Routed>>(new Map());
  const cache = useRef(new Map<string, { base: FlowEdge; out: FlowEdge }>());
  return useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const boxes = new Map(nodes.map((n) => [n.id, nodeBox(n)]));
    const wires: Wire[] = [];
    for (const e of edges) {
      const s = byId.get(e.source);
      const t = byId.get(e.target);
      const sb = boxes.get(e.source);
      const tb = boxes.get(e.target);
      if (!s || !t || !sb || !tb) continue;
      const out = handlePort(e.sourceHandle);
      const inp = handlePort(e.targetHandle);
      wires.push({
        id: e.id,
        from: { x: Math.round(sb.x + portX(out, s.data.outputs.length, sb.width)), y: Math.round(sb.y + sb.height) },
        to: {
          x: Math.round(tb.x + portX(inp, Math.max(t.data.inputs.length, inp + 1), tb.width)),
          y: Math.round(tb.y),
        },
      });
    }
    const routes = routeWires(wires, [...boxes.values()], routesRef.current, preferred.current);
    routesRef.current = routes;
    const labels = placeLabels(
      edges.flatMap((e) =>
        typeof e.label === 'string' ? [{ id: e.id, text: e.label, key: `${e.source}:${e.sourceHandle}` }] : [],
      ),
      routes,
      [...boxes.values()],
    );
    const next = new Map<string, { base: FlowEdge; out: FlowEdge }>();
    const list = edges.map((e) => {
      const points = routes.get(e.id)?.points;
      const labelAt = labels.get(e.id);
      const old = cache.current.get(e.id);
      const out =
        old && old.base === e && old.out.data?.points === points && samePoint(old.out.data?.labelAt, labelAt)
          ? old.out
          : {
              ...e,
              data: {
                ...(e.data as NonNullable<FlowEdge['data']>),
                ...(points ? { points } : {}),
                ...(labelAt ? { labelAt } : {}),
              },
            };
      next.set(e.id, { base: e, out });
      return out;
    });
    cache.current = next;
    return list;
  }, [nodes, edges, preferred]);
}
