/**
 * Repeated blocks in a flat graph (an imported MobileNetV2's inverted residuals, a ResNet's
 * bottlenecks, an Inception's mixed modules), found without any subgraph search:
 *
 * 1. **Cut nodes.** Walking the graph in its one topological order while counting the wires that
 *    leave the nodes seen so far, a node that all open wires enter separates what came before it
 *    from what follows (every path passes through it). O(nodes + wires).
 * 2. **Segments.** Between two consecutive cuts lies a segment with one input (the first cut) and
 *    one output (the second); a segment of two or more layers is a branching module closed by a
 *    merge (Add, Concatenate, …). Activation layers right after it (ResNet's `out` ReLU) join it.
 * 3. **Signatures.** Each segment is listed in a canonical order (depth-first from its output,
 *    inputs in port order) and written as layer types, non-size params and wiring by position;
 *    segments with the same signature are instances of one block. Sizes (filters, units, kernel
 *    sizes, strides…) are left out of the signature: where they differ they become exposed params.
 *
 * Linear in the size of the graph (each node is in one segment; a signature is as long as its
 * segment). Pure; reads only the document.
 */

import { getLayer } from '../nodes';
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type DocNode, type Graph, type SkipwireDoc } from './document';
import { topologicalOrder } from './topo';

/** Params that size a layer rather than shape its kind: they may differ between instances. */
export const SIZE_PARAMS: readonly string[] = [
  'filters',
  'units',
  'kernelSize',
  'strides',
  'depthMultiplier',
  'poolSize',
];

/** One set of repeated segments of a graph: the instances of one block. */
export interface RepeatGroup {
  /** The block definition whose graph holds the repeats; undefined for the top level. */
  readonly scope?: string;
  /** What the block is, in words: `inverted residual`, `residual`, `mixed module`, `repeated block`. */
  readonly kind: string;
  /** The Keras class of each layer of the block, in canonical order. */
  readonly layers: readonly string[];
  /** Per instance: its node ids in canonical order (the last one is the block's output). */
  readonly instances: readonly (readonly string[])[];
  /** Per instance: the node feeding it (its one input). */
  readonly entries: readonly string[];
  /** Size params that differ between instances: the layer's canonical index and the param. */
  readonly varying: readonly { readonly index: number; readonly param: string }[];
}

const ACTIVATION_TYPES = new Set(['activation', 'relu', 'leakyReLU', 'elu', 'prelu', 'softmax', 'thresholdedReLU']);
const MERGE_KIND: Readonly<Record<string, string>> = { add: 'residual', concatenate: 'mixed module' };

const isLayer = (n: DocNode) =>
  n.type !== BLOCK_TYPE && n.type !== BLOCK_INPUT_TYPE && n.type !== 'input' && n.shares === undefined;

/** A node's params with defaults filled in, so `{}` and an explicit default compare equal. */
export function fullParams(n: DocNode): Record<string, unknown> {
  const spec = getLayer(n.type)?.params ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(spec)) out[k] = Object.hasOwn(n.params, k) ? n.params[k] : s.default;
  for (const [k, v] of Object.entries(n.params)) if (!(k in out)) out[k] = v;
  return out;
}

/** JSON with sorted keys, for comparing values. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'undefined';
}

interface Wiring {
  readonly index: Map<string, number>;
  readonly ins: (readonly { from: number; port: number; sourcePort: number }[])[];
  readonly outs: number[][];
}

function wiring(graph: Graph): Wiring {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const ins: { from: number; port: number; sourcePort: number }[][] = graph.nodes.map(() => []);
  const outs: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    ins[t]?.push({ from: s, port: e.targetPort, sourcePort: e.sourcePort ?? 0 });
    outs[s]?.push(t);
  }
  for (const list of ins) list.sort((a, b) => a.port - b.port);
  return { index, ins, outs };
}

/** The segments between consecutive cut nodes: [entry, member indices in topological order]. */
function segments(graph: Graph, w: Wiring): { entry: number; members: number[] }[] {
  const n = graph.nodes.length;
  const sources: number[] = [];
  const targets: number[] = [];
  w.ins.forEach((list, t) => {
    for (const x of list) {
      sources.push(x.from);
      targets.push(t);
    }
  });
  const { order } = topologicalOrder(n, sources, targets);
  if (order.length !== n) return [];
  const out: { entry: number; members: number[] }[] = [];
  let open = 0;
  let last = -1;
  let members: number[] = [];
  for (const v of order) {
    const indeg = w.ins[v]?.length ?? 0;
    if (open === indeg) {
      // Every wire still open enters v: v is a cut.
      if (last >= 0) out.push({ entry: last, members: [...members, v] });
      last = v;
      members = [];
    } else members.push(v);
    open += (w.outs[v]?.length ?? 0) - indeg;
  }
  return out;
}

interface Found {
  readonly entry: number;
  /** Canonical order; the last is the output. */
  readonly members: number[];
  readonly signature: string;
}

/** The canonical listing of a segment: depth-first from its output, inputs in port order. */
function canonical(w: Wiring, entry: number, exit: number, inside: ReadonlySet<number>): number[] | undefined {
  const out: number[] = [];
  const seen = new Set<number>();
  const stack: [number, number][] = [[exit, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1] as [number, number];
    const [v, next] = top;
    const ins = w.ins[v] ?? [];
    if (next < ins.length) {
      top[1] = next + 1;
      const u = (ins[next] as { from: number }).from;
      if (u === entry || seen.has(u)) continue;
      if (!inside.has(u)) return undefined;
      seen.add(u);
      stack.push([u, 0]);
      continue;
    }
    stack.pop();
    out.push(v);
  }
  return out.length === inside.size ? out : undefined;
}

