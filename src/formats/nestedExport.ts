/**
 * Nested models written back as nested models. A block that came from a model nested in an
 * imported file (`BlockDef.nested`: a Sequential, Functional or Model used as a layer) is compiled
 * flat like any block (its layers named `<instance>_<layer>`); this module turns the flat topology
 * tfjs writes for it back into the file's shape: one layer entry per nested model, of its class,
 * with its own config (its layers under their own names, `input_layers` and `output_layers`, or a
 * Sequential's plain layer list), called once per instance (a shared instance is another call of
 * the same nested layer, numbered from 1 as Keras and tfjs number a model's calls). Weights keep
 * tfjs' names: a layer inside a nested model names its weights by its own name (`Conv1/kernel`).
 * Blocks drawn by the user (no `nested`) stay flat.
 */
import {
  type Analysis,
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocNode,
  type Graph,
  layerName,
  type SkipwireDoc,
  topologicalOrder,
} from '../compile';
import { isRecord } from './values';

/** Whose conventions to follow where tfjs and Keras 2 write a nested model differently. */
export type Style = 'tfjs' | 'keras';
type Ref = [string, number, number, Record<string, never>];
type Entry = { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: Ref[][] };

/** The nested topology and how each flat weight name is called in it. */
export interface Nested {
  readonly topology: Record<string, unknown>;
  /** Flat weight name (`sequential_89_model23_Conv1/kernel`) → nested one (`Conv1/kernel`). */
  readonly weightNames: ReadonlyMap<string, string>;
  /** Flat layer name → the top-level layer holding it (a nested model's name, or its own). */
  readonly groups: ReadonlyMap<string, string>;
  /** Flat layer name → its name inside its nested model (layers of the top level are left out). */
  readonly layers: ReadonlyMap<string, string>;
}

/** One model's layer list being written: the top level or a nested model's. */
class Level {
  /** The top-level layer this level lies in (a `.h5` keeps a nested model's weights in its group). */
  constructor(readonly group?: string) {}
  readonly entries: Entry[] = [];
  /** Owner path (a shared node calls its owner's layer) → the entry of this level. */
  readonly byOwner = new Map<string, Entry>();
}

/** True when the document holds a block from a nested model (its exports nest it again). */
export function hasNestedBlocks(doc: SkipwireDoc): boolean {
  return doc.blocks.some((b) => b.nested !== undefined);
}

const inOrder = (g: Graph): DocNode[] => {
  const index = new Map(g.nodes.map((n, i) => [n.id, i]));
  const sources: number[] = [];
  const targets: number[] = [];
  for (const e of g.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    sources.push(s);
    targets.push(t);
  }
  return topologicalOrder(g.nodes.length, sources, targets).order.map((i) => g.nodes[i] as DocNode);
};

class Nester {
  private readonly flatByName: ReadonlyMap<string, Record<string, unknown>>;
  private readonly byPath: ReadonlyMap<string, Analysis['layers'][number]>;
  /** Flat layer name → its name in its nested model. */
  readonly layerNames = new Map<string, string>();
  readonly groups = new Map<string, string>();
  /** Nested model names used so far (a second, unshared instance of one block takes its own name). */
  private readonly usedModelNames = new Set<string>();

  constructor(
    private readonly doc: SkipwireDoc,
    private readonly analysis: Analysis,
    flatLayers: readonly unknown[],
    private readonly style: Style,
  ) {
    this.flatByName = new Map(
      flatLayers.filter(isRecord).map((l) => [String(l.name ?? (isRecord(l.config) ? l.config.name : '')), l]),
    );
    this.byPath = new Map(analysis.layers.map((l) => [l.path, l]));
  }

  private def(node: DocNode): BlockDef | undefined {
    return node.type === BLOCK_TYPE ? this.doc.blocks.find((b) => b.id === node.block) : undefined;
  }

  /** The owner path of a node at `prefix` (a shared node calls its owner's layer, recursively). */
  private owner(graph: Graph, prefix: string, node: DocNode): string {
    let n = node;
    for (let i = 0; n.shares !== undefined && i < graph.nodes.length; i++) {
      const next = graph.nodes.find((x) => x.id === n.shares);
      if (!next) break;
      n = next;
    }
    return `${prefix}${n.id}`;
  }

