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
import type { Fix } from './diagnostics';
import type { BlockDef, DocNode, Graph, SkipwireDoc } from './document';
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

interface Inferred {
  readonly inputs: readonly Shape[];
  readonly values: ParamValues<Schema>;
  readonly shape?: Shape;
  readonly error?: LayerIssue;
  readonly warning?: LayerIssue;
  readonly buildParams: ParamValues<Schema>;
  readonly count: ParamCount;
}

/**
 * Shape inference memoized per node object and input shapes (by identity): after an edit, the
 * unchanged layers upstream of it hand the same shape objects down, so only the edited layer and
 * those below it are inferred again. A node inside a block keeps one entry per distinct input.
 */
const shapeCache = new WeakMap<DocNode, Inferred[]>();

export function inferCached(
  node: DocNode,
  def: AnyLayerDef,
  inputs: readonly Shape[],
  values: ParamValues<Schema>,
): Inferred {
  const entries = shapeCache.get(node) ?? [];
  const hit = entries.find(
    (e) => e.values === values && e.inputs.length === inputs.length && e.inputs.every((s, i) => s === inputs[i]),
  );
  if (hit) return hit;
  const result = def.inferShape(inputs, values);
  const entry: Inferred = isShapeError(result)
    ? { inputs, values, error: result.error, buildParams: values, count: NO_PARAMS }
    : {
        inputs,
        values,
        shape: result,
        ...(def.warn ? { warning: def.warn(inputs, values) } : {}),
        buildParams: def.concrete?.(inputs, values) ?? values,
        count: def.countParams(inputs, values),
      };
  entries.push(entry);
  if (entries.length > 8) entries.shift();
  shapeCache.set(node, entries);
  return entry;
}

/** The inner node's params with the instance's exposed values applied (checked at the instance). */
export function exposedValues(
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
