/**
 * What the analysis (analyze.ts) has found so far while it walks the model: the layers in
 * topological order and what feeds each, the layers whose inference failed, the Keras names
 * taken, the layers that call a shared layer again, and the diagnostics (each reported once, at
 * the top-level node or at the instance that holds it). `Analyzer` extends it with the walk.
 */
import type { LayerIssue, ParamCount, ParamValues, Schema, Shape } from '../nodes';
import { getLayer, NO_PARAMS } from '../nodes';
import type { FlatLayer, NodeInfo } from './analysis';
import type { Diagnostic, Fix } from './diagnostics';
import { BLOCK_TYPE, type BlockDef, type DocNode, type SkipwireDoc } from './document';
import type { Expansion, Frame } from './expand';
import { toFix } from './memo';
import { anyStates, layerOf, PORT, portPath } from './ports';
import { type FactLog, NameLog, ReplayList } from './replay';
import { sharedInstancePrefix, sharedTarget, sharerMismatch } from './sharing';
import type { GraphCheck } from './validate';

/**
 * What a node of one expansion hands to the nodes it feeds, per output port, as a code: an index
 * into `Analyzer.layers`, `NONE` when unknown, or `-2 - i` for `Analyzer.failed[i]` (a layer
 * whose shape inference failed: it has a path but is not part of the model). A layer or a block
 * input has one port and stores the bare code; a block instance stores one code per output.
 */
export type Slot = number | readonly number[];
export const NONE = -1;
export { layerOf, PORT, portPath } from './ports';

export interface Checked {
  readonly block: BlockDef | undefined;
  readonly check: GraphCheck;
}

/** The lists an analysis made, kept per top-level structure for the next one (see `startWalk`). */
export interface Walked {
  readonly layers: readonly FlatLayer[];
  readonly feedStart: readonly number[];
  readonly feeds: readonly number[];
  readonly madeBy: readonly (DocNode | undefined)[];
  readonly madeIn: readonly Frame[];
  readonly madeWith: readonly ParamValues<Schema>[];
}
const lastWalks = new WeakMap<object, Walked>();

export class Findings {
  protected readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  protected readonly checks = new Map<string | undefined, Checked>();
  /**
   * The layers of the model so far, in topological order. Like the names, they replay the last
   * analysis of the same top-level structure (`startWalk`): an unchanged model writes no list.
   */
  protected layers = new ReplayList<FlatLayer>(undefined);
  /** The codes of the layers feeding `layers[i]` are `feeds[feedStart[i]]` … `feeds[feedStart[i + 1] - 1]`. */
  protected feedStart = new ReplayList<number>(undefined);
  protected feeds = new ReplayList<number>(undefined);
  /**
   * What each layer was made from: the node (undefined when the layer cannot be replayed: it
   * shares weights or has a warning), the frame and the params. Layer `j` of the last analysis
   * is this analysis's layer `j` when all of these and its feeds repeat and every list so far
   * has repeated (see `Analyzer.layer`).
   */
  protected madeBy = new ReplayList<DocNode | undefined>(undefined);
  protected madeIn = new ReplayList<Frame>(undefined);
  protected madeWith = new ReplayList<ParamValues<Schema>>(undefined);
  protected readonly failed: FlatLayer[] = [];
  /** The Keras names taken (`startWalk` keys it by the top-level structure). */
  private names: NameLog | undefined;
  private walkKey: object | undefined;
  /** Layers that call a shared layer again, with the count their own weights would have. */
  protected readonly sharers: { flat: FlatLayer; own: ParamCount; frame: Frame; node: DocNode }[] = [];

  constructor(protected readonly doc: SkipwireDoc) {}

  protected flat(code: number): FlatLayer {
    return (code >= 0 ? this.layers.at(layerOf(code)) : this.failed[-2 - code]) as FlatLayer;
  }

  protected shapeOf(code: number): Shape | undefined {
    if (code < PORT) return code >= 0 ? this.layers.at(code)?.shape : undefined;
    return this.layers.at(layerOf(code))?.states?.[Math.floor(code / PORT) - 1];
  }

  /** The path a wire from `code` names: the layer's, with `:port` for a state. */
  protected pathOf(code: number): string {
    return portPath(this.flat(code).path, code >= PORT ? Math.floor(code / PORT) : 0);
  }

  /** A wire from an output the layer does not have with its params (a state without return state). */
  protected noPort(frame: Frame, node: DocNode, src: DocNode | undefined, port: number): void {
    if (!src || src.type === BLOCK_TYPE) return;
    const why = getLayer(src.type)?.maxOutputs ? ' (its states are outputs only with "return state" on)' : '';
    this.reportAt(frame, node, {
      severity: 'error',
      message: `"${node.name}" takes output ${port + 1} of "${src.name}", which has no output ${port + 1}${why}.`,
    });
  }

