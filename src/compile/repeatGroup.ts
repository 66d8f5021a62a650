/**
 * Grouping the repeats `findRepeats` found: one block definition per group (made from its first
 * instance), one instance per repeat, the sizes that differ as exposed params. The model stays the
 * same: the same layers, wires and params once the instances are expanded, and the same Keras
 * layer names (`block_2_expand` is inner layer `expand` of instance `block_2`; names without such
 * a prefix, `conv2d_5`, are kept in each instance's name map, `DocNode.names`). Pure.
 */
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  type ExposedParam,
  type Graph,
  getGraph,
  type SkipwireDoc,
  withGraph,
} from './document';
import { freshId, numbered, snake } from './ids';
import { findRepeats, type RepeatGroup } from './repeats';

/** Per graph (`undefined`: the top level; else a definition's id): grouped node id → [instance, inner id]. */
export type MovedNodes = ReadonlyMap<string | undefined, ReadonlyMap<string, readonly [string, string]>>;

export interface GroupedRepeats {
  readonly doc: SkipwireDoc;
  readonly moved: MovedNodes;
  /** Block instances made. */
  readonly instances: number;
  /** Block definitions made. */
  readonly definitions: number;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Groups `groups` (by default every repeat of the document) into blocks. */
export function groupRepeats(doc: SkipwireDoc, groups: readonly RepeatGroup[] = findRepeats(doc)): GroupedRepeats {
  const moved = new Map<string | undefined, Map<string, readonly [string, string]>>();
  const scopes = [...new Set(groups.map((g) => g.scope))];
  let next = doc;
  const blockIds = new Set(doc.blocks.map((b) => b.id));
  const blockNames = new Set(doc.blocks.map((b) => b.name));
  let instances = 0;
  let definitions = 0;
  for (const scope of scopes) {
    const graph = getGraph(next, scope);
    if (!graph) continue;
    const def = scope === undefined ? undefined : next.blocks.find((b) => b.id === scope);
    const pinned = new Set(def?.exposed.map((x) => x.node));
    const mine = groups.filter((g) => g.scope === scope && !g.instances.flat().some((id) => pinned.has(id)));
    if (!mine.length) continue;
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    // The grouped nodes leave the graph: their names and ids are free for the instances (`mixed0`).
    const grouped = new Set(mine.flatMap((g) => g.instances.flat()));
    const staying = graph.nodes.filter((n) => !grouped.has(n.id));
    const taken = new Set(staying.map((n) => n.id));
    const namesTaken = new Set(staying.map((n) => n.name));
    // Names kept through a map stay Keras layer names: no instance may take one.
    for (const g of mine) for (const n of g.names.maps?.flat() ?? []) namesTaken.add(n);
    const owner = new Map<string, { instance: string; exit: boolean }>();
    const instanceAt = new Map<string, DocNode>();
    const newDefs: BlockDef[] = [];
    const scopeMoved = new Map<string, readonly [string, string]>();
    for (const g of mine) {
      let defName = capital(g.kind);
      for (let i = 2; blockNames.has(defName); i++) defName = `${capital(g.kind)} ${i}`;
      blockNames.add(defName);
      const defId = freshId(snake(defName), blockIds);
      blockIds.add(defId);
      const { instances: instanceNames, inner } = g.names;
      const first = g.instances[0] as readonly string[];
      const innerIds: string[] = [];
      const innerTaken = new Set<string>(['in_1']);
      for (const name of inner) {
        const id = freshId(name.replace(/\//g, '_') || 'layer', innerTaken);
        innerTaken.add(id);
        innerIds.push(id);
      }
      const firstNodes = first.map((id) => byId.get(id) as DocNode);
      const minX = Math.min(...firstNodes.map((n) => n.position.x));
      const minY = Math.min(...firstNodes.map((n) => n.position.y));
      const exposedNames = new Set<string>();
      const exposed: ExposedParam[] = g.varying.map(({ index, param }) => {
        const name = freshId(snake(`${inner[index]}_${param}`), exposedNames);
        exposedNames.add(name);
        return { name, node: innerIds[index] as string, param };
      });
      const innerOf = new Map(first.map((id, i) => [id, innerIds[i] as string]));
      const edges: DocEdge[] = [];
      const firstEntry = g.entries[0] as string;
      for (const e of graph.edges) {
        const target = innerOf.get(e.target);
        if (target === undefined) continue;
        const source = e.source === firstEntry && !innerOf.has(e.source) ? 'in_1' : innerOf.get(e.source);
        if (source === undefined) continue;
        edges.push({ id: `e_${target}_${e.targetPort}`, source, sourcePort: 0, target, targetPort: e.targetPort });
      }
      newDefs.push({
        id: defId,
        name: defName,
        nodes: [
          { id: 'in_1', type: BLOCK_INPUT_TYPE, name: 'x', params: {}, position: { x: 0, y: -120 } },
          ...firstNodes.map((n, i) => ({
            ...n,
            id: innerIds[i] as string,
            name: inner[i] as string,
            position: { x: n.position.x - minX, y: n.position.y - minY },
          })),
        ],
        edges,
        inputs: ['in_1'],
        outputs: [innerIds[innerIds.length - 1] as string],
        exposed,
      });
      definitions++;
      g.instances.forEach((ids, k) => {
        const nodes = ids.map((id) => byId.get(id) as DocNode);
        const base = instanceNames[k];
        const name = base !== undefined && !namesTaken.has(base) ? base : numbered(snake(defName), namesTaken);
        namesTaken.add(name);
        const id = freshId(name, taken);
        taken.add(id);
        const params: Record<string, unknown> = {};
        for (const x of g.varying) {
          const n = nodes[x.index] as DocNode;
          const exposedName = exposed[g.varying.indexOf(x)]?.name as string;
          params[exposedName] = Object.hasOwn(n.params, x.param)
            ? n.params[x.param]
            : firstNodes[x.index]?.params[x.param];
        }
        const xs = nodes.map((n) => n.position.x);
        const ys = nodes.map((n) => n.position.y);
        const map = g.names.maps?.[k];
        instanceAt.set(ids[0] as string, {
          id,
          type: BLOCK_TYPE,
          name,
          block: defId,
          params,
          ...(map ? { names: Object.fromEntries(innerIds.map((inner, i) => [inner, map[i] as string])) } : {}),
          position: { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 },
        });
        ids.forEach((old, i) => {
          owner.set(old, { instance: id, exit: i === ids.length - 1 });
          scopeMoved.set(old, [id, innerIds[i] as string]);
        });
        instances++;
      });
    }
    const nodes = graph.nodes.flatMap((n) => {
      const inst = instanceAt.get(n.id);
      return inst ? [inst] : owner.has(n.id) ? [] : [n];
    });
    const edges: DocEdge[] = [];
    const fed = new Set<string>();
    for (const e of graph.edges) {
      const s = owner.get(e.source);
      const t = owner.get(e.target);
      if (s && t && s.instance === t.instance) continue;
      if (s && !s.exit) return { doc, moved: new Map(), instances: 0, definitions: 0 };
      if (t) {
        if (fed.has(t.instance)) continue;
        fed.add(t.instance);
      }
      edges.push({
        ...e,
        ...(s ? { source: s.instance, sourcePort: 0 } : {}),
        ...(t ? { target: t.instance, targetPort: 0 } : {}),
      });
    }
    const exitOf = (id: string) => {
      const o = owner.get(id);
      return o?.exit ? o.instance : id;
    };
    next = withGraph({ ...next, blocks: [...next.blocks, ...newDefs] }, scope, { nodes, edges });
    if (scope === undefined) {
      const outputs = next.metadata.outputs;
      if (Array.isArray(outputs))
        next = {
          ...next,
          metadata: { ...next.metadata, outputs: outputs.map((o) => (typeof o === 'string' ? exitOf(o) : o)) },
        };
    } else
      next = {
        ...next,
        blocks: next.blocks.map((b) => (b.id === scope ? { ...b, outputs: b.outputs.map(exitOf) } : b)),
      };
    moved.set(scope, scopeMoved);
  }
  return { doc: next, moved, instances, definitions };
}

/**
 * Where a layer path of the document before grouping (`seq/model/block_2_expand`) lies after it
 * (`seq/model/block_2/expand`); paths of layers that were not grouped come back unchanged.
 */
export function movedPath(before: SkipwireDoc, moved: MovedNodes, path: string): string {
  const parts = path.split('/');
  let graph: Graph | undefined = before;
  let scope: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const id = parts[i] as string;
    if (i === parts.length - 1) {
      const m = moved.get(scope)?.get(id);
      return m ? [...parts.slice(0, i), ...m].join('/') : path;
    }
    const node: DocNode | undefined = graph?.nodes.find((n) => n.id === id);
    if (node?.type !== BLOCK_TYPE || node.block === undefined) return path;
    scope = node.block;
    graph = before.blocks.find((b) => b.id === scope);
  }
  return path;
}
