/**
 * The structural check of one graph (the top level or a block definition): node ids, types and
 * names, wires and input arity, cycles and topological order, and the graph's own requirements
 * (an Input layer; a block's inputs and outputs). These facts do not depend on params, so they
 * are memoized per wire list and reused while the nodes keep their structure (see `structureOf`).
 * Params are checked on top of a structure by `withParams` (validate.ts).
 */
import type { AnyLayerDef } from '../nodes';
import { getLayer } from '../nodes';
import type { Diagnostic } from './diagnostics';
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  type Graph,
  type SkipwireDoc,
} from './document';
import { dependsOn } from './ops';
import { orderGraph } from './order';
import type { CheckPlan, GraphCheck } from './validate';
import { wire } from './wiring';

export interface Ports {
  readonly min: number;
  readonly max: number;
  readonly outputs: number;
}

/**
 * The facts of a graph that do not depend on params, by node position: the wiring plan of
 * `CheckPlan` (all of it but the params) and what the check reports from it.
 */
export interface Structure extends Omit<CheckPlan, 'params'> {
  /** The inputs it was made from. */
  readonly nodes: readonly DocNode[];
  readonly blocks: readonly BlockDef[];
  readonly block: BlockDef | undefined;
  /** Ports of the nodes that take part in the graph (first of their id, known type, legal here). */
  readonly portsOf: readonly (Ports | undefined)[];
  /** The catalogue layer of each node that takes part, for its params. */
  readonly layerOf: readonly (AnyLayerDef | undefined)[];
  /**
   * Per-node diagnostics that params cannot change, by node position, in node order: the reason
   * a node takes no part, or (after its params' diagnostics) a name clash.
   */
  readonly nodeDiagnostics: readonly { readonly at: number; readonly d: Diagnostic }[];
  /** Diagnostics of wires, arity, cycles and the graph as a whole, in order. */
  readonly later: readonly Diagnostic[];
  /** Usable wires into each node, in port order. */
  readonly wiresInto: readonly (readonly DocEdge[] | undefined)[];
  /** Node positions in topological order. */
  readonly order: Int32Array;
  /** Pairs (position, position of the first node with the same id), for each repeated id. */
  readonly repeatedIds: readonly number[];
  /** The check made last from this structure. */
  last?: { readonly nodes: readonly DocNode[]; readonly check: GraphCheck };
}

const structures = new WeakMap<readonly DocEdge[], Structure>();

/**
 * The structure of `graph`: the one memoized for its wire list while the document's blocks, the
 * block and the nodes' structure are unchanged, else a new one (memoized in its place).
 */
export function structureOf(doc: SkipwireDoc, graph: Graph, block: BlockDef | undefined): Structure {
  let s = structures.get(graph.edges);
  if (
    !s ||
    s.blocks !== doc.blocks ||
    s.block !== block ||
    (s.last?.nodes !== graph.nodes && !sameStructure(s, graph.nodes))
  ) {
    s = structure(doc, graph, block);
    structures.set(graph.edges, s);
  }
  return s;
}

/**
 * Whether `nodes` has the structure `s` was made from: what `structure` reads from each node
 * (params and positions may differ), and, where an id repeats, whether the same object repeats.
 */
function sameStructure(s: Structure, nodes: readonly DocNode[]): boolean {
  const a = s.nodes;
  if (a === nodes) return true;
  if (a.length !== nodes.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as DocNode;
    const y = nodes[i] as DocNode;
    if (x !== y && (x.id !== y.id || x.type !== y.type || x.name !== y.name || x.block !== y.block)) return false;
  }
  for (let d = 0; d < s.repeatedIds.length; d += 2) {
    const i = s.repeatedIds[d] as number;
    const f = s.repeatedIds[d + 1] as number;
    if ((a[i] === a[f]) !== (nodes[i] === nodes[f])) return false;
  }
  return true;
}

const BLOCK_INPUT_PORTS: Ports = { min: 0, max: 0, outputs: 1 };

/** How many inputs a node takes and how many outputs it has. */
function ports(doc: SkipwireDoc, node: DocNode, layer: AnyLayerDef | undefined): Ports | undefined {
  if (node.type === BLOCK_INPUT_TYPE) return BLOCK_INPUT_PORTS;
  if (node.type === BLOCK_TYPE) {
    const def = doc.blocks.find((b) => b.id === node.block);
    return def ? { min: def.inputs.length, max: def.inputs.length, outputs: def.outputs.length } : undefined;
  }
  return layer ? { min: layer.inputs.min, max: layer.inputs.max, outputs: layer.maxOutputs ?? 1 } : undefined;
}

