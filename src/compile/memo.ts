/**
 * The per-layer work of the analysis, memoized: checks of block definitions, shape inference per
 * (node, input shapes), exposed params, and turning layer fixes into edit operations. Documents
 * are immutable, so an unchanged node or definition object keeps its result across analyses.
 */
import {
  type AnyLayerDef,
  isShapeError,
  type LayerFix,
  type LayerIssue,
  NO_PARAMS,
  type ParamCount,
  type ParamValues,
  resolveParams,
  type Schema,
  type Shape,
} from '../nodes';
import type { FlatLayer, NodeInfo } from './analysis';
import type { Fix } from './diagnostics';
import type { BlockDef, DocNode, ExposedParam, Graph, SkipwireDoc } from './document';
import { numbered, snake } from './ids';
import type { EditOp } from './ops';
import { checkGraph, type GraphCheck } from './validate';

/** Block definitions rarely change between two analyses: their checks are memoized. */
const blockChecks = new WeakMap<BlockDef, { blocks: readonly BlockDef[]; check: GraphCheck }>();

export function checkBlock(doc: SkipwireDoc, b: BlockDef): GraphCheck {
  const hit = blockChecks.get(b);
  if (hit && hit.blocks === doc.blocks) return hit.check;
  const check = checkGraph(doc, b, b);
  blockChecks.set(b, { blocks: doc.blocks, check });
  return check;
}

export interface Inferred {
  readonly node: DocNode;
  readonly inputs: readonly Shape[];
  readonly values: ParamValues<Schema>;
  readonly shape?: Shape;
  /** The extra outputs' shapes (`LayerDef.stateShapes`), undefined when none. */
  readonly states: readonly Shape[] | undefined;
  readonly error?: LayerIssue;
  readonly warning?: LayerIssue;
  readonly buildParams: ParamValues<Schema>;
  readonly count: ParamCount;
  /** The node's facts for these inputs, made once (the analysis fills it in). */
  info?: NodeInfo;
  /** The last layer made from this result (the analysis reuses it when path, name and inputs match). */
  flat?: FlatLayer;
}

/**
 * Shape inference memoized per node object, params object and input shapes: after an edit, the
 * layers upstream of it hand the same shapes down, so only the edited layer is inferred again.
 * Shapes match by identity first, then by value: an edit that leaves a shape as it was (or a
 * block whose instances see equal shapes) reuses the results below it, and the shapes handed on
 * are the cached ones, so identity matches again further down. A node inside a block keeps one
 * entry per distinct input.
 */
const shapeCache = new WeakMap<DocNode, Inferred[]>();

const nonEmpty = <T>(xs: readonly T[] | undefined) => (xs?.length ? xs : undefined);

/** A frozen layer's parameters all count as non-trainable, as Keras counts them. */
function frozen(node: DocNode, count: ParamCount): ParamCount {
  return node.trainable === false ? { trainable: 0, nonTrainable: count.trainable + count.nonTrainable } : count;
}

export function inferCached(
  node: DocNode,
  def: AnyLayerDef,
  inputs: readonly Shape[],
  values: ParamValues<Schema>,
): Inferred {
  let entries = shapeCache.get(node);
  if (entries) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i] as Inferred;
      if (e.values === values && sameShapes(e.inputs, inputs)) return e;
    }
  } else {
    entries = [];
    shapeCache.set(node, entries);
  }
  const own = inputs.slice(); // the caller may reuse its array
  const result = def.inferShape(own, values);
  // One object shape for every entry (absent fields undefined), so that reading them stays fast.
  const entry: Inferred = isShapeError(result)
    ? {
        node,
        inputs: own,
        values,
        shape: undefined,
        states: undefined,
        error: result.error,
        warning: undefined,
        buildParams: values,
        count: NO_PARAMS,
        info: undefined,
        flat: undefined,
      }
    : {
        node,
        inputs: own,
        values,
        shape: result,
        states: nonEmpty(def.stateShapes?.(own, values)),
        error: undefined,
        warning: def.warn?.(own, values),
        buildParams: def.concrete?.(own, values) ?? values,
        count: frozen(node, def.countParams(own, values)),
        info: undefined,
        flat: undefined,
      };
  entries.push(entry);
  if (entries.length > 8) entries.shift();
  return entry;
}

