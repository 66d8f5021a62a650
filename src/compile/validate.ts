/**
 * Structural validation of one graph (the top level or a block definition): node types, params,
 * wires, input arity, cycles, names. Pure; never throws. Returns the diagnostics, the wires that
 * are usable, and a topological order of the nodes outside cycles.
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
}

/** How many inputs a node takes and how many outputs it has. */
function ports(doc: SkipwireDoc, node: DocNode): { min: number; max: number; outputs: number } | undefined {
  if (node.type === BLOCK_INPUT_TYPE) return { min: 0, max: 0, outputs: 1 };
  if (node.type === BLOCK_TYPE) {
    const def = doc.blocks.find((b) => b.id === node.block);
    return def ? { min: def.inputs.length, max: def.inputs.length, outputs: def.outputs.length } : undefined;
  }
  const def = getLayer(node.type);
  return def ? { min: def.inputs.min, max: def.inputs.max, outputs: 1 } : undefined;
}

const label = (n: DocNode, def?: AnyLayerDef) => `${def?.kerasClass ?? 'Layer'} "${n.name}"`;

export function checkGraph(doc: SkipwireDoc, graph: Graph, block?: BlockDef): GraphCheck {
  const diagnostics: Diagnostic[] = [];
  const blockId = block?.id;
  const report = (d: Omit<Diagnostic, 'blockId' | 'severity'> & { severity?: Diagnostic['severity'] }) =>
    diagnostics.push({ severity: 'error', ...d, ...(blockId !== undefined ? { blockId } : {}) });

  const nodes = new Map<string, DocNode>();
  const params = new Map<string, ParamValues<Schema>>();
  const portsOf = new Map<string, { min: number; max: number; outputs: number }>();
  const names = new Map<string, string>();
  for (const n of graph.nodes) {
    if (nodes.has(n.id)) {
      report({ nodeId: n.id, message: `Two nodes share the id "${n.id}"; ids must be unique.` });
      continue;
    }
    nodes.set(n.id, n);
    const pr = ports(doc, n);
    const layer = getLayer(n.type);
    if (!pr) {
      report({
        nodeId: n.id,
        message:
          n.type === BLOCK_TYPE
            ? `Block instance "${n.name}" refers to a block definition "${n.block}" that does not exist.`
            : `"${n.name}" has an unknown layer type "${n.type}".`,
      });
      continue;
    }
    if (n.type === BLOCK_INPUT_TYPE && !block?.inputs.includes(n.id)) {
      report({ nodeId: n.id, message: `"${n.name}" is a block input outside a block's input list.` });
      continue;
    }
    if (n.type === BLOCK_TYPE && blockId !== undefined && dependsOn(doc, n.block as string, blockId)) {
      report({
        nodeId: n.id,
        message: `Block "${blockId}" contains an instance of itself ("${n.name}"); blocks cannot be recursive.`,
      });
      continue;
    }
    if (n.type === 'input' && block) {
      report({
        nodeId: n.id,
        message: `A block cannot contain an Input layer ("${n.name}"); its inputs come from the wires into the block.`,
      });
      continue;
    }
    portsOf.set(n.id, pr);
    if (layer) {
      const r = checkedParams(n, layer);
      for (const e of r.errors) report({ nodeId: n.id, ...(e.param ? { param: e.param } : {}), message: e.message });
      if (r.values) params.set(n.id, r.values);
    }
    if (n.type === BLOCK_TYPE) checkExposed(doc, n, report);
    const key = n.name;
    if (!n.name.trim())
      report({
        nodeId: n.id,
        message: `A ${layer?.kerasClass ?? 'node'} has an empty name; every layer needs a name.`,
      });
    else if (names.has(key))
      report({
        nodeId: n.id,
        message: `Two layers are named "${n.name}"; Keras needs unique layer names. Rename one of them.`,
      });
    else names.set(key, n.id);
  }

  // Wires.
  const byPort = new Map<string, Map<number, DocEdge>>();
  const edgeIds = new Set<string>();
  const usable: DocEdge[] = [];
  for (const e of graph.edges) {
    const src = nodes.get(e.source);
    const dst = nodes.get(e.target);
    if (edgeIds.has(e.id)) {
      report({ nodeId: e.target, edgeId: e.id, message: `Two wires share the id "${e.id}".` });
      continue;
    }
    edgeIds.add(e.id);
    if (!src || !dst) {
      const missing = !src ? e.source : e.target;
      report({
        nodeId: src ? e.source : dst ? e.target : '',
        edgeId: e.id,
        message: `A wire ${!src ? 'comes from' : 'goes to'} a node "${missing}" that does not exist; delete the wire.`,
      });
      continue;
    }
    const sp = portsOf.get(src.id);
    const dp = portsOf.get(dst.id);
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
    let ports = byPort.get(dst.id);
    if (!ports) {
      ports = new Map();
      byPort.set(dst.id, ports);
    }
    const other = ports.get(e.targetPort);
    if (other) {
      report({
        nodeId: dst.id,
        edgeId: e.id,
        message: `Input ${e.targetPort + 1} of "${dst.name}" has two wires (from "${nodes.get(other.source)?.name}" and "${src.name}"); a single input takes one wire.`,
      });
      continue;
    }
    ports.set(e.targetPort, e);
    usable.push(e);
  }

  // Arity.
  const inputsOf = new Map<string, DocEdge[]>();
  for (const [id, n] of nodes) {
    const pr = portsOf.get(id);
    if (!pr) continue;
    const connected = [...(byPort.get(id)?.values() ?? [])].sort((a, b) => a.targetPort - b.targetPort);
    inputsOf.set(id, connected);
    const layer = getLayer(n.type);
    if (n.type === BLOCK_TYPE) {
      for (let i = 0; i < pr.min; i++)
        if (!byPort.get(id)?.has(i))
          report({ nodeId: id, message: `Input ${i + 1} of block "${n.name}" is not connected.` });
    } else if (pr.max === 1 && connected.length === 0) {
      report({ nodeId: id, message: `${label(n, layer)} has no input; connect a wire into it.` });
    } else if (connected.length < pr.min) {
      report({
        nodeId: id,
        message: `${label(n, layer)} merges ${pr.min} or more inputs, but ${connected.length === 0 ? 'none is' : `only ${connected.length} is`} connected.`,
      });
    }
  }

  // Cycles (Kahn) and topological order.
  const indeg = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const id of portsOf.keys()) indeg.set(id, 0);
  for (const e of usable) {
    indeg.set(e.target, (indeg.get(e.target) ?? 0) + 1);
    const list = out.get(e.source);
    if (list) list.push(e.target);
    else out.set(e.source, [e.target]);
  }
  const queue = graph.nodes.filter((n) => portsOf.has(n.id) && indeg.get(n.id) === 0 && nodes.get(n.id) === n);
  const order: DocNode[] = [];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as DocNode;
    order.push(n);
    for (const t of out.get(n.id) ?? []) {
      const d = (indeg.get(t) ?? 0) - 1;
      indeg.set(t, d);
      if (d === 0) queue.push(nodes.get(t) as DocNode);
    }
  }
  if (order.length < portsOf.size) {
    const inCycle = new Set([...indeg].filter(([, d]) => d > 0).map(([id]) => id));
    const path = cyclePath(inCycle, out);
    const text = path.map((id) => nodes.get(id)?.name ?? id).join(' → ');
    for (const id of inCycle)
      if (path.includes(id))
        report({
          nodeId: id,
          message: `These layers form a cycle (${text}); a model's graph must not loop back. Delete one wire of the cycle.`,
        });
  }

  if (!block) {
    const inputs = graph.nodes.filter((n) => n.type === 'input');
    if (graph.nodes.length === 0)
      report({ nodeId: '', message: 'The model is empty: add an Input layer and connect layers to it.' });
    else if (inputs.length === 0)
      report({ nodeId: '', message: 'The model has no Input layer: add one and connect it to the first layer.' });
    const consumed = new Set(usable.map((e) => e.source));
    for (const n of inputs)
      if (!consumed.has(n.id) && graph.nodes.length > 1)
        report({ nodeId: n.id, message: `Input "${n.name}" feeds no layer; connect it or delete it.` });
  } else {
    for (const [i, o] of block.outputs.entries())
      if (!nodes.has(o))
        report({
          nodeId: '',
          message: `Output ${i + 1} of block "${block.name}" refers to a node "${o}" that does not exist.`,
        });
    for (const i of block.inputs)
      if (nodes.get(i)?.type !== BLOCK_INPUT_TYPE)
        report({
          nodeId: '',
          message: `Block "${block.name}" lists an input "${i}" that is not one of its input nodes.`,
        });
    if (block.outputs.length === 0) report({ nodeId: '', message: `Block "${block.name}" has no output.` });
  }

  return {
    diagnostics,
    inputsOf,
    order,
    params,
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
  };
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
    result = { errors: r.errors.map((e) => ({ param: e.param, message: `${label(n, layer)}: ${e.message}.` })) };
  else {
    const cross = layer.checkParams?.(r.values);
    result = cross
      ? { errors: [{ ...(cross.param ? { param: cross.param } : {}), message: cross.message }] }
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
