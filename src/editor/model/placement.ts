/** New nodes: fresh ids and names, default params, and where they go. Pure. */

import type { EditOp } from '../../compile';
import {
  BLOCK_TYPE,
  type DocNode,
  type Graph,
  getBlock,
  numbered,
  type Position,
  type SkipwireDoc,
  snake,
} from '../../compile';
import { freeSpot, spliceRoom } from '../../formats/room';
import { defaultParams, getLayer, innerParams } from '../../nodes';

/** What the palette places: a layer type, or an instance of a block definition. */
export type Placeable =
  | { readonly kind: 'layer'; readonly type: string }
  | { readonly kind: 'block'; readonly block: string };

/** Drag-and-drop payload type for palette entries. */
export const DRAG_MIME = 'application/x-skipwire-node';

export const encodePlaceable = (p: Placeable): string => (p.kind === 'layer' ? `layer:${p.type}` : `block:${p.block}`);
export function decodePlaceable(s: string): Placeable | undefined {
  const [kind, ...rest] = s.split(':');
  const id = rest.join(':');
  if (!id) return undefined;
  if (kind === 'layer') return getLayer(id) ? { kind, type: id } : undefined;
  if (kind === 'block') return { kind, block: id };
  return undefined;
}

/** Approximate node size, for placing before React Flow has measured anything. */
export const NODE_SIZE = { width: 210, height: 84 };

/** A new node for `what` at `position`, with an id and a name free in `graph`. */
export function newNode(doc: SkipwireDoc, graph: Graph, what: Placeable, position: Position): DocNode | undefined {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.map((n) => n.name));
  if (what.kind === 'block') {
    const def = getBlock(doc, what.block);
    if (!def) return undefined;
    const base = snake(def.name);
    return {
      id: numbered(base, ids),
      type: BLOCK_TYPE,
      block: def.id,
      name: numbered(base, names),
      params: {},
      position,
    };
  }
  const def = getLayer(what.type);
  if (!def) return undefined;
  const base = snake(def.type);
  return {
    id: numbered(base, ids),
    type: def.type,
    name: numbered(base, names),
    params: innerParams(defaultParams(def.params)), // no wrapper until one is chosen
    position,
  };
}

/** How many inputs a placeable takes at most. */
function maxInputs(doc: SkipwireDoc, what: Placeable): number {
  if (what.kind === 'block') return getBlock(doc, what.block)?.inputs.length ?? 0;
  return getLayer(what.type)?.inputs.max ?? 0;
}

const snap = (v: number) => Math.round(v / 10) * 10;

/** How many outputs a placeable has. */
function outputCount(doc: SkipwireDoc, what: Placeable): number {
  if (what.kind === 'block') return getBlock(doc, what.block)?.outputs.length ?? 0;
  return getLayer(what.type) ? 1 : 0;
}

/** The nodes fed, directly or not, by `from` in `graph`. */
function downstream(graph: Graph, from: string): Set<string> {
  const out = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop() as string;
    for (const e of graph.edges)
      if (e.source === id && !out.has(e.target)) {
        out.add(e.target);
        stack.push(e.target);
      }
  }
  return out;
}

/**
 * Inserting from the palette (double-click, Enter). With one node selected, the new node goes
 * below it, wired from it, and when the selected node's output already feeds layers it is spliced
 * in: selected → new → former successors (each on the input it had); the layers downstream move
 * down only when the new node would cover one (`spliceRoom`; `size` gives the measured boxes).
 * With zero or several nodes selected it goes to the free place nearest `fallback` (the centre of
 * the view), unwired. The ops are applied together: one undo step.
 */
export function insertOps(
  doc: SkipwireDoc,
  graph: Graph,
  scope: string | undefined,
  what: Placeable,
  selection: readonly string[],
  fallback: Position,
  size?: (id: string) => { width: number; height: number } | undefined,
): { ops: EditOp[]; id: string } | undefined {
  const s = scope === undefined ? {} : { scope };
  const anchor = selection.length === 1 ? graph.nodes.find((n) => n.id === selection[0]) : undefined;
  const wired = anchor !== undefined && maxInputs(doc, what) > 0;
  const successors =
    wired && outputCount(doc, what) > 0 ? graph.edges.filter((e) => e.source === anchor.id && !e.sourcePort) : [];
  const box = (n: DocNode) => ({ ...n.position, ...(size?.(n.id) ?? NODE_SIZE) });
  const boxes = new Map(graph.nodes.map((n) => [n.id, box(n)]));
  let moved = new Map<string, Position>();
  let position = { x: snap(fallback.x - NODE_SIZE.width / 2), y: snap(fallback.y - NODE_SIZE.height / 2) };
  if (anchor) {
    const room = spliceRoom(boxes, anchor.id, NODE_SIZE, successors.length ? downstream(graph, anchor.id) : new Set());
    position = room.position;
    moved = room.moves;
  } else position = freeSpot([...boxes.values()], position, NODE_SIZE);
  const node = newNode(doc, graph, what, position);
  if (!node) return undefined;
  const ops: EditOp[] = [{ op: 'addNode', ...s, node }];
  if (anchor && wired) {
    const edgeIds = new Set(graph.edges.map((e) => e.id));
    const fresh = (source: string, target: string) => {
      let id = `e_${source}_${target}`;
      for (let i = 2; edgeIds.has(id); i++) id = `e_${source}_${target}_${i}`;
      edgeIds.add(id);
      return id;
    };
    ops.push({
      op: 'connect',
      ...s,
      edge: { id: fresh(anchor.id, node.id), source: anchor.id, sourcePort: 0, target: node.id, targetPort: 0 },
    });
    // `connect` replaces the wire already on an input: each successor now reads from the new node.
    for (const e of successors)
      ops.push({
        op: 'connect',
        ...s,
        edge: {
          id: fresh(node.id, e.target),
          source: node.id,
          sourcePort: 0,
          target: e.target,
          targetPort: e.targetPort,
        },
      });
    if (moved.size) ops.push({ op: 'move', ...s, moves: [...moved].map(([id, p]) => ({ id, position: p })) });
  }
  return { ops, id: node.id };
}
