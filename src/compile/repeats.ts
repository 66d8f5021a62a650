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
 * 4. **Runs without a merge** (MobileNetV2's blocks without a shortcut): the one-layer segments
 *    left, cut into pieces by Keras name prefix and confirmed by structure (repeatChains.ts).
 * 5. **Names kept.** Repeats whose layer names are `<instance>_<inner>` (`block_2_expand` =
 *    instance `block_2`, inner `expand`) are named so (`exactNames`); others (`conv2d_5`,
 *    Inception's `mixed0`) keep each Keras name through the instance's name map (`mappedNames`).
 *
 * Linear in the size of the graph (each node is in one segment; a signature is as long as its
 * segment). Pure; reads only the document.
 */

import { getLayer } from '../nodes';
import type { DocNode, Graph, SkipwireDoc } from './document';
import { findChains } from './repeatChains';
import {
  exactNames,
  fullParams,
  isLayer,
  mappedNames,
  type RepeatNames,
  SIZE_PARAMS,
  sizeless,
  stable,
  type Wiring,
  wiring,
} from './repeatParts';
import { topologicalOrder } from './topo';

export { fullParams, type RepeatNames, SIZE_PARAMS, stable } from './repeatParts';

/** One set of repeated segments of a graph: the instances of one block. */
export interface RepeatGroup {
  /** The block definition whose graph holds the repeats; undefined for the top level. */
  readonly scope?: string;
  /**
   * What the block is, in words: `inverted residual`, `inverted residual without shortcut`,
   * `residual`, `residual with projection`, `mixed module`, `repeated block`.
   */
  readonly kind: string;
  /** The Keras class of each layer of the block, in canonical order. */
  readonly layers: readonly string[];
  /** Per instance: its node ids in canonical order (the last one is the block's output). */
  readonly instances: readonly (readonly string[])[];
  /** Per instance: the node feeding it (its one input). */
  readonly entries: readonly string[];
  /** Size params that differ between instances: the layer's canonical index and the param. */
  readonly varying: readonly { readonly index: number; readonly param: string }[];
  /** Instance and inner names that give back every Keras layer name once grouped. */
  readonly names: RepeatNames;
}

const ACTIVATION_TYPES = new Set(['activation', 'relu', 'leakyReLU', 'elu', 'prelu', 'softmax', 'thresholdedReLU']);
const MERGE_KIND: Readonly<Record<string, string>> = { add: 'residual', concatenate: 'mixed module' };

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
      const wires = (w.ins[m] ?? []).map((x) =>
        x.from === entry ? `in:${x.sourcePort}` : `${pos.get(x.from)}:${x.sourcePort}`,
      );
      return `${sizeless(graph.nodes[m] as DocNode)}<${wires.join(',')}>`;
    })
    .join(';');
}

/** The repeated segments of one graph (the top level, or a definition's when `scope` is given). */
export function findRepeatsIn(graph: Graph, scope?: string): RepeatGroup[] {
  const w = wiring(graph);
  const node = (i: number) => graph.nodes[i] as DocNode;
  const found: Found[] = [];
  const segs = segments(graph, w);
  for (const seg of segs) {
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
  const allNames = new Set(graph.nodes.map((n) => n.name));
  const instanceNames = new Set<string>();
  const taken = new Set<number>();
  const add = (
    kind: string,
    entries: readonly number[],
    instances: readonly (readonly number[])[],
    names: RepeatNames,
  ) => {
    // Two groups may not make instances of the same name.
    if (names.instances.some((n) => instanceNames.has(n))) return;
    for (const n of names.instances) instanceNames.add(n);
    for (const m of instances.flat()) taken.add(m);
    const first = instances[0] as readonly number[];
    groups.push({
      ...(scope === undefined ? {} : { scope }),
      kind,
      layers: first.map((m) => getLayer(node(m).type)?.kerasClass ?? node(m).type),
      instances: instances.map((list) => list.map((m) => node(m).id)),
      entries: entries.map((e) => node(e).id),
      varying: varyingSizes(graph, instances),
      names,
    });
  };
  for (const list of bySignature.values()) {
    if (list.length < 2) continue;
    // An instance name (a prefix without its `_`) is never one of its own layers' names.
    const lists = list.map((f) => f.members.map((m) => node(m).name));
    const names =
      exactNames(lists, allNames) ??
      mappedNames(
        lists,
        (list[0] as Found).members.map((m) => node(m).type),
      );
    if (!names) continue;
    const first = list[0] as Found;
    const types = first.members.map((m) => node(m).type);
    const projection = first.members.some(
      (m) => node(m).type === 'add' && !(w.ins[m] ?? []).some((x) => x.from === first.entry),
    );
    add(
      kindOf(types, projection),
      list.map((f) => f.entry),
      list.map((f) => f.members),
      names,
    );
  }
  for (const c of findChains(graph, w, segs, taken)) {
    const types = (c.instances[0] ?? []).map((m) => node(m).type);
    add(
      types.includes('depthwiseConv2d') ? 'inverted residual without shortcut' : 'repeated block',
      c.entries,
      c.instances,
      c.names,
    );
  }
  return groups;
}

/** Size params that differ between the instances, by canonical index. */
function varyingSizes(graph: Graph, instances: readonly (readonly number[])[]): { index: number; param: string }[] {
  const node = (i: number) => graph.nodes[i] as DocNode;
  const varying: { index: number; param: string }[] = [];
  (instances[0] ?? []).forEach((m, index) => {
    const spec = getLayer(node(m).type)?.params ?? {};
    for (const param of SIZE_PARAMS) {
      if (!Object.hasOwn(spec, param)) continue;
      const values = new Set(instances.map((list) => stable(fullParams(node(list[index] as number))[param])));
      if (values.size > 1) varying.push({ index, param });
    }
  });
  return varying;
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
