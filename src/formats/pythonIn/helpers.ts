/**
 * Calls of `def` helpers. A helper called with tensors whose body builds layers becomes a block:
 * its body is read once per call in a graph of its own (the tensors given become its inputs, what
 * it returns its outputs), and calls that build the same layers share one definition. Any other
 * helper (`build_model()`, a helper that uses a tensor from outside) is read inline.
 */
import type { SyntaxNode } from '@lezer/common';
import type { RawLayer, RawModel, RawRef } from '../kerasModel';
import type { CallArgs } from './expressions';
import { formatOf, MixedGraphs } from './keras';
import type { PythonReader } from './reader';
import { GraphScope, isTensorLike, type MutableLayer, type PyFunction, PyImportError, Skip, Tensor } from './values';

const MAX_DEPTH = 32;
/** Parameters whose string value names the instance (`def block(x, name)` with `f"{name}_conv"`). */
const NAME_PARAMS = ['name', 'prefix', 'block_name', 'name_prefix'];

/** The parameters bound to the call's arguments. */
function bindArgs(fn: PyFunction, a: CallArgs, r: PythonReader, node: SyntaxNode): Map<string, unknown> {
  const locals = new Map<string, unknown>();
  const plain = fn.params.filter((p) => !p.star);
  if (a.args.length > plain.length) throw new Skip('too many arguments');
  plain.forEach((p, i) => {
    if (i < a.args.length) locals.set(p.name, a.args[i]);
    else if (a.kwargs.has(p.name)) locals.set(p.name, a.kwargs.get(p.name));
    else if ('default' in p) locals.set(p.name, p.default);
    else
      throw new PyImportError(
        `${r.where(node.from)}: \`${r.text(node)}\`: ${fn.name}() is called without its argument "${p.name}"`,
      );
  });
  return locals;
}

/** Calls a helper: as a block when it builds layers on the tensors it is given, else inline. */
export function runFunction(r: PythonReader, fn: PyFunction, a: CallArgs, node: SyntaxNode): unknown {
  if (r.depth >= MAX_DEPTH)
    throw new PyImportError(
      `${r.where(node.from)}: \`${r.text(node)}\`: helpers calling helpers more than ${MAX_DEPTH} deep (recursion) are not read`,
    );
  const locals = bindArgs(fn, a, r, node);
  r.depth++;
  try {
    if ([...locals.values()].some(isTensorLike)) {
      const block = asBlock(r, fn, locals);
      if (block !== undefined) return block;
    }
    return r.runBody(fn.body, locals);
  } finally {
    r.depth--;
  }
}

const signatures = new WeakMap<PythonReader, Map<PyFunction, { sig: string; raw: RawModel }[]>>();

/** Reads the helper as a block; undefined when it is not one (then it is read inline). */
function asBlock(r: PythonReader, fn: PyFunction, locals: Map<string, unknown>): unknown {
  const nameParam = NAME_PARAMS.find((p) => typeof locals.get(p) === 'string');
  const instance = nameParam ? (locals.get(nameParam) as string) : (r.assignTarget ?? fn.name);
  const graph = new GraphScope(nameParam ? instance : '');
  const outerRefs: RawRef[] = [];
  let outerGraph: GraphScope | undefined;
  // Each tensor given becomes an input of the block's graph.
  const substitute = (v: unknown, hint: string): unknown => {
    if (v instanceof Tensor) {
      if (outerGraph && v.graph !== outerGraph) throw new Skip('tensors of two graphs');
      outerGraph = v.graph;
      outerRefs.push({ layer: v.layer, node: v.node, tensor: v.tensor });
      const name = graph.uniqueName(hint, hint);
      graph.layers.push({ name, className: 'InputLayer', config: { batch_input_shape: [null, 1] }, calls: [] });
      return new Tensor(graph, name, 0, 0);
    }
    return Array.isArray(v) ? v.map((x, i) => substitute(x, `${hint}_${i}`)) : v;
  };
  const inner = new Map([...locals].map(([k, v]) => [k, substitute(v, k)]));
  if (outerGraph !== r.graph) return undefined;
  const saved = { graph: r.graph, built: r.built, models: r.models.length };
  r.graph = graph;
  let result: unknown;
  try {
    result = r.runBody(fn.body, inner);
  } catch (e) {
    if (!(e instanceof MixedGraphs)) throw e;
    result = undefined;
  } finally {
    r.graph = saved.graph;
  }
  const outs = Array.isArray(result) ? result : [result];
  const ok =
    outs.length > 0 &&
    // A block's outputs are main outputs: a helper returning a layer's states is read inline.
    outs.every((t) => t instanceof Tensor && t.graph === graph && t.tensor === 0) &&
    graph.layers.some((l) => l.className !== 'InputLayer') &&
    r.models.length === saved.models &&
    outs.every((t) => graph.layers.find((l) => l.name === (t as Tensor).layer)?.className !== 'InputLayer');
  if (!ok) {
    r.built = saved.built;
    r.models.length = saved.models;
    return undefined;
  }
  const raw = shared(r, fn, {
    name: fn.name,
    format: formatOf(r),
    layers: graph.layers.map((l) => ({ ...l, calls: [...l.calls] })),
    inputs: graph.layers
      .filter((l) => l.className === 'InputLayer')
      .map((l) => ({ layer: l.name, node: 0, tensor: 0 })),
    outputs: (outs as Tensor[]).map((t) => ({ layer: t.layer, node: t.node, tensor: t.tensor })),
  });
  const layer: MutableLayer = {
    name: r.graph.uniqueName(instance, fn.name),
    className: 'Functional',
    config: {},
    calls: [outerRefs],
    model: raw,
    helper: true,
  };
  r.graph.layers.push(layer);
  r.built = saved.built + 1;
  const tensors = outs.map((_, i) => new Tensor(r.graph, layer.name, 0, i));
  return Array.isArray(result) ? tensors : tensors[0];
}

/** The definition made by an earlier call that built the same layers, or this one. */
function shared(r: PythonReader, fn: PyFunction, raw: RawModel): RawModel {
  const byFn = signatures.get(r) ?? new Map<PyFunction, { sig: string; raw: RawModel }[]>();
  signatures.set(r, byFn);
  const known = byFn.get(fn) ?? [];
  const sig = signature(raw);
  const same = known.find((k) => k.sig === sig);
  if (same) return same.raw;
  byFn.set(fn, [...known, { sig, raw }]);
  return raw;
}

const ids = new WeakMap<RawModel, number>();
let nextId = 0;
const idOf = (m: RawModel) => {
  if (!ids.has(m)) ids.set(m, nextId++);
  return ids.get(m);
};

function signature(m: RawModel): string {
  return JSON.stringify([
    m.layers.map((l: RawLayer) => [l.name, l.className, l.config, l.calls, l.model ? idOf(l.model) : null]),
    m.inputs,
    m.outputs,
  ]);
}