/** How a node is named in messages: `Dense "dense_1"`. */
export const label = (n: DocNode, def?: AnyLayerDef) => `${def?.kerasClass ?? 'Layer'} "${n.name}"`;

/** What a step reports: a diagnostic without its graph, an error unless it says otherwise. */
type Reported = Omit<Diagnostic, 'blockId' | 'severity'> & { severity?: Diagnostic['severity'] };
export type Report = (d: Reported) => void;

/** The diagnostic of `d` in the graph `blockId` (the top level when undefined). */
function diagnostic(blockId: string | undefined, d: Reported): Diagnostic {
  return { severity: 'error', ...d, ...(blockId !== undefined ? { blockId } : {}) };
}

/** Checks the structure of one graph, step by step; see `Structure`. */
function structure(doc: SkipwireDoc, graph: Graph, block: BlockDef | undefined): Structure {
  const nodes = graph.nodes;
  const count = nodes.length;
  const blockId = block?.id;
  const later: Diagnostic[] = [];
  const report: Report = (d) => later.push(diagnostic(blockId, d));

  const facts = nodeFacts(doc, nodes, block);
  const wiring = wire(nodes, graph.edges, facts, report);
  checkArity(nodes, facts, wiring.wiresInto, report);
  const sorted = orderGraph(nodes, facts, wiring, report);
  if (block) checkBlockEnds(block, nodes, facts.index, report);
  else checkModel(nodes, facts.firstOf, wiring.usableSource, report);

  const { index, firstOf } = facts;
  const last = sorted.last;
  const position = new Int32Array(count);
  for (let i = 0; i < count; i++) position[i] = last[firstOf[i] as number] as number;
  const outputs = new Int32Array(block?.outputs.length ?? 0);
  if (block)
    block.outputs.forEach((o, j) => {
      const at = index.get(o);
      outputs[j] = at === undefined ? -1 : (last[at] as number);
    });

  return {
    nodes,
    blocks: doc.blocks,
    block,
    portsOf: facts.portsOf,
    layerOf: facts.layerOf,
    nodeDiagnostics: facts.nodeDiagnostics,
    later,
    wiresInto: wiring.wiresInto,
    order: Int32Array.from(sorted.queue),
    inputStart: Int32Array.from(sorted.inputStart),
    inputSource: Int32Array.from(sorted.inputSource),
    inputPort: Int32Array.from(sorted.inputPort),
    position,
    outputs,
    pathsMayRepeat: facts.pathsMayRepeat || sorted.pathsMayRepeat,
    repeatedIds: facts.repeatedIds,
    last: undefined, // set by `checkGraph`; declared here so that every structure has one shape
  };
}

/** What the first step finds out about each node, by position. */
export interface NodeFacts {
  /** Position of the first node of each id. */
  readonly index: Map<string, number>;
  /** For each node, the position of the first node with its id. */
  readonly firstOf: Int32Array;
  readonly portsOf: (Ports | undefined)[];
  readonly layerOf: (AnyLayerDef | undefined)[];
  readonly nodeDiagnostics: { at: number; d: Diagnostic }[];
  /** True when an id contains `/`. */
  readonly pathsMayRepeat: boolean;
  readonly repeatedIds: number[];
}

/** Ids, types and names: which nodes take part in the graph, and the ports and layer of each. */
function nodeFacts(doc: SkipwireDoc, nodes: readonly DocNode[], block: BlockDef | undefined): NodeFacts {
  const blockId = block?.id;
  const count = nodes.length;
  const index = new Map<string, number>();
  const firstOf = new Int32Array(count);
  const portsOf: (Ports | undefined)[] = new Array(count).fill(undefined);
  const layerOf: (AnyLayerDef | undefined)[] = new Array(count).fill(undefined);
  const nodeDiagnostics: { at: number; d: Diagnostic }[] = [];
  const names = new Set<string>();
  let pathsMayRepeat = false;
  const repeatedIds: number[] = [];
  const report = (at: number, message: string) =>
    nodeDiagnostics.push({ at, d: diagnostic(blockId, { nodeId: (nodes[at] as DocNode).id, message }) });
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as DocNode;
    const first = index.get(n.id);
    if (first !== undefined) {
      firstOf[i] = first;
      repeatedIds.push(i, first);
      report(i, `Two nodes share the id "${n.id}"; ids must be unique.`);
      continue;
    }
    index.set(n.id, i);
    firstOf[i] = i;
    if (n.id.includes('/')) pathsMayRepeat = true;
    const layer = getLayer(n.type);
    const pr = ports(doc, n, layer);
    if (!pr) {
      report(
        i,
        n.type === BLOCK_TYPE
          ? `Block instance "${n.name}" refers to a block definition "${n.block}" that does not exist.`
          : `"${n.name}" has an unknown layer type "${n.type}".`,
      );
    } else if (n.type === BLOCK_INPUT_TYPE && !block?.inputs.includes(n.id)) {
      report(i, `"${n.name}" is a block input outside a block's input list.`);
    } else if (n.type === BLOCK_TYPE && blockId !== undefined && dependsOn(doc, n.block as string, blockId)) {
      report(i, `Block "${blockId}" contains an instance of itself ("${n.name}"); blocks cannot be recursive.`);
    } else if (n.type === 'input' && block) {
      report(i, `A block cannot contain an Input layer ("${n.name}"); its inputs come from the wires into the block.`);
    } else {
      portsOf[i] = pr;
      layerOf[i] = layer;
      // Params and exposed values are checked by `withParams`, before these.
      if (!n.name.trim()) report(i, `A ${layer?.kerasClass ?? 'node'} has an empty name; every layer needs a name.`);
      else if (names.has(n.name))
        report(i, `Two layers are named "${n.name}"; Keras needs unique layer names. Rename one of them.`);
      else names.add(n.name);
    }
  }
  return { index, firstOf, portsOf, layerOf, nodeDiagnostics, pathsMayRepeat, repeatedIds };
}

