/** Grouping a selection into a block, and ungrouping an instance back into layers. Pure. */
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  type Graph,
  type SkipwireDoc,
  withGraph,
} from './document';
import { freshId, numbered, snake } from './ids';
import type { EditResult } from './ops';

interface GroupArgs {
  readonly nodes: readonly string[];
  readonly blockId: string;
  readonly blockName: string;
  readonly instanceId: string;
}

const portKey = (source: string, port: number | undefined) => `${source}\u0000${port ?? 0}`;

/**
 * Cuts the selection out of `graph`: wires entering it become block inputs (one per distinct
 * source), wires leaving it become block outputs (one per distinct inner source; a selection that
 * feeds nothing outside exposes its sinks). The instance sits at the selection's centre.
 */
export function groupSelection(doc: SkipwireDoc, scope: string | undefined, graph: Graph, args: GroupArgs): EditResult {
  const sel = new Set(args.nodes);
  const picked = graph.nodes.filter((n) => sel.has(n.id));
  if (picked.length === 0) return { doc, error: 'select one or more layers to make a block' };
  if (picked.length !== sel.size) return { doc, error: 'the selection names layers that are not in this graph' };
  const bad = picked.find((n) => n.type === 'input' || n.type === BLOCK_INPUT_TYPE);
  if (bad) return { doc, error: `"${bad.name}" is an input; a block cannot contain the model's or a block's inputs` };
  if (doc.blocks.some((b) => b.id === args.blockId))
    return { doc, error: `a block with id "${args.blockId}" already exists` };
  if (!args.blockName.trim()) return { doc, error: 'a block name cannot be empty' };
  if (graph.nodes.some((n) => n.id === args.instanceId && !sel.has(n.id)))
    return { doc, error: `a node with id "${args.instanceId}" already exists` };

  const between = outsidePath(graph, sel);
  if (between)
    return {
      doc,
      error: `"${between}" lies between selected layers: a block must take all the layers on the paths through it. Add it to the selection.`,
    };

  const inner = graph.edges.filter((e) => sel.has(e.source) && sel.has(e.target));
  const incoming = graph.edges.filter((e) => !sel.has(e.source) && sel.has(e.target));
  const outgoing = graph.edges.filter((e) => sel.has(e.source) && !sel.has(e.target));

  const minX = Math.min(...picked.map((n) => n.position.x));
  const minY = Math.min(...picked.map((n) => n.position.y));
  const maxX = Math.max(...picked.map((n) => n.position.x));
  const maxY = Math.max(...picked.map((n) => n.position.y));

  // Block inputs: one per distinct outside (source, port), in order of first appearance by port.
  const taken = new Set(picked.map((n) => n.id));
  const inputOf = new Map<string, string>();
  const inputNodes: DocNode[] = [];
  const outsideFeeds: DocEdge[] = [];
  for (const e of [...incoming].sort((a, b) => a.targetPort - b.targetPort)) {
    const key = portKey(e.source, e.sourcePort);
    if (inputOf.has(key)) continue;
    const id = freshId(`in_${inputNodes.length + 1}`, taken);
    taken.add(id);
    inputOf.set(key, id);
    const src = graph.nodes.find((n) => n.id === e.source);
    inputNodes.push({
      id,
      type: BLOCK_INPUT_TYPE,
      name: inputNodes.length === 0 ? 'x' : `x${inputNodes.length + 1}`,
      params: {},
      position: { x: (src?.position.x ?? minX) - minX, y: -120 },
    });
    outsideFeeds.push(e);
  }
  const innerEdges: DocEdge[] = [
    ...inner,
    ...incoming.map((e) => ({
      id: e.id,
      source: inputOf.get(portKey(e.source, e.sourcePort)) as string,
      sourcePort: 0,
      target: e.target,
      targetPort: e.targetPort,
    })),
  ];

  // Block outputs: inner sources feeding the outside, then the selection's sinks (model outputs
  // before grouping, which must stay outputs).
  const outputs: string[] = [];
  for (const e of outgoing) if (!outputs.includes(e.source)) outputs.push(e.source);
  const consumed = new Set([...inner, ...outgoing].map((e) => e.source));
  for (const n of picked) if (!consumed.has(n.id)) outputs.push(n.id);
  const def: BlockDef = {
    id: args.blockId,
    name: args.blockName,
    nodes: [
      ...inputNodes,
      ...picked.map((n) => ({ ...n, position: { x: n.position.x - minX, y: n.position.y - minY } })),
    ],
    edges: innerEdges,
    inputs: inputNodes.map((n) => n.id),
    outputs,
    exposed: [],
  };
  const instance: DocNode = {
    id: args.instanceId,
    type: BLOCK_TYPE,
    name: numbered(snake(args.blockName), new Set(graph.nodes.filter((n) => !sel.has(n.id)).map((n) => n.name))),
    block: args.blockId,
    params: {},
    position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 },
  };
  const edges: DocEdge[] = [
    ...graph.edges.filter((e) => !sel.has(e.source) && !sel.has(e.target)),
    ...outsideFeeds.map((e, i) => ({ ...e, target: args.instanceId, targetPort: i })),
    ...outgoing.map((e) => ({ ...e, source: args.instanceId, sourcePort: outputs.indexOf(e.source) })),
  ];
  const nodes = [...graph.nodes.filter((n) => !sel.has(n.id)), instance];
  const next = withGraph({ ...doc, blocks: [...doc.blocks, def] }, scope, { nodes, edges });
  return { doc: next };
}

