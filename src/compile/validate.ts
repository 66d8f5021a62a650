/**
 * Structural validation of one graph (the top level or a block definition): node types, params,
 * wires, input arity, cycles, names. Pure; never throws. Returns the diagnostics, the wires that
 * are usable, and a topological order of the nodes outside cycles. Documents are immutable, so
 * the structure is memoized per wire list and params per node object (see `checkGraph`).
 */
import type { AnyLayerDef, ParamValues, Schema } from '../nodes';
import { getLayer, resolveParams } from '../nodes';
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

export interface GraphCheck {
  readonly diagnostics: Diagnostic[];
  /** Usable wires into each node, by connected input in port order. */
  readonly inputsOf: ReadonlyMap<string, readonly DocEdge[]>;
  /** Nodes outside cycles and with a known type, in topological order. */
  readonly order: readonly DocNode[];
  /** Resolved params of catalogue layers whose params are valid. */
  readonly params: ReadonlyMap<string, ParamValues<Schema>>;
  readonly hasErrors: boolean;
  /** The same facts by position, for the analysis's inner loop (no lookups by id). */
  readonly plan: CheckPlan;
}

/**
 * The wiring of `order` by position. The wires into `order[k]` are `inputStart[k]` up to
 * `inputStart[k + 1]`, in port order; each names the position of its source in `order` (before
 * `k`; -1 in the one case where the source comes later: a node listed twice can release its
 * successors early) and the source's output port.
 */
export interface CheckPlan {
  /** Resolved params of `order[k]`: undefined for instances, block inputs and invalid params. */
  readonly params: readonly (ParamValues<Schema> | undefined)[];
  readonly inputStart: Int32Array;
  readonly inputSource: Int32Array;
  readonly inputPort: Int32Array;
  /** For each node of the graph, in document order: the last position of its id in `order`, or -1. */
  readonly position: Int32Array;
  /** For a block definition: the position in `order` of each of its outputs, or -1. */
  readonly outputs: Int32Array;
  /**
   * True when two layers of an expansion may share a path: a node object listed twice in the
   * graph (so that `order` holds it twice), or an id containing `/`.
   */
  readonly pathsMayRepeat: boolean;
}

interface Ports {
  readonly min: number;
  readonly max: number;
  readonly outputs: number;
}

const BLOCK_INPUT_PORTS: Ports = { min: 0, max: 0, outputs: 1 };
const layerPorts = new WeakMap<AnyLayerDef, Ports>();

/** How many inputs a node takes and how many outputs it has. */
function ports(doc: SkipwireDoc, node: DocNode, layer: AnyLayerDef | undefined): Ports | undefined {
  if (node.type === BLOCK_INPUT_TYPE) return BLOCK_INPUT_PORTS;
  if (node.type === BLOCK_TYPE) {
    const def = doc.blocks.find((b) => b.id === node.block);
    return def ? { min: def.inputs.length, max: def.inputs.length, outputs: def.outputs.length } : undefined;
  }
  if (!layer) return undefined;
  let pr = layerPorts.get(layer);
  if (!pr) {
    pr = { min: layer.inputs.min, max: layer.inputs.max, outputs: 1 };
    layerPorts.set(layer, pr);
  }
  return pr;
}

const label = (n: DocNode, def?: AnyLayerDef) => `${def?.kerasClass ?? 'Layer'} "${n.name}"`;

const NO_WIRES: readonly DocEdge[] = Object.freeze([]);

/**
 * Checks one graph. The structure (ids, types, names, wires, arity, cycles, order) is memoized
 * per wire list and reused while the node list keeps the same ids, types, names and instance
 * targets in the same places: an edit of params or positions then costs one pass over the
 * nodes for their params (memoized per node object). An unchanged node list returns the
 * previous check.
 */