/** Arity: sorts each node's wires into port order and reports inputs left unconnected. */
function checkArity(
  nodes: readonly DocNode[],
  facts: NodeFacts,
  wiresInto: readonly (DocEdge[] | undefined)[],
  report: Report,
): void {
  const { portsOf, layerOf } = facts;
  for (let i = 0; i < nodes.length; i++) {
    const pr = portsOf[i];
    if (!pr) continue;
    const n = nodes[i] as DocNode;
    const into = wiresInto[i];
    if (into && into.length > 1 && !ascending(into)) into.sort((a, b) => a.targetPort - b.targetPort);
    const connected = into?.length ?? 0;
    if (n.type === BLOCK_TYPE) {
      for (let p = 0; p < pr.min; p++)
        if (!into?.some((w) => w.targetPort === p))
          report({ nodeId: n.id, message: `Input ${p + 1} of block "${n.name}" is not connected.` });
    } else if (pr.max === 1 && connected === 0) {
      report({ nodeId: n.id, message: `${label(n, layerOf[i])} has no input; connect a wire into it.` });
    } else if (connected < pr.min) {
      report({
        nodeId: n.id,
        message: `${label(n, layerOf[i])} merges ${pr.min} or more inputs, but ${connected === 0 ? 'none is' : `only ${connected} is`} connected.`,
      });
    }
  }
}

/** The top level as a model: not empty, with an Input layer, each Input feeding a layer. */
function checkModel(
  nodes: readonly DocNode[],
  firstOf: Int32Array,
  usableSource: readonly number[],
  report: Report,
): void {
  const count = nodes.length;
  if (count === 0) report({ nodeId: '', message: 'The model is empty: add an Input layer and connect layers to it.' });
  else if (!nodes.some((n) => n.type === 'input'))
    report({ nodeId: '', message: 'The model has no Input layer: add one and connect it to the first layer.' });
  if (count > 1) {
    const consumed = new Uint8Array(count);
    for (const s of usableSource) consumed[s] = 1;
    for (let i = 0; i < count; i++) {
      const n = nodes[i] as DocNode;
      if (n.type === 'input' && !consumed[firstOf[i] as number])
        report({ nodeId: n.id, message: `Input "${n.name}" feeds no layer; connect it or delete it.` });
    }
  }
}

/** A block definition's ends: its outputs exist, its inputs are its input nodes, it has an output. */
function checkBlockEnds(
  block: BlockDef,
  nodes: readonly DocNode[],
  index: ReadonlyMap<string, number>,
  report: Report,
): void {
  for (const [i, o] of block.outputs.entries())
    if (!index.has(o))
      report({
        nodeId: '',
        message: `Output ${i + 1} of block "${block.name}" refers to a node "${o}" that does not exist.`,
      });
  for (const i of block.inputs) {
    const at = index.get(i);
    if (at === undefined || nodes[at]?.type !== BLOCK_INPUT_TYPE)
      report({
        nodeId: '',
        message: `Block "${block.name}" lists an input "${i}" that is not one of its input nodes.`,
      });
  }
  if (block.outputs.length === 0) report({ nodeId: '', message: `Block "${block.name}" has no output.` });
}

function ascending(wires: readonly DocEdge[]): boolean {
  for (let i = 1; i < wires.length; i++)
    if ((wires[i] as DocEdge).targetPort < (wires[i - 1] as DocEdge).targetPort) return false;
  return true;
}