/**
 * `inferCached` with a first look at `memo[at]`, the result last used at the same position of
 * the same graph: an array read instead of a lookup by node, so that a large graph's analysis
 * touches less memory.
 */
export function inferAt(
  memo: (Inferred | undefined)[],
  at: number,
  node: DocNode,
  def: AnyLayerDef,
  inputs: readonly Shape[],
  values: ParamValues<Schema>,
): Inferred {
  const m = memo[at];
  if (m !== undefined && m.node === node && m.values === values && sameShapes(m.inputs, inputs)) return m;
  const r = inferCached(node, def, inputs, values);
  memo[at] = r;
  return r;
}

function sameShapes(a: readonly Shape[], b: readonly Shape[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Shape;
    const y = b[i] as Shape;
    if (x === y) continue;
    if (x.length !== y.length) return false;
    for (let j = 0; j < x.length; j++) if (!Object.is(x[j], y[j])) return false;
  }
  return true;
}

/** Exposed values per instance and inner node; each entry remembers what it was made from. */
const exposedCache = new WeakMap<
  DocNode,
  WeakMap<DocNode, { exposed: readonly ExposedParam[]; checked: ParamValues<Schema>; values: ParamValues<Schema> }>
>();

/** The inner node's params with the instance's exposed values applied (checked at the instance). */
export function exposedValues(
  block: BlockDef,
  instance: DocNode,
  node: DocNode,
  def: AnyLayerDef,
  checked: ParamValues<Schema>,
): ParamValues<Schema> {
  if (block.exposed.length === 0) return checked;
  let byNode = exposedCache.get(instance);
  const hit = byNode?.get(node);
  if (hit && hit.exposed === block.exposed && hit.checked === checked) return hit.values;
  const values = applyExposed(block, instance, node, def, checked);
  if (!byNode) {
    byNode = new WeakMap();
    exposedCache.set(instance, byNode);
  }
  byNode.set(node, { exposed: block.exposed, checked, values });
  return values;
}

function applyExposed(
  block: BlockDef,
  instance: DocNode,
  node: DocNode,
  def: AnyLayerDef,
  checked: ParamValues<Schema>,
): ParamValues<Schema> {
  const own = block.exposed.filter((x) => x.node === node.id && Object.hasOwn(instance.params, x.name));
  if (!own.length) return checked;
  const raw: Record<string, unknown> = { ...node.params };
  for (const x of own) raw[x.param] = instance.params[x.name];
  const r = resolveParams(def.params, raw);
  return r.errors.length ? checked : r.values;
}

/** Turns a layer's suggested fix into edit operations on the graph that holds the node. */
export function toFix(
  f: LayerFix,
  scope: string | undefined,
  graph: Graph,
  node: DocNode,
  check: GraphCheck,
): Fix | undefined {
  const s = scope === undefined ? {} : { scope };
  if (f.kind === 'setParam')
    return { label: f.label, ops: [{ op: 'setParam', ...s, node: node.id, param: f.param, value: f.value }] };
  const wire = check.inputsOf.get(node.id)?.[f.port];
  if (!wire) return undefined;
  const ids = new Set(graph.nodes.map((n) => n.id));
  const names = new Set(graph.nodes.map((n) => n.name));
  const base = snake(f.layer.type);
  const source = graph.nodes.find((n) => n.id === wire.source);
  const op: EditOp = {
    op: 'insertBefore',
    ...s,
    target: node.id,
    port: wire.targetPort,
    node: {
      id: numbered(base, ids),
      type: f.layer.type,
      name: numbered(base, names),
      params: { ...f.layer.params },
      position: {
        x: ((source?.position.x ?? node.position.x) + node.position.x) / 2,
        y: ((source?.position.y ?? node.position.y) + node.position.y) / 2,
      },
    },
  };
  return { label: f.label, ops: [op] };
}