function signature(graph: Graph, w: Wiring, entry: number, members: readonly number[]): string {
  const pos = new Map(members.map((m, i) => [m, i]));
  return members
    .map((m) => {
      const node = graph.nodes[m] as DocNode;
      const params = fullParams(node);
      for (const k of SIZE_PARAMS) delete params[k];
      const wires = (w.ins[m] ?? []).map((x) =>
        x.from === entry ? `in:${x.sourcePort}` : `${pos.get(x.from)}:${x.sourcePort}`,
      );
      return `${node.type}${node.trainable === false ? '!' : ''}${stable(params)}<${wires.join(',')}>`;
    })
    .join(';');
}

/** The repeated segments of one graph (the top level, or a definition's when `scope` is given). */
export function findRepeatsIn(graph: Graph, scope?: string): RepeatGroup[] {
  const w = wiring(graph);
  const node = (i: number) => graph.nodes[i] as DocNode;
  const found: Found[] = [];
  for (const seg of segments(graph, w)) {
    if (seg.members.length < 2) continue;
    const members = [...seg.members];
    // Activation layers that follow the module alone join it (ResNet's `out` ReLU).
    let exit = members[members.length - 1] as number;
    for (let k = 0; k < 2; k++) {
      const outs = w.outs[exit] ?? [];
      const next = outs[0];
      if (outs.length !== 1 || next === undefined || !ACTIVATION_TYPES.has(node(next).type)) break;
      if ((w.ins[next]?.length ?? 0) !== 1) break;
      members.push(next);
      exit = next;
    }
    if (!members.every((m) => isLayer(node(m)))) continue;
    const inside = new Set(members);
    // One output: no member but the exit feeds anything outside, and every member feeds something.
    if (members.some((m) => m !== exit && (w.outs[m] ?? []).some((t) => !inside.has(t)))) continue;
    if (members.some((m) => m !== exit && (w.outs[m] ?? []).length === 0)) continue;
    if (members.some((m) => (w.ins[m] ?? []).some((x) => x.from === seg.entry && x.sourcePort !== 0))) continue;
    const order = canonical(w, seg.entry, exit, inside);
    if (!order) continue;
    found.push({ entry: seg.entry, members: order, signature: signature(graph, w, seg.entry, order) });
  }
  const bySignature = new Map<string, Found[]>();
  for (const f of found) {
    const list = bySignature.get(f.signature);
    if (list) list.push(f);
    else bySignature.set(f.signature, [f]);
  }
  const groups: RepeatGroup[] = [];
  for (const list of bySignature.values()) {
    if (list.length < 2) continue;
    const first = list[0] as Found;
    const types = first.members.map((m) => node(m).type);
    const varying: { index: number; param: string }[] = [];
    first.members.forEach((m, index) => {
      const spec = getLayer(node(m).type)?.params ?? {};
      for (const param of SIZE_PARAMS) {
        if (!Object.hasOwn(spec, param)) continue;
        const values = new Set(list.map((f) => stable(fullParams(node(f.members[index] as number))[param])));
        if (values.size > 1) varying.push({ index, param });
      }
    });
    groups.push({
      ...(scope === undefined ? {} : { scope }),
      kind: kindOf(
        types,
        first.members.some((m) => node(m).type === 'add' && !(w.ins[m] ?? []).some((x) => x.from === first.entry)),
      ),
      layers: types.map((t) => getLayer(t)?.kerasClass ?? t),
      instances: list.map((f) => f.members.map((m) => node(m).id)),
      entries: list.map((f) => node(f.entry).id),
      varying,
    });
  }
  return groups;
}

/** `projection`: the Add takes no wire straight from the block's input (ResNet's first blocks). */
function kindOf(types: readonly string[], projection: boolean): string {
  const merge = types.find((t) => MERGE_KIND[t] !== undefined);
  if (merge === 'add' && types.includes('depthwiseConv2d')) return 'inverted residual';
  if (merge === 'add' && projection) return 'residual with projection';
  return merge === undefined ? 'repeated block' : (MERGE_KIND[merge] as string);
}

/** Every graph's repeated segments: the top level's, then each block definition's. */
export function findRepeats(doc: SkipwireDoc): RepeatGroup[] {
  return [...findRepeatsIn(doc), ...doc.blocks.flatMap((b) => findRepeatsIn(b, b.id))];
}

/** How many instances grouping would make in all. */
export const repeatCount = (groups: readonly RepeatGroup[]): number =>
  groups.reduce((n, g) => n + g.instances.length, 0);

/**
 * A group in words: `10 × inverted residual (Conv2D → BatchNormalization → ReLU → … → Add)`; a
 * block of more than six layers shows its first four and its last.
 */
export function describeRepeat(g: RepeatGroup): string {
  const l = g.layers;
  const shown = l.length > 6 ? [...l.slice(0, 4), '…', l[l.length - 1]] : l;
  return `${g.instances.length} × ${g.kind} (${shown.join(' → ')})`;
}