/** The name of an unselected node on a path from the selection back into it, if any. */
function outsidePath(graph: Graph, sel: ReadonlySet<string>): string | undefined {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = graph.edges.filter((e) => sel.has(e.source) && !sel.has(e.target)).map((e) => e.target);
  while (stack.length) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const t of out.get(id) ?? []) {
      if (sel.has(t)) return graph.nodes.find((n) => n.id === id)?.name ?? id;
      stack.push(t);
    }
  }
  return undefined;
}

/** Expands an instance in place: its definition's layers are copied in, wires reconnected. */
export function ungroupInstance(
  doc: SkipwireDoc,
  scope: string | undefined,
  graph: Graph,
  instanceId: string,
): EditResult {
  const inst = graph.nodes.find((n) => n.id === instanceId);
  if (!inst || inst.type !== BLOCK_TYPE) return { doc, error: `"${instanceId}" is not a block instance` };
  const def = doc.blocks.find((b) => b.id === inst.block);
  if (!def) return { doc, error: `the definition "${inst.block}" of "${inst.name}" is missing` };

  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.filter((n) => n.id !== instanceId).map((n) => n.name));
  const idOf = new Map<string, string>();
  const copies: DocNode[] = [];
  for (const n of def.nodes) {
    if (n.type === BLOCK_INPUT_TYPE) continue;
    const id = freshId(`${inst.id}_${n.id}`, ids);
    ids.add(id);
    idOf.set(n.id, id);
    // A name the instance maps this layer to (`DocNode.names`) comes back as the layer's name.
    const mapped = inst.names?.[n.id];
    const want = mapped ?? n.name;
    const name = names.has(want) ? freshId(`${inst.name}_${n.name}`, names) : want;
    names.add(name);
    const params = { ...n.params };
    for (const x of def.exposed)
      if (x.node === n.id && Object.hasOwn(inst.params, x.name)) params[x.param] = inst.params[x.name];
    copies.push({
      ...n,
      id,
      name,
      params,
      position: { x: inst.position.x + n.position.x, y: inst.position.y + n.position.y },
    });
  }
  const edgeIds = new Set(graph.edges.map((e) => e.id));
  const newEdge = (e: Omit<DocEdge, 'id'>, base: string): DocEdge => {
    const id = freshId(base, edgeIds);
    edgeIds.add(id);
    return { id, ...e };
  };
  const feeds = graph.edges.filter((e) => e.target === instanceId);
  const out: DocEdge[] = [];
  for (const e of def.edges) {
    const target = idOf.get(e.target);
    if (!target) continue;
    const inputIndex = def.inputs.indexOf(e.source);
    if (inputIndex >= 0) {
      const feed = feeds.find((f) => f.targetPort === inputIndex);
      if (feed)
        out.push(
          newEdge(
            { source: feed.source, sourcePort: feed.sourcePort ?? 0, target, targetPort: e.targetPort },
            `${inst.id}_${e.id}`,
          ),
        );
      continue;
    }
    const source = idOf.get(e.source);
    if (source)
      out.push(
        newEdge({ source, sourcePort: e.sourcePort ?? 0, target, targetPort: e.targetPort }, `${inst.id}_${e.id}`),
      );
  }
  for (const e of graph.edges) {
    if (e.source !== instanceId) continue;
    const inner = def.outputs[e.sourcePort ?? 0];
    const source = inner === undefined ? undefined : idOf.get(inner);
    if (source) out.push(newEdge({ source, sourcePort: 0, target: e.target, targetPort: e.targetPort }, `${e.id}_u`));
  }
  const nodes = [...graph.nodes.filter((n) => n.id !== instanceId), ...copies];
  const edges = [...graph.edges.filter((e) => e.source !== instanceId && e.target !== instanceId), ...out];
  return { doc: withGraph(doc, scope, { nodes, edges }) };
}
