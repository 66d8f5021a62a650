/**
 * Copy and paste as JSON text, so a selection moves between tabs through the system clipboard.
 * The payload carries the nodes, the wires between them and the block definitions their
 * instances use; pasting gives everything fresh ids and names and offsets the positions.
 */

import type { EditOp } from '../../compile';
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  freshId,
  type Graph,
  getGraph,
  type SkipwireDoc,
} from '../../compile';

export interface ClipPayload {
  readonly skipwire: 'clipboard';
  readonly version: 1;
  readonly nodes: readonly DocNode[];
  readonly edges: readonly DocEdge[];
  readonly blocks: readonly BlockDef[];
}

/** The payload for copying `ids` from the graph at `scope`; undefined when nothing copyable. */
export function copyPayload(
  doc: SkipwireDoc,
  scope: string | undefined,
  ids: readonly string[],
): ClipPayload | undefined {
  const graph = getGraph(doc, scope);
  if (!graph) return undefined;
  const want = new Set(ids);
  const nodes = graph.nodes.filter((n) => want.has(n.id) && n.type !== BLOCK_INPUT_TYPE);
  if (!nodes.length) return undefined;
  const kept = new Set(nodes.map((n) => n.id));
  const edges = graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  // Definitions used by the copied instances, and the ones those use.
  const needed = new Set<string>();
  const visit = (g: Graph) => {
    for (const n of g.nodes) {
      if (n.type !== BLOCK_TYPE || n.block === undefined || needed.has(n.block)) continue;
      needed.add(n.block);
      const def = doc.blocks.find((b) => b.id === n.block);
      if (def) visit(def);
    }
  };
  visit({ nodes, edges });
  const blocks = doc.blocks.filter((b) => needed.has(b.id));
  return { skipwire: 'clipboard', version: 1, nodes, edges, blocks };
}

/** Reads clipboard text; undefined when it is not a Skipwire selection. */
export function parseClip(text: string): ClipPayload | undefined {
  if (!text.includes('"skipwire"')) return undefined;
  try {
    const v = JSON.parse(text) as Partial<ClipPayload>;
    if (v?.skipwire !== 'clipboard' || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return undefined;
    const nodeOk = (n: DocNode) =>
      typeof n?.id === 'string' &&
      typeof n.type === 'string' &&
      typeof n.name === 'string' &&
      typeof n.position?.x === 'number' &&
      typeof n.position?.y === 'number';
    if (!v.nodes.every(nodeOk)) return undefined;
    return { skipwire: 'clipboard', version: 1, nodes: v.nodes, edges: v.edges, blocks: v.blocks ?? [] };
  } catch (e) {
    // Text that is not JSON is simply not a Skipwire selection (the paste handler says so).
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** `name` if free, else the next number after its own (`conv_2` → `conv_3`), else `name_2`. */
export function nextFree(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const m = /^(.*)_(\d+)$/.exec(name);
  if (!m) return freshId(name, taken);
  for (let i = Number(m[2]) + 1; ; i++) {
    const next = `${m[1]}_${i}`;
    if (!taken.has(next)) return next;
  }
}

export interface PastePlan {
  /** The document with the definitions the paste needs and the target lacks (same as `doc` if none). */
  readonly base: SkipwireDoc;
  readonly ops: readonly EditOp[];
  /** Ids of the pasted nodes. */
  readonly ids: readonly string[];
}

/** Plans pasting `clip` into the graph at `scope`, shifted by `offset`. */
export function pastePlan(
  doc: SkipwireDoc,
  scope: string | undefined,
  clip: ClipPayload,
  offset: { x: number; y: number },
): PastePlan | undefined {
  const missing = clip.blocks.filter((b) => !doc.blocks.some((x) => x.id === b.id));
  const base = missing.length ? { ...doc, blocks: [...doc.blocks, ...missing] } : doc;
  const graph = getGraph(base, scope);
  if (!graph) return undefined;
  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.map((n) => n.name));
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const idOf = new Map<string, string>();
  const s = scope === undefined ? {} : { scope };
  const ops: EditOp[] = [];
  // A pasted instance is named after itself: the Keras names its original maps to (`names`) stay
  // with the original, or the copy's layers would take the same names.
  for (const { names: _kept, ...n } of clip.nodes) {
    const id = nextFree(n.id, ids);
    ids.add(id);
    idOf.set(n.id, id);
    const name = nextFree(n.name, names);
    names.add(name);
    ops.push({
      op: 'addNode',
      ...s,
      node: {
        ...n,
        id,
        name,
        params: { ...n.params },
        position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      },
    });
  }
  for (const e of clip.edges) {
    const source = idOf.get(e.source);
    const target = idOf.get(e.target);
    if (!source || !target) continue;
    const id = nextFree(e.id, edgeIds);
    edgeIds.add(id);
    ops.push({ op: 'connect', ...s, edge: { ...e, id, source, target } });
  }
  return { base, ops, ids: [...idOf.values()] };
}
