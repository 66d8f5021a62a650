/**
 * Pieces shared by the two finders of repeated blocks (repeats.ts: modules closed by a merge;
 * repeatChains.ts: runs of layers without one): params compared without their sizes, the wiring
 * by index, and the names test that keeps every Keras layer name when the repeats are grouped.
 */
import { getLayer } from '../nodes';
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type DocNode, type Graph } from './document';

/** Params that size a layer rather than shape its kind: they may differ between instances. */
export const SIZE_PARAMS: readonly string[] = [
  'filters',
  'units',
  'kernelSize',
  'strides',
  'depthMultiplier',
  'poolSize',
];

export const isLayer = (n: DocNode): boolean =>
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

/** A layer written without its sizes: type, frozen or not, the other params with defaults. */
export function sizeless(n: DocNode): string {
  const params = fullParams(n);
  for (const k of SIZE_PARAMS) delete params[k];
  return `${n.type}${n.trainable === false ? '!' : ''}${stable(params)}`;
}

export interface Wiring {
  readonly index: Map<string, number>;
  readonly ins: (readonly { from: number; port: number; sourcePort: number }[])[];
  readonly outs: number[][];
}

export function wiring(graph: Graph): Wiring {
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

/** The prefix every name starts with, cut after its last `_` (`block_2_`), or ''. */
export function namePrefix(names: readonly string[]): string {
  let p = names[0] ?? '';
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  const cut = p.lastIndexOf('_');
  return cut > 0 && names.every((n) => n.length > cut + 1) ? p.slice(0, cut + 1) : '';
}

/** How grouped repeats are named so that every layer keeps its Keras name: `<instance>_<inner>`. */
export interface RepeatNames {
  /** Per instance: its name (`block_2`). */
  readonly instances: readonly string[];
  /** Per layer of the block, in canonical order: its name inside the definition (`expand`). */
  readonly inner: readonly string[];
  /**
   * When the names cannot be rebuilt from a prefix (`conv2d_5`, Inception's `mixed0`): per
   * instance, per layer in canonical order, the Keras name the instance maps it to
   * (`DocNode.names`); `instances` is then empty and the instances are numbered after the block.
   */
  readonly maps?: readonly (readonly string[])[];
}

/**
 * Names that give back every layer name exactly once the repeats are grouped, or undefined: each
 * repeat's names must be `<its prefix>_<inner>` with the same inner names in every repeat, and the
 * instance names must be new in the graph (`others`: names of the layers that stay) and distinct.
 * `prefixes` (with their `_`) when the caller chose them; else each repeat's common prefix.
 */
export function exactNames(
  lists: readonly (readonly string[])[],
  others: ReadonlySet<string>,
  prefixes: readonly string[] = lists.map(namePrefix),
): RepeatNames | undefined {
  const inner = (lists[0] ?? []).map((n) => n.slice((prefixes[0] ?? '').length));
  const ok =
    prefixes.every((p) => p.length > 1 && p.endsWith('_')) &&
    lists.every((list, k) =>
      list.every((n, i) => n.startsWith(prefixes[k] as string) && n.slice((prefixes[k] as string).length) === inner[i]),
    ) &&
    inner.every((n) => n.length > 0) &&
    new Set(inner).size === inner.length;
  if (!ok) return undefined;
  const instances = prefixes.map((p) => p.slice(0, -1));
  if (new Set(instances).size !== instances.length || instances.some((n) => others.has(n))) return undefined;
  return { instances, inner };
}

/**
 * Names for repeats whose Keras names share no prefix: inner layers named by type (`conv2d`,
 * `conv2d_1`), every layer's own name kept through the instance's name map. Undefined when two
 * layers of the repeats have the same name (no map could give both back).
 */
export function mappedNames(lists: readonly (readonly string[])[], types: readonly string[]): RepeatNames | undefined {
  const all = lists.flat();
  if (new Set(all).size !== all.length || all.some((n) => n.length === 0)) return undefined;
  const seen = new Set<string>();
  const inner = types.map((t) => {
    const base = t.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    let n = base;
    for (let i = 1; seen.has(n); i++) n = `${base}_${i}`;
    seen.add(n);
    return n;
  });
  return { instances: [], inner, maps: lists };
}
