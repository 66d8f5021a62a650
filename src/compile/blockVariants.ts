/**
 * Block definitions that differ only in sizes, merged into one: the Python importer makes one
 * definition per distinct call of a `def` helper (`conv_block(x, 16)`, `conv_block(x, 32)`); when
 * their layers, wiring and other params are the same, the first definition stays, the sizes that
 * differ (`filters`, `units`, `kernelSize`, … as in `SIZE_PARAMS`) become its exposed params, and
 * every instance of the others points at it with its own values. The model is unchanged. Pure.
 */
import { BLOCK_TYPE, type BlockDef, type DocNode, type ExposedParam, type Graph, type SkipwireDoc } from './document';
import { freshId, snake } from './ids';
import { fullParams, SIZE_PARAMS, stable } from './repeats';

/** The node indices of a definition's wires, inputs and outputs, in a comparable form. */
function shape(def: BlockDef): string {
  const at = new Map(def.nodes.map((n, i) => [n.id, i]));
  const wires = def.edges
    .map((e) => `${at.get(e.source)}:${e.sourcePort ?? 0}>${at.get(e.target)}:${e.targetPort}`)
    .sort();
  return stable([wires, def.inputs.map((i) => at.get(i)), def.outputs.map((o) => at.get(o))]);
}

/** Every node's kind, name and params without its sizes (same names: same Keras layer names). */
function kinds(def: BlockDef): string {
  return stable(
    def.nodes.map((n) => {
      const p = fullParams(n);
      for (const k of SIZE_PARAMS) delete p[k];
      return [n.type, n.name, n.block ?? null, n.trainable ?? true, n.shares ?? null, p];
    }),
  );
}

/** Size params that differ between `defs` (same layers), named for the instances. */
function varying(defs: readonly BlockDef[]): ExposedParam[] {
  const first = defs[0] as BlockDef;
  const found: { node: DocNode; param: string }[] = [];
  first.nodes.forEach((node, i) => {
    for (const param of SIZE_PARAMS) {
      const values = new Set(defs.map((d) => stable(fullParams(d.nodes[i] as DocNode)[param])));
      if (values.size > 1) found.push({ node, param });
    }
  });
  const taken = new Set<string>();
  const clash = (param: string) => found.filter((f) => f.param === param).length > 1;
  return found.map(({ node, param }) => {
    const name = freshId(snake(clash(param) ? `${node.name}_${param}` : param), taken);
    taken.add(name);
    return { name, node: node.id, param };
  });
}

/**
 * Merges the definitions among `ids` that differ only in sizes (and have no exposed params yet):
 * the first of each set stays. Returns the document unchanged when nothing merges.
 */
export function mergeSizeVariants(doc: SkipwireDoc, ids: readonly string[]): SkipwireDoc {
  const defs = ids.flatMap((id) => doc.blocks.filter((b) => b.id === id && b.exposed.length === 0));
  const sets = new Map<string, BlockDef[]>();
  for (const d of defs) {
    const key = `${d.nodes.length}|${shape(d)}|${kinds(d)}`;
    sets.set(key, [...(sets.get(key) ?? []), d]);
  }
  /** Old definition id → the kept definition and the positions of its exposed params' nodes. */
  const into = new Map<string, { keep: BlockDef; exposed: ExposedParam[]; from: BlockDef }>();
  const kept = new Map<string, BlockDef>();
  for (const set of sets.values()) {
    if (set.length < 2) continue;
    const keep = set[0] as BlockDef;
    const exposed = varying(set);
    if (!exposed.length) continue;
    kept.set(keep.id, { ...keep, exposed });
    for (const d of set) into.set(d.id, { keep, exposed, from: d });
  }
  if (!into.size) return doc;
  const index = (def: BlockDef, id: string) => def.nodes.findIndex((n) => n.id === id);
  const retarget = (g: Graph): Graph => ({
    edges: g.edges,
    nodes: g.nodes.map((n) => {
      const m = n.type === BLOCK_TYPE && n.block !== undefined ? into.get(n.block) : undefined;
      if (!m) return n;
      const params: Record<string, unknown> = { ...n.params };
      for (const x of m.exposed) {
        const inner = m.from.nodes[index(m.keep, x.node)] as DocNode;
        params[x.name] = fullParams(inner)[x.param];
      }
      return { ...n, block: m.keep.id, params };
    }),
  });
  const top = retarget(doc);
  return {
    ...doc,
    nodes: top.nodes,
    blocks: doc.blocks
      .filter((b) => !into.has(b.id) || kept.has(b.id))
      .map((b) => {
        const def = kept.get(b.id) ?? b;
        return { ...def, nodes: retarget(def).nodes };
      }),
  };
}
