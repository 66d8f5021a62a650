/**
 * Repeated runs of layers with no merge closing them (MobileNetV2's blocks without a shortcut:
 * expand → BN → ReLU → depthwise → BN → ReLU → project → BN), found in linear time:
 *
 * 1. **Runs.** Consecutive one-layer segments between cut nodes (each layer fed by the one before
 *    it and feeding only the next) that no merge-closed repeat took make a run.
 * 2. **Pieces.** The Keras names cut a run into pieces: consecutive layers whose names start with
 *    the same first `d` words (`block_3_` for d = 2; ResNet's `conv2_block1_`, EfficientNet's
 *    `block1a_` for d = 1). Each d from 1 to 3 is tried; the one that groups the most layers wins.
 * 3. **Confirmed by structure.** Pieces of two or more layers with the same layer types, non-size
 *    params and inner names (the name after the prefix) are instances of one block.
 */
import type { DocNode, Graph } from './document';
import { exactNames, isLayer, type RepeatNames, sizeless, type Wiring } from './repeatParts';

/** A repeated run: per instance its entry and members (in order), and the names that keep Keras'. */
export interface ChainGroup {
  readonly entries: readonly number[];
  readonly instances: readonly (readonly number[])[];
  readonly names: RepeatNames;
}

const MAX_DEPTH = 3;

/** The first `d` words of a name with their `_` (`block_3_`), if more words follow. */
function key(name: string, d: number): string | undefined {
  let at = -1;
  for (let i = 0; i < d; i++) {
    at = name.indexOf('_', at + 1);
    if (at < 0) return undefined;
  }
  return at + 1 < name.length ? name.slice(0, at + 1) : undefined;
}

/**
 * The repeated runs of `graph` among the one-layer `segments` (entry, members) not in `taken`,
 * whose instances' names keep every Keras layer name (an instance name no layer has yet).
 */
export function findChains(
  graph: Graph,
  w: Wiring,
  segments: readonly { entry: number; members: readonly number[] }[],
  taken: ReadonlySet<number>,
): ChainGroup[] {
  const node = (i: number) => graph.nodes[i] as DocNode;
  // Runs: each link is one layer fed only by the link before it (or the run's entry).
  const runs: { entry: number; members: number[] }[] = [];
  let run: { entry: number; members: number[] } | undefined;
  for (const seg of segments) {
    const v = seg.members[0] as number;
    const ins = w.ins[v] ?? [];
    const link =
      seg.members.length === 1 &&
      !taken.has(v) &&
      isLayer(node(v)) &&
      ins.length === 1 &&
      ins[0]?.sourcePort === 0 &&
      (run === undefined || run.members[run.members.length - 1] === seg.entry);
    if (!link) {
      if (run) runs.push(run);
      run = undefined;
      continue;
    }
    if (run) run.members.push(v);
    else run = { entry: seg.entry, members: [v] };
  }
  if (run) runs.push(run);
  const allNames = new Set(graph.nodes.map((n) => n.name));
  let best: ChainGroup[] = [];
  let bestSize = 0;
  for (let d = 1; d <= MAX_DEPTH; d++) {
    const groups = chainsAt(runs, node, d, allNames);
    const size = groups.reduce((s, g) => s + g.instances.length * (g.instances[0]?.length ?? 0), 0);
    if (size > bestSize) {
      best = groups;
      bestSize = size;
    }
  }
  return best;
}

function chainsAt(
  runs: readonly { entry: number; members: readonly number[] }[],
  node: (i: number) => DocNode,
  d: number,
  allNames: ReadonlySet<string>,
): ChainGroup[] {
  const pieces: { entry: number; members: number[]; prefix: string }[] = [];
  for (const r of runs) {
    let entry = r.entry;
    let piece: { entry: number; members: number[]; prefix: string } | undefined;
    for (const v of r.members) {
      const k = key(node(v).name, d);
      if (piece && k === piece.prefix) piece.members.push(v);
      else {
        if (piece && piece.members.length > 1) pieces.push(piece);
        piece = k === undefined ? undefined : { entry, members: [v], prefix: k };
      }
      entry = v;
    }
    if (piece && piece.members.length > 1) pieces.push(piece);
  }
  const bySignature = new Map<string, typeof pieces>();
  for (const p of pieces) {
    const sig = p.members.map((m) => `${sizeless(node(m))}:${node(m).name.slice(p.prefix.length)}`).join(';');
    const list = bySignature.get(sig);
    if (list) list.push(p);
    else bySignature.set(sig, [p]);
  }
  const groups: ChainGroup[] = [];
  for (const list of bySignature.values()) {
    if (list.length < 2) continue;
    // An instance name (a prefix without its `_`) is never one of its own layers' names.
    const names = exactNames(
      list.map((p) => p.members.map((m) => node(m).name)),
      allNames,
      list.map((p) => p.prefix),
    );
    if (names) groups.push({ entries: list.map((p) => p.entry), instances: list.map((p) => p.members), names });
  }
  return groups;
}
