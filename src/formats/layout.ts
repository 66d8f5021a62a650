/**
 * Automatic layout of a document's graphs (the top level and every block definition), top to
 * bottom. `layoutWithElk` uses elkjs' layered algorithm, loaded lazily so that the editor's first
 * chunk stays small; `layoutLayered` is a synchronous longest-path layering with one barycentre
 * sweep, used by the synchronous importer, the SVG diagram and tests. Both are pure: they return
 * a new document with new positions and change nothing else.
 */
import type { DocEdge, DocNode, Graph, Position, SkipwireDoc } from '../compile/document';

/** Node box used for spacing (about the editor's node size). */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 60;
const ROW = NODE_HEIGHT + 50;
const COL = NODE_WIDTH + 40;

export type Positions = ReadonlyMap<string, Position>;

/** Longest-path layer of each node (sources at 0), by Kahn's algorithm; nodes in cycles go last. */
export function layersOf(
  nodes: readonly { id: string }[],
  edges: readonly { source: string; target: string }[],
): Map<string, number> {
  const ids = new Set(nodes.map((n) => n.id));
  const indeg = new Map(nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!ids.has(e.source) || !ids.has(e.target)) continue;
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const layer = new Map<string, number>();
  const queue = nodes.filter((n) => indeg.get(n.id) === 0).map((n) => n.id);
  for (const id of queue) layer.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    for (const t of out.get(id) ?? []) {
      layer.set(t, Math.max(layer.get(t) ?? 0, (layer.get(id) ?? 0) + 1));
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(t);
    }
  }
  const last = Math.max(0, ...layer.values()) + 1;
  for (const n of nodes) if (!layer.has(n.id)) layer.set(n.id, last);
  return layer;
}

/** Synchronous layered positions for one graph: rows by layer, columns ordered by barycentre. */
export function layeredPositions(
  nodes: readonly { id: string }[],
  edges: readonly { source: string; target: string }[],
): Map<string, Position> {
  const layer = layersOf(nodes, edges);
  const rows: string[][] = [];
  for (const n of nodes) {
    const l = layer.get(n.id) ?? 0;
    const row = rows[l] ?? [];
    row.push(n.id);
    rows[l] = row;
  }
  const preds = new Map<string, string[]>();
  for (const e of edges) {
    const list = preds.get(e.target);
    if (list) list.push(e.source);
    else preds.set(e.target, [e.source]);
  }
  const x = new Map<string, number>();
  const pos = new Map<string, Position>();
  const widest = Math.max(1, ...rows.map((r) => r?.length ?? 0));
  rows.forEach((row = [], l) => {
    const bary = (id: string) => {
      const ps = (preds.get(id) ?? []).filter((p) => x.has(p));
      return ps.length ? ps.reduce((s, p) => s + (x.get(p) as number), 0) / ps.length : Number.POSITIVE_INFINITY;
    };
    const keyed = row.map((id, i) => ({ id, key: bary(id), i }));
    keyed.sort((a, b) => (a.key === b.key ? a.i - b.i : a.key < b.key ? -1 : 1));
    const offset = ((widest - keyed.length) * COL) / 2;
    keyed.forEach(({ id }, i) => {
      pos.set(id, { x: offset + i * COL, y: l * ROW });
      x.set(id, offset + i * COL);
    });
  });
  return pos;
}

function place(graph: Graph, pos: Positions): { nodes: DocNode[]; edges: readonly DocEdge[] } {
  return { nodes: graph.nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })), edges: graph.edges };
}

function applyAll(doc: SkipwireDoc, positions: (g: Graph) => Positions): SkipwireDoc {
  return {
    ...doc,
    ...place(doc, positions(doc)),
    blocks: doc.blocks.map((b) => ({ ...b, ...place(b, positions(b)) })),
  };
}

/** Lays out every graph of the document synchronously (no elkjs). */
export function layoutLayered(doc: SkipwireDoc): SkipwireDoc {
  return applyAll(doc, (g) => layeredPositions(g.nodes, g.edges));
}

interface ElkLike {
  layout(graph: unknown): Promise<{ children?: { id: string; x?: number; y?: number }[] }>;
}

let elk: Promise<ElkLike> | undefined;

/** elkjs' bundled build, imported on first use (it is about 450 KB gzip). */
function loadElk(): Promise<ElkLike> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Elk = (m as { default: new () => ElkLike }).default;
    return new Elk();
  });
  return elk;
}

const ELK_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '50',
  'elk.spacing.nodeNode': '40',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

async function elkPositions(graph: Graph): Promise<Positions> {
  if (graph.nodes.length === 0) return new Map();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await (await loadElk()).layout({
    id: 'root',
    layoutOptions: ELK_OPTIONS,
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
      .map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
}

/**
 * Lays out every graph of the document with elkjs (layered, top to bottom). Should elkjs fail to
 * load or to lay out, the synchronous layout is used instead.
 */
export async function layoutWithElk(doc: SkipwireDoc): Promise<SkipwireDoc> {
  let top: Positions;
  let blocks: Positions[];
  try {
    top = await elkPositions(doc);
    blocks = await Promise.all(doc.blocks.map((b) => elkPositions(b)));
  } catch {
    return layoutLayered(doc);
  }
  return {
    ...doc,
    ...place(doc, top),
    blocks: doc.blocks.map((b, i) => ({ ...b, ...place(b, blocks[i] as Positions) })),
  };
}
