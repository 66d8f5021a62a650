/**
 * Validation of one graph (the top level or a block definition): its structure (structure.ts:
 * node types, wires, input arity, cycles, names) and its nodes' params. Pure; never throws.
 * Returns the diagnostics, the wires that are usable, and a topological order of the nodes
 * outside cycles. Documents are immutable, so the structure is memoized per wire list and params
 * per node object (see `checkGraph`).
 */
import type { AnyLayerDef, ParamValues, Schema } from '../nodes';
import { getLayer, resolveParams } from '../nodes';
import type { Diagnostic } from './diagnostics';
import { BLOCK_TYPE, type BlockDef, type DocEdge, type DocNode, type Graph, type SkipwireDoc } from './document';
import { label, type Structure, structureOf } from './structure';

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

const NO_WIRES: readonly DocEdge[] = Object.freeze([]);

/**
 * Checks one graph. The structure (ids, types, names, wires, arity, cycles, order) is memoized
 * per wire list and reused while the node list keeps the same ids, types, names and instance
 * targets in the same places: an edit of params or positions then costs one pass over the
 * nodes for their params (memoized per node object). An unchanged node list returns the
 * previous check.
 */
export function checkGraph(doc: SkipwireDoc, graph: Graph, block?: BlockDef): GraphCheck {
  const s = structureOf(doc, graph, block);
  if (s.last?.nodes === graph.nodes) return s.last.check;
  const check = withParams(doc, graph.nodes, s);
  s.last = { nodes: graph.nodes, check };
  return check;
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