  /**
   * Writes `graph`'s nodes into `level`; `inputs` are the refs of a definition's inputs, `names`
   * the prefix of the level's layer names (an inlined user block's `<instance>_`, at the top level
   * the compiled names themselves). Returns the ref of each node's output port.
   */
  walk(
    graph: Graph,
    prefix: string,
    level: Level,
    names: { prefix: string; top: boolean; map?: Readonly<Record<string, string>> },
    inputs: readonly Ref[],
    def?: BlockDef,
  ): (id: string, port: number) => Ref {
    const refs = new Map<string, (port: number) => Ref>();
    const refOf = (id: string, port: number): Ref => {
      const r = refs.get(id);
      if (!r) throw new Error(`nested export: no output for "${id}" yet`);
      return r(port);
    };
    const inputsOf = (node: DocNode) =>
      graph.edges
        .filter((e) => e.target === node.id)
        .sort((a, b) => a.targetPort - b.targetPort)
        .map((e) => refOf(e.source, e.sourcePort ?? 0));
    const relName = (node: DocNode, path: string) => {
      if (names.top) return this.byPath.get(path)?.name ?? layerName(node.name);
      const mapped = names.map?.[node.id];
      return mapped !== undefined ? layerName(mapped) : `${names.prefix}${layerName(node.name)}`;
    };
    for (const node of inOrder(graph)) {
      const path = `${prefix}${node.id}`;
      if (node.type === BLOCK_INPUT_TYPE) {
        const r = inputs[def?.inputs.indexOf(node.id) ?? -1];
        if (!r) throw new Error(`nested export: block input "${node.id}" is not wired`);
        refs.set(node.id, () => r);
        continue;
      }
      const from = inputsOf(node);
      const block = this.def(node);
      if (block && !block.nested) {
        const inner = this.walk(
          block,
          `${path}/`,
          level,
          { prefix: `${relName(node, path)}_`, top: names.top, ...(node.names ? { map: node.names } : {}) },
          from,
          block,
        );
        refs.set(node.id, (port) => inner(block.outputs[port] ?? '', 0));
        continue;
      }
      const owner = this.owner(graph, prefix, node);
      let entry = level.byOwner.get(owner);
      if (!entry) {
        entry = block
          ? this.nestedEntry(block, owner, node, level.group)
          : this.leafEntry(owner, relName(node, owner), names.top, level.group);
        level.byOwner.set(owner, entry);
        level.entries.push(entry);
      }
      if (from.length) entry.inbound_nodes.push(from);
      // A model's calls are numbered from 1: its own input call is node 0.
      const call = Math.max(0, entry.inbound_nodes.length - (block ? 0 : 1));
      const name = entry.name;
      refs.set(node.id, (port) => [name, call, port, {}]);
    }
    return refOf;
  }

  private leafEntry(owner: string, name: string, top: boolean, group: string | undefined): Entry {
    const flatName = this.byPath.get(owner)?.name;
    const flat = flatName === undefined ? undefined : this.flatByName.get(flatName);
    if (!flat || flatName === undefined) throw new Error(`nested export: no compiled layer for "${owner}"`);
    if (!top) this.layerNames.set(flatName, name);
    this.groups.set(flatName, group ?? flatName);
    const config = isRecord(flat.config) ? { ...flat.config, name } : { name };
    // Other keys (an opaque layer's `skipwire_output_shape`) are kept.
    return { ...flat, name, class_name: String(flat.class_name), config, inbound_nodes: [] };
  }

  /** A nested model's layer entry: its own layers, walked at `path` with its inputs as InputLayers. */
  private nestedEntry(def: BlockDef, path: string, node: DocNode, group: string | undefined): Entry {
    const origin = def.nested as NonNullable<BlockDef['nested']>;
    const name = this.usedModelNames.has(origin.name) ? layerName(node.name) : origin.name;
    this.usedModelNames.add(name);
    const level = new Level(group ?? name);
    const shapes = this.analysis.blocks.get(def.id);
    const inputLayers = def.inputs.map((id, k): Ref => {
      const n = def.nodes.find((x) => x.id === id);
      const inName = layerName(n?.name ?? `input_${k + 1}`);
      const shape = shapes?.get(id)?.outputShapes[0];
      if (!shape) throw new Error(`nested export: the shape of input "${inName}" of "${name}" is unknown`);
      level.entries.push({
        name: inName,
        class_name: 'InputLayer',
        config: { batch_input_shape: [null, ...shape], dtype: 'float32', sparse: false, name: inName },
        inbound_nodes: [],
      });
      return [inName, 0, 0, {}];
    });
    const out = this.walk(def, `${path}/`, level, { prefix: '', top: false }, inputLayers, def);
    const outputs = def.outputs.map((id) => out(id, 0));
    const sequential = origin.className === 'Sequential' && isChain(level.entries, inputLayers.length);
    const config: Record<string, unknown> = sequential
      ? { name, layers: sequentialLayers(level.entries, this.style) }
      : {
          name,
          layers: level.entries,
          input_layers: inputLayers.map((r) => r.slice(0, 3)),
          output_layers: outputs.map((r) => r.slice(0, 3)),
        };
    const className = origin.className === 'Sequential' && !sequential ? 'Functional' : origin.className;
    return { name, class_name: className, config, inbound_nodes: [] };
  }
}

/** One input, then layers each called once on the one before: a Sequential can say it. */
function isChain(entries: readonly Entry[], inputs: number): boolean {
  if (inputs !== 1) return false;
  return entries.every((e, i) => {
    if (i === 0) return e.class_name === 'InputLayer';
    const calls = e.inbound_nodes;
    return calls.length === 1 && calls[0]?.length === 1 && calls[0][0]?.[0] === entries[i - 1]?.name;
  });
}