  /** Whether `paths` name the outputs the codes `producers` stand for. */
  protected sameInputs(paths: readonly string[], producers: readonly number[]): boolean {
    if (paths.length !== producers.length) return false;
    for (let i = 0; i < paths.length; i++) if (paths[i] !== this.pathOf(producers[i] as number)) return false;
    return true;
  }

  /** The slot of `layers[i]`: its code, or one code per output for a layer with states. */
  protected slotOf(i: number): Slot {
    // A layer replayed from a list with no states anywhere has none: no read of the layer itself
    // (at 20,000 nodes that read is a cache miss per node on the warm path).
    const last = this.layers.replayedFrom(i);
    if (last && !anyStates(last)) return i;
    const n = this.layers.at(i)?.states?.length ?? 0;
    if (!n) return i;
    const out = [i];
    for (let p = 1; p <= n; p++) out.push(i + p * PORT);
    return out;
  }

  protected push(...ds: Diagnostic[]): void {
    for (const d of ds) {
      const key = `${d.blockId ?? ''}\u0000${d.nodeId}\u0000${d.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.diagnostics.push(d);
    }
  }

  protected shapesOf(codes: readonly number[]): (Shape | undefined)[] {
    const out = new Array<Shape | undefined>(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = this.shapeOf(codes[i] as number);
    return out;
  }

  private sameShapesOf(shapes: readonly (Shape | undefined)[], codes: readonly number[]): boolean {
    if (shapes.length !== codes.length) return false;
    for (let i = 0; i < codes.length; i++) if (shapes[i] !== this.shapeOf(codes[i] as number)) return false;
    return true;
  }

  protected inputPaths(producers: readonly number[]): string[] {
    const out = new Array<string>(producers.length);
    for (let i = 0; i < producers.length; i++) out[i] = this.pathOf(producers[i] as number);
    return out;
  }

  /**
   * The facts of a block instance whose layers are `layers[before]` onwards: the ones kept on its
   * expansion while they are equal (so that an unchanged instance allocates none), else new ones.
   */
  protected instanceInfo(
    x: Expansion,
    producers: readonly number[],
    outputs: readonly number[],
    before: number,
  ): NodeInfo {
    let trainable = 0;
    let nonTrainable = 0;
    for (let i = before; i < this.layers.length; i++) {
      const c = (this.layers.at(i) as FlatLayer).count;
      trainable += c.trainable;
      nonTrainable += c.nonTrainable;
    }
    const last = x.info;
    if (
      last &&
      last.count.trainable === trainable &&
      last.count.nonTrainable === nonTrainable &&
      this.sameShapesOf(last.inputShapes, producers) &&
      this.sameShapesOf(last.outputShapes, outputs)
    )
      return last;
    x.info = {
      inputShapes: this.shapesOf(producers),
      outputShapes: this.shapesOf(outputs),
      count: before < this.layers.length ? { trainable, nonTrainable } : NO_PARAMS,
    };
    return x.info;
  }

  /**
   * When the layer at hand is the last analysis's next layer (the same node, frame, params and
   * feeds, with every list and name so far repeated), takes it again without looking at it:
   * its shapes, result, name and facts are those of last time. Returns whether it did. `facts`
   * is where its facts go: the top level's log, nowhere, or (null) a map, which cannot replay.
   */
  protected repeatsLayer(
    node: DocNode,
    frame: Frame,
    params: ParamValues<Schema>,
    producers: readonly number[],
    facts: FactLog | undefined | null,
    base: string,
  ): boolean {
    if (
      !this.madeBy.repeats(node) ||
      !this.madeIn.repeats(frame) ||
      !this.madeWith.repeats(params) ||
      (frame.block !== undefined && frame.block.exposed.length > 0) ||
      (facts !== undefined && !facts?.replaying()) ||
      !this.layers.replaying() ||
      !this.feedStart.repeats(this.feeds.length + producers.length) ||
      !this.feeds.repeatsAll(producers) ||
      !this.repeatsName(base)
    )
      return false;
    this.uniqueName(base);
    facts?.skip();
    this.layers.skip(1);
    this.feeds.skip(producers.length);
    this.feedStart.skip(1);
    this.madeBy.skip(1);
    this.madeIn.skip(1);
    this.madeWith.skip(1);
    return true;
  }

  /** The layer a node with `shares` calls again: its checked params and path; null when it cannot. */
  protected sharedLayer(frame: Frame, node: DocNode): { params: ParamValues<Schema>; path: string } | null {
    const { check } = this.checks.get(frame.block?.id) as Checked;
    const r = sharedTarget(check, node, frame.pathPrefix);
    if (typeof r === 'string') this.reportAt(frame, node, { severity: 'error', message: r });
    return typeof r === 'string' ? null : r;
  }

  /** For an instance: the path prefix of the instance whose layers it shares, if any. */
  protected sharedInstance(frame: Frame, node: DocNode): string | undefined {
    const r = sharedInstancePrefix(frame, this.doc, node);
    if (r?.error) this.reportAt(frame, node, { severity: 'error', message: r.error });
    return r?.prefix;
  }

  /** A shared layer called again must take inputs its weights fit. */
  protected checkSharers(layers: readonly FlatLayer[]): void {
    if (!this.sharers.length) return;
    const byPath = new Map(layers.map((l) => [l.path, l]));
    for (const { flat, own, frame, node } of this.sharers) {
      const message = sharerMismatch(own, byPath.get(flat.sharedWith as string));
      if (message) this.reportAt(frame, node, { severity: 'error', message });
    }
  }

  /**
   * Starts the names and lists of an analysis of the top-level structure `key` (see replay.ts);
   * `endWalk` keeps them for the next analysis and returns the lists.
   */
  protected startWalk(key: object): void {
    this.names = new NameLog(key);
    const last = lastWalks.get(key);
    this.walkKey = key;
    this.layers = new ReplayList(last?.layers);
    this.feedStart = new ReplayList(last?.feedStart);
    this.feeds = new ReplayList(last?.feeds);
    this.madeBy = new ReplayList(last?.madeBy);
    this.madeIn = new ReplayList(last?.madeIn);
    this.madeWith = new ReplayList(last?.madeWith);
    this.feedStart.push(0);
  }

  protected endWalk(): Walked {
    this.names?.save();
    const walked = {
      layers: this.layers.done(),
      feedStart: this.feedStart.done(),
      feeds: this.feeds.done(),
      madeBy: this.madeBy.done(),
      madeIn: this.madeIn.done(),
      madeWith: this.madeWith.done(),
    };
    if (this.walkKey) lastWalks.set(this.walkKey, walked);
    return walked;
  }

  protected repeatsName(base: string): boolean {
    return this.names?.repeats(base) === true;
  }

  protected uniqueName(base: string): string {
    this.names ??= new NameLog({});
    return this.names.unique(base);
  }

  protected reportIssue(frame: Frame, node: DocNode, issue: LayerIssue, severity: Diagnostic['severity']): void {
    const scope = frame.block?.id;
    const graph = frame.block ?? this.doc;
    const { check } = this.checks.get(scope) as Checked;
    const fixes = (issue.fixes ?? [])
      .map((f) => toFix(f, scope, graph, node, check))
      .filter((f): f is Fix => f !== undefined);
    this.reportAt(frame, node, {
      severity,
      message: issue.message,
      ...(issue.param ? { param: issue.param } : {}),
      ...(fixes.length ? { fixes } : {}),
    });
  }

  /** Reports at the node itself (top level), or at the top-level instance that contains it. */
  protected reportAt(frame: Frame, node: DocNode, d: Omit<Diagnostic, 'nodeId'>): void {
    if (!frame.top) {
      this.push({ nodeId: node.id, ...d });
      return;
    }
    const where = frame.blockNames.map((b) => `block "${b}"`).join(' › ');
    this.push({
      ...d,
      nodeId: frame.top.id,
      path: [...frame.path, node.id],
      message: `In ${where}, layer "${node.name}": ${d.message}`,
    });
  }
}

/** Sum of the counts of `layers[from]` … `layers[to - 1]`, added in order. */
export function sum(layers: { at(i: number): FlatLayer | undefined }, from: number, to: number): ParamCount {
  if (from >= to) return NO_PARAMS;
  let trainable = 0;
  let nonTrainable = 0;
  for (let i = from; i < to; i++) {
    const c = (layers.at(i) as FlatLayer).count;
    trainable += c.trainable;
    nonTrainable += c.nonTrainable;
  }
  return { trainable, nonTrainable };
}

/** The last position of a node id in a topological order, or -1. */
export function lastPosition(order: readonly DocNode[], id: string): number {
  for (let k = order.length - 1; k >= 0; k--) if (order[k]?.id === id) return k;
  return -1;
}

const totals = new WeakMap<readonly FlatLayer[], ParamCount>();

/** `sum` of a whole finished list, once per list (lists are never written once made). */
export function total(layers: readonly FlatLayer[]): ParamCount {
  let t = totals.get(layers);
  if (!t) {
    t = sum(layers, 0, layers.length);
    totals.set(layers, t);
  }
  return t;
}
