/**
 * Automatic layout of a graph, top to bottom: the one place where elkjs is configured.
 *
 * `layoutGraph` runs elkjs' layered algorithm on one graph with the node sizes and port counts the
 * caller knows (the editor passes what React Flow measured) and returns both the node positions
 * and each wire's route (ELK's orthogonal bend points, from the output port to the input port),
 * so that a skip connection is drawn around the branch it bypasses rather than behind it. Long
 * chains wrap into columns when an aspect ratio is given. `layoutDocument` lays out every graph of
 * a document (the importers use it). elkjs (~450 KB gzip) is imported on first use unless the
 * caller hands in its own instance (the editor runs it in a Web Worker).
 *
 * `layeredPositions` / `layoutLayered` are the synchronous ranking (longest path, one barycentre
 * sweep) for the callers that cannot wait: the SVG diagram's rows and the CLI's synchronous
 * import. Everything here is pure: new positions are returned, nothing else changes.
 *
 * @example
 * const { positions, routes } = await layoutGraph(graph, { size: (id) => measured.get(id) });
 */
import { type DocEdge, type DocNode, type Graph, type Position, type SkipwireDoc, topologicalOrder } from '../compile';

/** Node box used when the caller knows no size (about the editor's node). */
export const NODE_WIDTH = 210;
export const NODE_HEIGHT = 84;
const ROW = NODE_HEIGHT + 44;
const COL = NODE_WIDTH + 40;

export interface Size {
  readonly width: number;
  readonly height: number;
}

export type Positions = ReadonlyMap<string, Position>;

/** How many input and output ports a node shows; they are spread evenly along its top / bottom. */
export interface PortCount {
  readonly inputs: number;
  readonly outputs: number;
}

/** The x of port `i` of `n` on a box `width` wide (the editor draws its handles at these). */
export const portX = (i: number, n: number, width: number): number => (width * (i + 1)) / (n + 1);

export interface GraphLayout {
  readonly positions: Positions;
  /** Per edge id: the route from the source's output port to the target's input port. */
  readonly routes: ReadonlyMap<string, readonly Position[]>;
}

/** What `layoutGraph` needs of elkjs (its `ELK` class instance, main thread or worker). */
export interface ElkLike {
  layout(graph: ElkGraph): Promise<ElkGraph>;
}

interface ElkPort {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layoutOptions: Record<string, string>;
}
interface ElkSection {
  startPoint: Position;
  endPoint: Position;
  bendPoints?: Position[];
}
export interface ElkGraph {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkGraph[];
  ports?: ElkPort[];
  edges?: { id: string; sources: string[]; targets: string[]; sections?: ElkSection[] }[];
}

export interface LayoutOptions {
  /** The node's size (measured), else NODE_WIDTH × NODE_HEIGHT. */
  readonly size?: (id: string) => Size | undefined;
  /** The node's port counts, else as many as its wires use. */
  readonly ports?: (id: string) => PortCount | undefined;
  /** Wrap long chains into columns to approach this width ÷ height (none when absent). */
  readonly aspectRatio?: number;
  /** An elkjs instance (or its promise); by default the bundled build, imported on first use. */
  readonly elk?: ElkLike | Promise<ElkLike>;
}

let bundled: Promise<ElkLike> | undefined;

/** elkjs' bundled build, imported on first use (it is about 450 KB gzip). */
function loadElk(): Promise<ElkLike> {
  bundled ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    const Elk = (m as unknown as { default: new () => ElkLike }).default;
    return new Elk();
  });
  return bundled;
}

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.nodeNode': '48',
  'elk.spacing.edgeNode': '24',
  'elk.spacing.edgeEdge': '16',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '14',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.mergeEdges': 'false',
};

const inPort = (id: string, i: number) => `${id}\u0000in\u0000${i}`;
const outPort = (id: string, i: number) => `${id}\u0000out\u0000${i}`;

/** The ports each node needs: at least one per wire end, at least what `ports` says. */
function portCounts(graph: Graph, ports: LayoutOptions['ports']): Map<string, PortCount> {
  const used = new Map<string, { inputs: number; outputs: number }>();
  const get = (id: string) => {
    const c = used.get(id) ?? { inputs: 0, outputs: 0 };
    used.set(id, c);
    return c;
  };
  for (const e of graph.edges) {
    get(e.target).inputs = Math.max(get(e.target).inputs, e.targetPort + 1);
    get(e.source).outputs = Math.max(get(e.source).outputs, (e.sourcePort ?? 0) + 1);
  }
  const out = new Map<string, PortCount>();
  for (const n of graph.nodes) {
    const u = get(n.id);
    const p = ports?.(n.id);
    out.set(n.id, { inputs: Math.max(u.inputs, p?.inputs ?? 0), outputs: Math.max(u.outputs, p?.outputs ?? 1, 1) });
  }
  return out;
}

