/**
 * Pure edit operations on documents. Each operation is data (`EditOp`); `applyEdit` returns a new
 * document and never mutates or throws. An operation that cannot apply returns the document
 * unchanged with an `error` saying why. `scope` addresses a block definition (editing a
 * definition edits every instance); without it the top-level graph is edited.
 */

import { groupSelection, ungroupInstance } from './blocks';
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  type Graph,
  getGraph,
  type Position,
  type SkipwireDoc,
  withGraph,
} from './document';
import { groupRepeats } from './repeatGroup';

interface Scoped {
  /** Block definition id; omitted for the top-level graph. */
  readonly scope?: string;
}

export type EditOp =
  | (Scoped & { readonly op: 'addNode'; readonly node: DocNode })
  | (Scoped & { readonly op: 'removeNodes'; readonly ids: readonly string[] })
  /** Adds a wire. A wire already on the same input port is replaced. */
  | (Scoped & { readonly op: 'connect'; readonly edge: DocEdge })
  | (Scoped & { readonly op: 'disconnect'; readonly ids: readonly string[] })
  | (Scoped & { readonly op: 'setParam'; readonly node: string; readonly param: string; readonly value: unknown })
  | (Scoped & { readonly op: 'rename'; readonly node: string; readonly name: string })
  /**
   * Freezes (`trainable: false`) or unfreezes layers; a block instance among them sets every layer
   * of its definition (and of the blocks inside it), so all its instances follow.
   */
  | (Scoped & { readonly op: 'setTrainable'; readonly ids: readonly string[]; readonly trainable: boolean })
  | (Scoped & { readonly op: 'move'; readonly moves: readonly { id: string; position: Position }[] })
  /** Puts a new single-input layer on the wire into `target`'s input `port`. */
  | (Scoped & { readonly op: 'insertBefore'; readonly target: string; readonly port: number; readonly node: DocNode })
  /** Turns the selected nodes into a new block definition and one instance of it. */
  | (Scoped & {
      readonly op: 'group';
      readonly nodes: readonly string[];
      readonly blockId: string;
      readonly blockName: string;
      readonly instanceId: string;
    })
  /** Replaces a block instance by a copy of its definition's layers. */
  | (Scoped & { readonly op: 'ungroup'; readonly instance: string })
  /** Groups every repeated module of the model (`findRepeats`) into blocks, sizes as exposed params. */
  | { readonly op: 'groupRepeats' }
  | { readonly op: 'renameBlock'; readonly block: string; readonly name: string }
  | { readonly op: 'removeBlock'; readonly block: string }
  | { readonly op: 'setModelName'; readonly name: string }
  /**
   * Declares (or no longer declares) a top-level node's output as one of the model's outputs on
   * purpose (`metadata.outputs`), so a second head is not reported as an unused output.
   */
  | { readonly op: 'markOutput'; readonly node: string; readonly output: boolean };

export interface EditResult {
  readonly doc: SkipwireDoc;
  readonly error?: string;
}

const fail = (doc: SkipwireDoc, error: string): EditResult => ({ doc, error });

function scopeName(scope: string | undefined): string {
  return scope === undefined ? 'the model' : `block "${scope}"`;
}

