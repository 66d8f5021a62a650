/**
 * Routes the open graph's wires around its nodes and places their labels, from the nodes' current
 * positions (drag overlay included) and measured sizes. Derived on every change, never stored:
 * each wire keeps its route object while it stays valid, and only the wires whose route changed
 * redraw (`WireDrawings`); React Flow's edges stay the same objects during a drag.
 */
import { type RefObject, useLayoutEffect, useMemo, useRef } from 'react';
import type { Position } from '../../compile';
import { portX } from '../../formats/layout';
import type { FlowEdge, FlowNode } from '../model/flow';
import { handlePort } from '../model/flow';
import { NODE_SIZE } from '../model/placement';
import { placeLabels } from './labels';
import { type Rect, type RouteState, routeWires, type Wire } from './routing';
import type { WireDrawing, WireDrawings } from './wireDrawings';

/** A node's box in graph coordinates: measured when it has been drawn, else the estimate. */
export function nodeBox(n: FlowNode): Rect {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.initialWidth ?? NODE_SIZE.width,
    height: n.measured?.height ?? n.initialHeight ?? NODE_SIZE.height,
  };
}

/**
 * Routes the wires of `edges` between `nodes` (`preferred`: the last auto-layout's routes) and
 * places their labels (`withLabels`: at the near zoom level only), into `drawings` before the
 * browser paints. The edges themselves are not touched.
 */
export function useWires(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  preferred: RefObject<ReadonlyMap<string, readonly Position[]>>,
  withLabels: boolean,
  drawings: WireDrawings,
): void {
  const state = useRef<RouteState | undefined>(undefined);
  const next = useMemo(() => {
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
    state.current = routeWires(wires, boxes, state.current, preferred.current);
    const { routes } = state.current;
    // Labels show at the near zoom level only: placing them further out would be wasted work.
    const labels = !withLabels
      ? new Map<string, Position>()
      : placeLabels(
          edges.flatMap((e) =>
            typeof e.label === 'string' ? [{ id: e.id, text: e.label, key: `${e.source}:${e.sourceHandle}` }] : [],
          ),
          routes,
          [...boxes.values()],
        );
    const out = new Map<string, WireDrawing>();
    for (const e of edges) {
      const points = routes.get(e.id)?.points;
      const labelAt = labels.get(e.id);
      out.set(e.id, { ...(points ? { points } : {}), ...(labelAt ? { labelAt } : {}) });
    }
    return out;
  }, [nodes, edges, preferred, withLabels]);
  useLayoutEffect(() => drawings.set(next), [drawings, next]);
}