/** A Sequential's layer list as Keras 2 and tfjs write it: no inbound nodes, the input shape on the first layer. */
function sequentialLayers(entries: readonly Entry[], style: Style): Record<string, unknown>[] {
  const input = entries[0]?.config.batch_input_shape;
  // Keras 2 (2.4 on) lists the Sequential's InputLayer first; tfjs does not. A nested model first has its own.
  const first = entries[1];
  const own =
    style === 'keras' && first && !Array.isArray(first.config.layers)
      ? [{ class_name: 'InputLayer', config: { ...entries[0]?.config, ragged: false } }]
      : [];
  return [
    ...own,
    ...entries.slice(1).map(({ name: _, inbound_nodes: __, ...e }, i) => ({
      ...e,
      // A nested model first in the list has its own input.
      config: i === 0 && !Array.isArray(e.config.layers) ? { ...e.config, batch_input_shape: input } : e.config,
    })),
  ];
}

/**
 * The flat tfjs topology (`model.toJSON()`, top-level `config.layers`) of `doc` compiled with
 * `analysis`, nested again where its blocks came from nested models; undefined when none did, or
 * when nesting would give two weights one name (tfjs finds weights by name; the export stays flat).
 */
export function nestTopology(
  doc: SkipwireDoc,
  analysis: Analysis,
  flat: Record<string, unknown>,
  flatWeightNames: readonly string[],
  style: Style,
): Nested | undefined {
  if (!hasNestedBlocks(doc) || !isRecord(flat.config) || !Array.isArray(flat.config.layers)) return undefined;
  const nester = new Nester(doc, analysis, flat.config.layers, style);
  const top = new Level();
  const outputOf = nester.walk(doc, '', top, { prefix: '', top: true }, []);
  if (
    !top.entries.some((e) => e.class_name === 'Sequential' || e.class_name === 'Functional' || e.class_name === 'Model')
  )
    return undefined;
  const renamed = flatWeightNames.map((w) => renameWeight(w, nester.layerNames));
  if (new Set(renamed).size !== renamed.length) return undefined;
  const weightNames = new Map(flatWeightNames.map((w, i) => [w, renamed[i] as string]));
  // Inputs and outputs keep the flat model's order; an output inside a nested model is the model's call.
  const topRef = (r: unknown): unknown => {
    if (!Array.isArray(r)) return r;
    const name = String(r[0]);
    if (top.entries.some((e) => e.name === name)) return r;
    // A layer inside a nested model: that model's call at the top level, at the port it comes out of.
    const [id = '', inner = ''] = (analysis.layers.find((l) => l.name === name)?.path ?? '').split('/');
    const def = doc.blocks.find((b) => b.id === doc.nodes.find((n) => n.id === id)?.block);
    if (!def) return r;
    return outputOf(id, Math.max(0, def.outputs.indexOf(inner))).slice(0, 3);
  };
  const config = flat.config;
  const outputs = Array.isArray(config.output_layers) ? config.output_layers.map(topRef) : config.output_layers;
  return {
    topology: { ...flat, config: { ...config, layers: top.entries, output_layers: outputs } },
    weightNames,
    groups: nester.groups,
    layers: nester.layerNames,
  };
}

/** `<flat layer>/kernel` → `<nested layer>/kernel` (the longest flat layer name that prefixes it). */
function renameWeight(w: string, layers: ReadonlyMap<string, string>): string {
  const slash = w.indexOf('/');
  const layer = slash < 0 ? w : w.slice(0, slash);
  const to = layers.get(layer);
  return to === undefined ? w : `${to}${w.slice(layer.length)}`;
}

/**
 * `topology` (flat or nested) written as a Sequential when the document came from one
 * (`metadata.kerasClass`) and is still one input and a chain of single calls; else unchanged.
 */
export function asSequential(
  topology: Record<string, unknown>,
  doc: SkipwireDoc,
  style: Style,
): Record<string, unknown> {
  const config = topology.config;
  if (doc.metadata.kerasClass !== 'Sequential' || !isRecord(config) || !Array.isArray(config.layers)) return topology;
  const entries = config.layers as Entry[];
  if (!isChain(entries, Array.isArray(config.input_layers) ? config.input_layers.length : 0)) return topology;
  // In model.json the InputLayer is listed where the file listed it (the converter does, tfjs' own
  // save does not), and where its name is not tfjs' `<first layer>_input`; tfjs reads both.
  const listed = doc.metadata.kerasInputListed === true || entries[0]?.name !== `${entries[1]?.name}_input`;
  const named = style === 'tfjs' && listed ? 'keras' : style;
  return {
    ...topology,
    class_name: 'Sequential',
    config: { name: config.name, layers: sequentialLayers(entries, named) },
  };
}