/** Applies one edit operation. Pure; never throws. */
export function applyEdit(doc: SkipwireDoc, op: EditOp): EditResult {
  try {
    return applyUnsafe(doc, op);
  } catch (e) {
    return fail(doc, `could not apply ${op.op}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Applies a list of operations in order; stops at the first that fails and returns the original. */
export function applyEdits(doc: SkipwireDoc, ops: readonly EditOp[]): EditResult {
  let current = doc;
  for (const op of ops) {
    const r = applyEdit(current, op);
    if (r.error) return { doc, error: r.error };
    current = r.doc;
  }
  return { doc: current };
}

function applyUnsafe(doc: SkipwireDoc, op: EditOp): EditResult {
  switch (op.op) {
    case 'renameBlock': {
      if (!doc.blocks.some((b) => b.id === op.block)) return fail(doc, `no block "${op.block}"`);
      if (!op.name.trim()) return fail(doc, 'a block name cannot be empty');
      return { doc: { ...doc, blocks: doc.blocks.map((b) => (b.id === op.block ? { ...b, name: op.name } : b)) } };
    }
    case 'removeBlock': {
      if (!doc.blocks.some((b) => b.id === op.block)) return fail(doc, `no block "${op.block}"`);
      const users = [doc, ...doc.blocks]
        .flatMap((g) => g.nodes)
        .filter((n) => n.type === BLOCK_TYPE && n.block === op.block);
      if (users.length)
        return fail(doc, `block "${op.block}" is used by ${users.length} instance(s); delete or ungroup them first`);
      return { doc: { ...doc, blocks: doc.blocks.filter((b) => b.id !== op.block) } };
    }
    case 'groupRepeats': {
      const r = groupRepeats(doc);
      return r.instances ? { doc: r.doc } : fail(doc, 'no repeated blocks to group in this model');
    }
    case 'setModelName':
      return op.name.trim() ? { doc: { ...doc, name: op.name } } : fail(doc, 'the model name cannot be empty');
    case 'markOutput': {
      if (!doc.nodes.some((n) => n.id === op.node)) return fail(doc, `no node "${op.node}" in the model`);
      const rest = declaredOutputs(doc).filter((id) => id !== op.node);
      const outputs = op.output ? [...rest, op.node] : rest;
      return { doc: { ...doc, metadata: { ...doc.metadata, outputs } } };
    }
    default:
      break;
  }
  const graph = getGraph(doc, op.scope);
  if (!graph) return fail(doc, `no block "${op.scope}"`);
  const nodeIds = new Set(graph.nodes.map((n) => n.id));
  switch (op.op) {
    case 'addNode': {
      if (nodeIds.has(op.node.id))
        return fail(doc, `a node with id "${op.node.id}" already exists in ${scopeName(op.scope)}`);
      if (op.node.type === BLOCK_INPUT_TYPE) return fail(doc, 'block inputs are created by grouping, not added');
      if (op.node.type === BLOCK_TYPE && !doc.blocks.some((b) => b.id === op.node.block))
        return fail(doc, `no block "${op.node.block}" to instantiate`);
      if (op.node.type === BLOCK_TYPE && op.scope !== undefined && dependsOn(doc, op.node.block as string, op.scope))
        return fail(doc, 'a block cannot contain itself');
      return { doc: withGraph(doc, op.scope, { nodes: [...graph.nodes, op.node], edges: graph.edges }) };
    }
    case 'removeNodes':
      return removeNodes(doc, op.scope, graph, new Set(op.ids));
    case 'connect': {
      const e = op.edge;
      if (!nodeIds.has(e.source)) return fail(doc, `no node "${e.source}"`);
      if (!nodeIds.has(e.target)) return fail(doc, `no node "${e.target}"`);
      if (e.source === e.target) return fail(doc, 'a layer cannot feed itself');
      if (!Number.isInteger(e.targetPort) || e.targetPort < 0)
        return fail(doc, 'the input port must be a whole number ≥ 0');
      if (graph.edges.some((x) => x.id === e.id)) return fail(doc, `a wire with id "${e.id}" already exists`);
      const edges = graph.edges.filter((x) => !(x.target === e.target && x.targetPort === e.targetPort));
      return { doc: withGraph(doc, op.scope, { nodes: graph.nodes, edges: [...edges, e] }) };
    }
    case 'disconnect': {
      const ids = new Set(op.ids);
      return {
        doc: withGraph(doc, op.scope, { nodes: graph.nodes, edges: graph.edges.filter((e) => !ids.has(e.id)) }),
      };
    }
    case 'setParam':
    case 'rename': {
      const node = graph.nodes.find((n) => n.id === op.node);
      if (!node) return fail(doc, `no node "${op.node}" in ${scopeName(op.scope)}`);
      if (op.op === 'rename' && !op.name.trim()) return fail(doc, 'a layer name cannot be empty');
      const next: DocNode =
        op.op === 'rename' ? { ...node, name: op.name } : { ...node, params: { ...node.params, [op.param]: op.value } };
      return {
        doc: withGraph(doc, op.scope, { nodes: graph.nodes.map((n) => (n === node ? next : n)), edges: graph.edges }),
      };
    }
    case 'move': {
      const moves = new Map(op.moves.map((m) => [m.id, m.position]));
      const nodes = graph.nodes.map((n) => {
        const pos = moves.get(n.id);
        return pos && Number.isFinite(pos.x) && Number.isFinite(pos.y) ? { ...n, position: { x: pos.x, y: pos.y } } : n;
      });
      return { doc: withGraph(doc, op.scope, { nodes, edges: graph.edges }) };
    }
    case 'insertBefore': {
      const wire = graph.edges.find((e) => e.target === op.target && e.targetPort === op.port);
      if (!wire) return fail(doc, `nothing is connected to input ${op.port + 1} of "${op.target}"`);
      if (nodeIds.has(op.node.id)) return fail(doc, `a node with id "${op.node.id}" already exists`);
      const edgeIds = new Set(graph.edges.map((e) => e.id));
      const inId = freshEdgeId(`${wire.id}_a`, edgeIds);
      edgeIds.add(inId);
      const outId = freshEdgeId(`${wire.id}_b`, edgeIds);
      const edges = graph.edges.flatMap((e) =>
        e === wire
          ? [
              { id: inId, source: wire.source, sourcePort: wire.sourcePort ?? 0, target: op.node.id, targetPort: 0 },
              { id: outId, source: op.node.id, sourcePort: 0, target: wire.target, targetPort: wire.targetPort },
            ]
          : [e],
      );
      return { doc: withGraph(doc, op.scope, { nodes: [...graph.nodes, op.node], edges }) };
    }
    case 'setTrainable':
      return setTrainable(doc, op.scope, op.ids, op.trainable);
    case 'group':
      return groupSelection(doc, op.scope, graph, op);
    case 'ungroup':
      return ungroupInstance(doc, op.scope, graph, op.instance);
  }
}

/** The top-level node ids declared as intended model outputs (`metadata.outputs`; junk ignored). */
export function declaredOutputs(doc: SkipwireDoc): string[] {
  const v = doc.metadata.outputs;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function freshEdgeId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}${i}`;
  return id;
}

/** True when block `a` is, or contains an instance of (directly or not), block `b`. */
export function dependsOn(doc: SkipwireDoc, a: string, b: string, seen = new Set<string>()): boolean {
  if (a === b) return true;
  if (seen.has(a)) return false;
  seen.add(a);
  const def = doc.blocks.find((x) => x.id === a);
  if (!def) return false;
  return def.nodes.some((n) => n.type === BLOCK_TYPE && n.block !== undefined && dependsOn(doc, n.block, b, seen));
}

function removeNodes(doc: SkipwireDoc, scope: string | undefined, graph: Graph, ids: Set<string>): EditResult {
  const def: BlockDef | undefined = scope === undefined ? undefined : doc.blocks.find((b) => b.id === scope);
  if (def?.inputs.some((i) => ids.has(i)))
    return fail(doc, "a block's input cannot be deleted; ungroup the block to change its inputs");
  const nodes = graph.nodes.filter((n) => !ids.has(n.id));
  const edges = graph.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target));
  let next = withGraph(doc, scope, { nodes, edges });
  if (def?.outputs.some((o) => ids.has(o))) {
    // Output ports of the block disappear: drop wires from them on every instance and renumber.
    const kept = def.outputs.map((o, i) => [o, i] as const).filter(([o]) => !ids.has(o));
    const remap = new Map(kept.map(([, oldIndex], newIndex) => [oldIndex, newIndex]));
    next = {
      ...next,
      blocks: next.blocks.map((b) => (b.id === def.id ? { ...b, outputs: kept.map(([o]) => o) } : b)),
    };
    next = renumberInstanceOutputs(next, def.id, remap);
  }
  if (def) {
    next = {
      ...next,
      blocks: next.blocks.map((b) =>
        b.id === def.id ? { ...b, exposed: b.exposed.filter((x) => !ids.has(x.node)) } : b,
      ),
    };
  }
  return { doc: next };
}