export function checkGraph(doc: SkipwireDoc, graph: Graph, block?: BlockDef): GraphCheck {
  let s = structures.get(graph.edges);
  if (s?.blocks === doc.blocks && s.block === block && s.last?.nodes === graph.nodes) return s.last.check;
  if (!s || s.blocks !== doc.blocks || s.block !== block || !sameStructure(s, graph.nodes)) {
    s = structure(doc, graph, block);
    structures.set(graph.edges, s);
  }
  const check = withParams(doc, graph.nodes, s);
  s.last = { nodes: graph.nodes, check };
  return check;
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

/** The facts of a graph that do not depend on params, by node position. */
interface Structure {
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
  readonly inputStart: Int32Array;
  readonly inputSource: Int32Array;
  readonly inputPort: Int32Array;
  readonly position: Int32Array;
  readonly outputs: Int32Array;
  readonly pathsMayRepeat: boolean;
  /** Pairs (position, position of the first node with the same id), for each repeated id. */
  readonly repeatedIds: readonly number[];
  /** The check made last from this structure. */
  last?: { readonly nodes: readonly DocNode[]; readonly check: GraphCheck };
}

const structures = new WeakMap<readonly DocEdge[], Structure>();

function structure(doc: SkipwireDoc, graph: Graph, block: BlockDef | undefined): Structure {
  const blockId = block?.id;
  let diagnostics: Diagnostic[] = [];
  const report = (d: Omit<Diagnostic, 'blockId' | 'severity'> & { severity?: Diagnostic['severity'] }) =>
    diagnostics.push({ severity: 'error', ...d, ...(blockId !== undefined ? { blockId } : {}) });

  const nodes = graph.nodes;
  const count = nodes.length;
  /** Position of the first node of each id. */
  const index = new Map<string, number>();
  /** For each node, the position of the first node with its id. */
  const firstOf = new Int32Array(count);
  const portsOf: (Ports | undefined)[] = new Array(count).fill(undefined);
  const layerOf: (AnyLayerDef | undefined)[] = new Array(count).fill(undefined);
  const nodeDiagnostics: { at: number; d: Diagnostic }[] = [];
  const atNode = (at: number) => {
    for (const d of diagnostics) nodeDiagnostics.push({ at, d });
    diagnostics = [];
  };
  const names = new Set<string>();
  let pathsMayRepeat = false;
  const repeatedIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as DocNode;
    const first = index.get(n.id);
    if (first !== undefined) {
      firstOf[i] = first;
      repeatedIds.push(i, first);
      report({ nodeId: n.id, message: `Two nodes share the id "${n.id}"; ids must be unique.` });
      atNode(i);
      continue;
    }
    index.set(n.id, i);
    firstOf[i] = i;
    if (n.id.includes('/')) pathsMayRepeat = true;
    const layer = getLayer(n.type);
    const pr = ports(doc, n, layer);
    if (!pr) {
      report({
        nodeId: n.id,
        message:
          n.type === BLOCK_TYPE
            ? `Block instance "${n.name}" refers to a block definition "${n.block}" that does not exist.`
            : `"${n.name}" has an unknown layer type "${n.type}".`,
      });
    } else if (n.type === BLOCK_INPUT_TYPE && !block?.inputs.includes(n.id)) {
      report({ nodeId: n.id, message: `"${n.name}" is a block input outside a block's input list.` });
    } else if (n.type === BLOCK_TYPE && blockId !== undefined && dependsOn(doc, n.block as string, blockId)) {
      report({
        nodeId: n.id,
        message: `Block "${blockId}" contains an instance of itself ("${n.name}"); blocks cannot be recursive.`,
      });
    } else if (n.type === 'input' && block) {
      report({
        nodeId: n.id,
        message: `A block cannot contain an Input layer ("${n.name}"); its inputs come from the wires into the block.`,
      });
    } else {
      portsOf[i] = pr;
      layerOf[i] = layer;
      // Params and exposed values are checked by `withParams`, before these.
      if (!n.name.trim())
        report({
          nodeId: n.id,
          message: `A ${layer?.kerasClass ?? 'node'} has an empty name; every layer needs a name.`,
        });
      else if (names.has(n.name))
        report({
          nodeId: n.id,
          message: `Two layers are named "${n.name}"; Keras needs unique layer names. Rename one of them.`,
        });
      else names.add(n.name);
    }
    atNode(i);
  }

  // Wires. `wiresInto[i]` holds the usable wires into node i, in wire order (one per input port).
  const edges = graph.edges;
  const wiresInto: (DocEdge[] | undefined)[] = new Array(count).fill(undefined);
  const edgeIds = new Set<string>();
  const usable: DocEdge[] = [];
  const usableSource: number[] = [];
  const usableTarget: number[] = [];
  for (const e of edges) {
    const si = index.get(e.source);
    const ti = index.get(e.target);
    if (edgeIds.has(e.id)) {
      report({ nodeId: e.target, edgeId: e.id, message: `Two wires share the id "${e.id}".` });
      continue;
    }
    edgeIds.add(e.id);
    if (si === undefined || ti === undefined) {
      const missing = si === undefined ? e.source : e.target;
      report({
        nodeId: si !== undefined ? e.source : ti !== undefined ? e.target : '',
        edgeId: e.id,
        message: `A wire ${si === undefined ? 'comes from' : 'goes to'} a node "${missing}" that does not exist; delete the wire.`,
      });
      continue;
    }
    const src = nodes[si] as DocNode;
    const dst = nodes[ti] as DocNode;
    const sp = portsOf[si];
    const dp = portsOf[ti];
    if (!sp || !dp) continue;
    const sourcePort = e.sourcePort ?? 0;
    if (!Number.isInteger(sourcePort) || sourcePort < 0 || sourcePort >= sp.outputs) {
      report({ nodeId: src.id, edgeId: e.id, message: `"${src.name}" has no output ${sourcePort + 1}.` });
      continue;
    }
    if (!Number.isInteger(e.targetPort) || e.targetPort < 0 || e.targetPort >= dp.max) {
      report({
        nodeId: dst.id,
        edgeId: e.id,
        message:
          dp.max === 0
            ? `"${dst.name}" is an input and takes no incoming wire; delete the wire from "${src.name}".`
            : `"${dst.name}" has ${dp.max} input${dp.max === 1 ? '' : 's'}, but a wire from "${src.name}" goes to input ${e.targetPort + 1}.`,
      });
      continue;
    }
    let into = wiresInto[ti];
    if (!into) {
      into = [];
      wiresInto[ti] = into;
    }
    const other = into.find((w) => w.targetPort === e.targetPort);
    if (other) {
      report({
        nodeId: dst.id,
        edgeId: e.id,
        message: `Input ${e.targetPort + 1} of "${dst.name}" has two wires (from "${nodes[index.get(other.source) as number]?.name}" and "${src.name}"); a single input takes one wire.`,
      });
      continue;
    }
    into.push(e);
    usable.push(e);
    usableSource.push(si);
    usableTarget.push(ti);
  }

  // Arity.
  for (let i = 0; i < count; i++) {
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

  // Cycles (Kahn) and topological order. Successors in wire order, as compressed rows.
  const indeg = new Int32Array(count);
  const outStart = new Int32Array(count + 1);
  for (let w = 0; w < usable.length; w++) {
    const t = usableTarget[w] as number;
    const f = (usableSource[w] as number) + 1;
    indeg[t] = (indeg[t] as number) + 1;
    outStart[f] = (outStart[f] as number) + 1;
  }
  for (let i = 0; i < count; i++) outStart[i + 1] = (outStart[i + 1] as number) + (outStart[i] as number);
  const outList = new Int32Array(usable.length);
  const fill = outStart.slice(0, count);
  for (let w = 0; w < usable.length; w++) {
    const f = usableSource[w] as number;
    const at = fill[f] as number;
    fill[f] = at + 1;
    outList[at] = usableTarget[w] as number;
  }

  const queue: number[] = [];
  for (let i = 0; i < count; i++) {
    const f = firstOf[i] as number;
    if (portsOf[f] && indeg[f] === 0 && nodes[f] === nodes[i]) {
      if (f !== i) pathsMayRepeat = true;
      queue.push(f);
    }
  }
  const inputStart = [0];
  const inputSource: number[] = [];
  const inputPort: number[] = [];
  /** The last position in the order of each node. */
  const last = new Int32Array(count).fill(-1);
  for (let k = 0; k < queue.length; k++) {
    const i = queue[k] as number;
    const into = wiresInto[i];
    if (into)
      for (const w of into) {
        inputSource.push(last[index.get(w.source) as number] as number);
        inputPort.push(w.sourcePort ?? 0);
      }
    inputStart.push(inputSource.length);
    last[i] = k;
    for (let o = outStart[i] as number; o < (outStart[i + 1] as number); o++) {
      const t = outList[o] as number;
      const d = (indeg[t] as number) - 1;
      indeg[t] = d;
      if (d === 0) queue.push(t);
    }
  }
  let taking = 0;
  for (let i = 0; i < count; i++) if (portsOf[i]) taking++;
  if (queue.length < taking) reportCycle(nodes, portsOf, indeg, usable, report);

  if (!block) {
    if (count === 0)
      report({ nodeId: '', message: 'The model is empty: add an Input layer and connect layers to it.' });
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
  } else {
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
    portsOf,
    layerOf,
    nodeDiagnostics,
    later: diagnostics,
    wiresInto,
    order: Int32Array.from(queue),
    inputStart: Int32Array.from(inputStart),
    inputSource: Int32Array.from(inputSource),
    inputPort: Int32Array.from(inputPort),
    position,
    outputs,
    pathsMayRepeat,
    repeatedIds,
    last: undefined, // set by `checkGraph`; declared here so that every structure has one shape
  };
}

/** The check of `nodes` (with the structure `s`): their params, and the diagnostics in order. */
function withParams(doc: SkipwireDoc, nodes: readonly DocNode[], s: Structure): GraphCheck {
  const blockId = s.block?.id;
  const diagnostics: Diagnostic[] = [];
  const report = (d: Omit<Diagnostic, 'blockId' | 'severity'>) =>
    diagnostics.push({ severity: 'error', ...d, ...(blockId !== undefined ? { blockId } : {}) });
  const count = nodes.length;
  const paramsOf: (ParamValues<Schema> | undefined)[] = new Array(count).fill(undefined);
  const { layerOf, nodeDiagnostics } = s;
  let next = 0;
  for (let i = 0; i < count; i++) {
    const n = nodes[i] as DocNode;
    const layer = layerOf[i];
    if (layer) {
      const r = checkedParams(n, layer);
      for (const e of r.errors) report({ nodeId: n.id, ...(e.param ? { param: e.param } : {}), message: e.message });
      if (r.values) paramsOf[i] = r.values;
    }
    if (n.type === BLOCK_TYPE && s.portsOf[i]) checkExposed(doc, n, report);
    for (; next < nodeDiagnostics.length && nodeDiagnostics[next]?.at === i; next++)
      diagnostics.push((nodeDiagnostics[next] as { d: Diagnostic }).d);
  }
  for (const d of s.later) diagnostics.push(d);

  const order: DocNode[] = [];
  const params: (ParamValues<Schema> | undefined)[] = [];
  for (const i of s.order) {
    order.push(nodes[i] as DocNode);
    params.push(paramsOf[i]);
  }
  const plan: CheckPlan = {
    params,
    inputStart: s.inputStart,
    inputSource: s.inputSource,
    inputPort: s.inputPort,
    position: s.position,
    outputs: s.outputs,
    pathsMayRepeat: s.pathsMayRepeat,
  };
  return new Check(
    diagnostics,
    order,
    plan,
    () => {
      const m = new Map<string, readonly DocEdge[]>();
      for (let i = 0; i < count; i++) if (s.portsOf[i]) m.set((nodes[i] as DocNode).id, s.wiresInto[i] ?? NO_WIRES);
      return m;
    },
    () => {
      const m = new Map<string, ParamValues<Schema>>();
      for (let i = 0; i < count; i++) {
        const v = paramsOf[i];
        if (v) m.set((nodes[i] as DocNode).id, v);
      }
      return m;
    },
  );
}

/** A graph check; the maps by id, which the analysis does not need, are built on first use. */
class Check implements GraphCheck {
  readonly hasErrors: boolean;
  private inputsMap?: ReadonlyMap<string, readonly DocEdge[]>;
  private paramsMap?: ReadonlyMap<string, ParamValues<Schema>>;

  constructor(
    readonly diagnostics: Diagnostic[],
    readonly order: readonly DocNode[],
    readonly plan: CheckPlan,
    private readonly makeInputs: () => ReadonlyMap<string, readonly DocEdge[]>,
    private readonly makeParams: () => ReadonlyMap<string, ParamValues<Schema>>,
  ) {
    this.hasErrors = diagnostics.some((d) => d.severity === 'error');
  }

  get inputsOf(): ReadonlyMap<string, readonly DocEdge[]> {
    this.inputsMap ??= this.makeInputs();
    return this.inputsMap;
  }

  get params(): ReadonlyMap<string, ParamValues<Schema>> {
    this.paramsMap ??= this.makeParams();
    return this.paramsMap;
  }
}

function ascending(wires: readonly DocEdge[]): boolean {
  for (let i = 1; i < wires.length; i++)
    if ((wires[i] as DocEdge).targetPort < (wires[i - 1] as DocEdge).targetPort) return false;
  return true;
}

/** Reports one cycle among the nodes that Kahn's algorithm left with incoming wires. */
function reportCycle(
  nodes: readonly DocNode[],
  portsOf: readonly (Ports | undefined)[],
  indeg: Int32Array,
  usable: readonly DocEdge[],
  report: (d: Omit<Diagnostic, 'blockId' | 'severity'>) => void,
): void {
  const out = new Map<string, string[]>();
  for (const e of usable) {
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const inCycle = new Set<string>();
  const byId = new Map<string, DocNode>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i] as DocNode;
    if (!portsOf[i]) continue;
    byId.set(n.id, n);
    if ((indeg[i] as number) > 0) inCycle.add(n.id);
  }
  const path = cyclePath(inCycle, out);
  const text = path.map((id) => byId.get(id)?.name ?? id).join(' → ');
  for (const id of inCycle)
    if (path.includes(id))
      report({
        nodeId: id,
        message: `These layers form a cycle (${text}); a model's graph must not loop back. Delete one wire of the cycle.`,
      });
}