function elkNode(id: string, size: Size, count: PortCount): ElkGraph {
  const port = (pid: string, x: number, y: number, side: string): ElkPort => ({
    id: pid,
    x,
    y,
    width: 0,
    height: 0,
    layoutOptions: { 'elk.port.side': side },
  });
  return {
    id,
    width: size.width,
    height: size.height,
    layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    ports: [
      ...Array.from({ length: count.inputs }, (_, i) =>
        port(inPort(id, i), portX(i, count.inputs, size.width), 0, 'NORTH'),
      ),
      ...Array.from({ length: count.outputs }, (_, i) =>
        port(outPort(id, i), portX(i, count.outputs, size.width), size.height, 'SOUTH'),
      ),
    ],
  };
}

/** Graphs of at most this many nodes are never wrapped into columns. */
const MAX_UNWRAPPED = 8;

/**
 * Lays out one graph with elkjs: positions and wire routes. Rejects when elkjs fails (callers say
 * so; nothing falls back silently). Wires to a node the graph lacks, and self-loops, are left out.
 */
export async function layoutGraph(graph: Graph, options: LayoutOptions = {}): Promise<GraphLayout> {
  if (graph.nodes.length === 0) return { positions: new Map(), routes: new Map() };
  const ids = new Set(graph.nodes.map((n) => n.id));
  const counts = portCounts(graph, options.ports);
  const size = (id: string) => options.size?.(id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  // A short graph fits the screen as it is: wrapping only breaks its top-to-bottom reading.
  const wrap: Record<string, string> =
    options.aspectRatio === undefined || graph.nodes.length <= MAX_UNWRAPPED
      ? {}
      : {
          'elk.aspectRatio': String(options.aspectRatio),
          'elk.layered.wrapping.strategy': 'MULTI_EDGE',
          'elk.layered.wrapping.additionalEdgeSpacing': '24',
        };
  const edges = graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
  const elk = await (options.elk ?? loadElk());
  const result = await elk.layout({
    id: 'root',
    layoutOptions: { ...OPTIONS, ...wrap },
    children: graph.nodes.map((n) => elkNode(n.id, size(n.id), counts.get(n.id) as PortCount)),
    edges: edges.map((e) => ({
      id: e.id,
      sources: [outPort(e.source, e.sourcePort ?? 0)],
      targets: [inPort(e.target, e.targetPort)],
    })),
  });
  const positions = new Map<string, Position>();
  for (const c of result.children ?? []) positions.set(c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) });
  const routes = new Map<string, Position[]>();
  for (const e of result.edges ?? []) {
    const s = e.sections?.[0];
    if (!s || (e.sections?.length ?? 0) > 1) continue;
    routes.set(
      e.id,
      [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })),
    );
  }
  return { positions, routes };
}

/** Longest-path layer of each node (sources at 0), over the topological order; nodes in cycles go last. */
export function layersOf(
  nodes: readonly { id: string }[],
  edges: readonly { source: string; target: string }[],
): Map<string, number> {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const sources: number[] = [];
  const targets: number[] = [];
  for (const e of edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    sources.push(s);
    targets.push(t);
  }
  const { order } = topologicalOrder(nodes.length, sources, targets);
  // Wires by source, to push each node's layer down to its successors in order.
  const depth = new Int32Array(nodes.length).fill(-1);
  for (const i of order) if (depth[i] === -1) depth[i] = 0;
  const outs = new Map<number, number[]>();
  for (let w = 0; w < sources.length; w++) {
    const list = outs.get(sources[w] as number);
    if (list) list.push(targets[w] as number);
    else outs.set(sources[w] as number, [targets[w] as number]);
  }
  for (const i of order)
    for (const t of outs.get(i) ?? []) depth[t] = Math.max(depth[t] as number, (depth[i] as number) + 1);
  const layer = new Map<string, number>();
  let last = 1;
  for (const i of order) {
    layer.set((nodes[i] as { id: string }).id, depth[i] as number);
    last = Math.max(last, (depth[i] as number) + 1);
  }
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

/** Lays out every graph of the document synchronously (no elkjs). */
export function layoutLayered(doc: SkipwireDoc): SkipwireDoc {
  const positions = (g: Graph) => layeredPositions(g.nodes, g.edges);
  return {
    ...doc,
    ...place(doc, positions(doc)),
    blocks: doc.blocks.map((b) => ({ ...b, ...place(b, positions(b)) })),
  };
}

/** Lays out every graph of the document (the top level and each block definition) with elkjs. */
export async function layoutDocument(doc: SkipwireDoc, options: LayoutOptions = {}): Promise<SkipwireDoc> {
  const top = await layoutGraph(doc, options);
  const blocks = await Promise.all(doc.blocks.map((b) => layoutGraph(b, options)));
  return {
    ...doc,
    ...place(doc, top.positions),
    blocks: doc.blocks.map((b, i) => ({ ...b, ...place(b, (blocks[i] as GraphLayout).positions) })),
  };
}