function renumberInstanceOutputs(doc: SkipwireDoc, blockId: string, remap: Map<number, number>): SkipwireDoc {
  const fix = (g: Graph): Graph => {
    const instances = new Set(g.nodes.filter((n) => n.type === BLOCK_TYPE && n.block === blockId).map((n) => n.id));
    if (!instances.size) return g;
    const edges = g.edges.flatMap((e) => {
      if (!instances.has(e.source)) return [e];
      const port = remap.get(e.sourcePort ?? 0);
      return port === undefined ? [] : [{ ...e, sourcePort: port }];
    });
    return { nodes: g.nodes, edges };
  };
  const top = fix(doc);
  return {
    ...doc,
    nodes: top.nodes,
    edges: top.edges,
    blocks: doc.blocks.map((b) => ({ ...b, ...fix(b) })),
  };
}

/** `trainable: false` on frozen nodes; trainable ones drop the field (its default). */
const withTrainable = (n: DocNode, trainable: boolean): DocNode => {
  if ((n.trainable !== false) === trainable) return n;
  if (!trainable) return { ...n, trainable: false };
  const { trainable: _, ...rest } = n;
  return rest;
};

function setTrainable(
  doc: SkipwireDoc,
  scope: string | undefined,
  ids: readonly string[],
  trainable: boolean,
): EditResult {
  const graph = getGraph(doc, scope) as Graph;
  const wanted = new Set(ids);
  const missing = ids.find((id) => !graph.nodes.some((n) => n.id === id));
  if (missing !== undefined) return fail(doc, `no node "${missing}" in ${scopeName(scope)}`);
  // Definitions reached through the selected instances, blocks inside blocks included.
  const defs = new Set<string>();
  const visit = (nodes: readonly DocNode[]) => {
    for (const n of nodes)
      if (n.type === BLOCK_TYPE && n.block && !defs.has(n.block)) {
        defs.add(n.block);
        visit(doc.blocks.find((b) => b.id === n.block)?.nodes ?? []);
      }
  };
  const picked = graph.nodes.filter((n) => wanted.has(n.id));
  visit(picked);
  const layer = (n: DocNode) => n.type !== BLOCK_TYPE && n.type !== BLOCK_INPUT_TYPE && n.type !== 'input';
  let next = withGraph(doc, scope, {
    nodes: graph.nodes.map((n) => (wanted.has(n.id) && layer(n) ? withTrainable(n, trainable) : n)),
    edges: graph.edges,
  });
  next = {
    ...next,
    blocks: next.blocks.map((b) =>
      defs.has(b.id) ? { ...b, nodes: b.nodes.map((n) => (layer(n) ? withTrainable(n, trainable) : n)) } : b,
    ),
  };
  return { doc: next };
}