interface CheckedParams {
  readonly values?: ParamValues<Schema>;
  readonly errors: readonly { param?: string; message: string }[];
}

/** Params checked once per node object: documents are immutable, so an unchanged node keeps its result. */
const paramCache = new WeakMap<DocNode, { layer: AnyLayerDef; result: CheckedParams }>();

function checkedParams(n: DocNode, layer: AnyLayerDef): CheckedParams {
  const hit = paramCache.get(n);
  if (hit && hit.layer === layer) return hit.result;
  const r = resolveParams(layer.params, n.params);
  let result: CheckedParams;
  if (r.errors.length)
    result = {
      values: undefined,
      errors: r.errors.map((e) => ({ param: e.param, message: `${label(n, layer)}: ${e.message}.` })),
    };
  else {
    const cross = layer.checkParams?.(r.values);
    result = cross
      ? { values: undefined, errors: [{ ...(cross.param ? { param: cross.param } : {}), message: cross.message }] }
      : { values: r.values, errors: [] };
  }
  paramCache.set(n, { layer, result });
  return result;
}

function checkExposed(
  doc: SkipwireDoc,
  n: DocNode,
  report: (d: Omit<Diagnostic, 'blockId' | 'severity'>) => void,
): void {
  const def = doc.blocks.find((b) => b.id === n.block);
  if (!def) return;
  for (const x of def.exposed) {
    if (!Object.hasOwn(n.params, x.name)) continue;
    const inner = def.nodes.find((m) => m.id === x.node);
    const layer = inner && getLayer(inner.type);
    const spec = layer?.params[x.param];
    if (!spec) continue;
    const r = resolveParams({ [x.param]: spec }, { [x.param]: n.params[x.name] });
    for (const e of r.errors) report({ nodeId: n.id, param: x.name, message: `Block "${n.name}": ${e.message}.` });
  }
}

/** One cycle through the nodes left by Kahn's algorithm, as a closed path of ids. */
function cyclePath(inCycle: ReadonlySet<string>, out: ReadonlyMap<string, string[]>): string[] {
  const start = inCycle.values().next().value as string;
  const seen = new Map<string, number>();
  const path: string[] = [];
  let cur: string | undefined = start;
  while (cur !== undefined && !seen.has(cur)) {
    seen.set(cur, path.length);
    path.push(cur);
    cur = (out.get(cur) ?? []).find((t) => inCycle.has(t));
  }
  if (cur === undefined) return path;
  const loop = path.slice(seen.get(cur));
  return [...loop, cur];
}
