/**
 * The model's live layers: those its outputs depend on, found after the expansion. A layer inside
 * a block that reaches neither a block output nor the model's outputs is not part of the model
 * (Keras would drop it) and gets a warning. Also which output ports of the top-level nodes a wire
 * consumes (the others are the model's outputs), memoized per wire list.
 */
import type { FlatLayer } from './analysis';
import type { Diagnostic } from './diagnostics';
import type { DocEdge, SkipwireDoc } from './document';
import { PORT } from './findings';

const NO_LAYERS: readonly FlatLayer[] = Object.freeze([]);

export interface Liveness {
  /** The live layers, in order: the input array itself when all are live. */
  readonly live: readonly FlatLayer[];
  readonly dead: readonly FlatLayer[];
}

const lastLiveness = new WeakMap<
  readonly FlatLayer[],
  { feedStart: readonly number[]; feeds: readonly number[]; outputs: readonly number[]; liveness: Liveness }
>();

/**
 * `liveByIndex`, remembered per layer list: the lists of an unchanged model are the previous
 * analysis's own (see `ReplayList`), so are its live layers.
 */
export function liveOf(
  layers: readonly FlatLayer[],
  feedStart: readonly number[],
  feeds: readonly number[],
  outputs: readonly number[],
): Liveness {
  const hit = lastLiveness.get(layers);
  if (hit && hit.feedStart === feedStart && hit.feeds === feeds && sameNumbers(hit.outputs, outputs))
    return hit.liveness;
  const liveness = liveByIndex(layers, feedStart, feeds, outputs);
  lastLiveness.set(layers, { feedStart, feeds, outputs, liveness });
  return liveness;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The layers the outputs (indices into `layers`) depend on; the layers feeding `layers[i]` are
 * `feeds[feedStart[i]]` … `feeds[feedStart[i + 1] - 1]`. Layers only feed layers after them, so
 * one pass from the last layer back finds them all.
 */
export function liveByIndex(
  layers: readonly FlatLayer[],
  feedStart: readonly number[],
  feeds: readonly number[],
  outputs: readonly number[],
): Liveness {
  const n = layers.length;
  const keep = new Uint8Array(n);
  for (const c of outputs) if (c >= 0) keep[c % PORT] = 1;
  let dead = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (!keep[i]) {
      dead++;
      continue;
    }
    for (let f = feedStart[i] as number; f < (feedStart[i + 1] as number); f++) keep[(feeds[f] as number) % PORT] = 1;
  }
  if (!dead) return { live: layers, dead: NO_LAYERS };
  return { live: layers.filter((_, i) => keep[i]), dead: layers.filter((_, i) => !keep[i]) };
}

/** `liveByIndex` by path, for when two layers may share one. */
export function liveByPath(layers: readonly FlatLayer[], outputs: readonly string[]): Liveness {
  const byPath = new Map(layers.map((l) => [l.path, l]));
  const keep = new Set<string>();
  const stack = [...outputs];
  while (stack.length) {
    const p = stack.pop() as string;
    if (keep.has(p)) continue;
    keep.add(p);
    for (const i of byPath.get(p)?.inputs ?? []) stack.push(i.replace(/:\d+$/, ''));
  }
  const dead = layers.filter((l) => !keep.has(l.path));
  return { live: dead.length ? layers.filter((l) => keep.has(l.path)) : layers, dead };
}

/** The warnings for dead layers inside blocks, reported at their top-level instance. */
export function deadWarnings(doc: SkipwireDoc, dead: readonly FlatLayer[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const l of dead) {
    const [top, ...rest] = l.path.split('/');
    if (!rest.length) continue;
    const inst = doc.nodes.find((n) => n.id === top);
    out.push({
      nodeId: top as string,
      path: rest,
      severity: 'warning',
      message: `In block "${doc.blocks.find((b) => b.id === inst?.block)?.name ?? '?'}", layer "${rest.at(-1)}" leads to no output of the block, so it is not part of the model. Connect it or delete it.`,
    });
  }
  return out;
}

export type Consumed = (id: string, port: number) => boolean;
const consumedCache = new WeakMap<readonly DocEdge[], Consumed>();

/** Whether a wire leaves output `port` of node `id`, over all wires (usable or not). */
export function consumedPorts(edges: readonly DocEdge[]): Consumed {
  let fn = consumedCache.get(edges);
  if (!fn) {
    fn = makeConsumed(edges);
    consumedCache.set(edges, fn);
  }
  return fn;
}

function makeConsumed(edges: readonly DocEdge[]): Consumed {
  const first = new Set<string>();
  let other: Set<string> | undefined;
  for (const e of edges) {
    if (e.sourcePort === undefined || e.sourcePort === 0) first.add(`${e.source}`);
    else {
      other ??= new Set();
      other.add(`${e.source}:${e.sourcePort}`);
    }
  }
  return (id, port) => (port === 0 && first.has(`${id}`)) || other?.has(`${id}:${port}`) === true;
}
