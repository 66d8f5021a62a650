/**
 * Analysis of a document: structural validation of every graph, then shape inference and
 * parameter counts over the model with block instances expanded, in topological order. Pure,
 * no tfjs, never throws. The compiler and the summary read the flattened layers it returns.
 *
 * Documents are immutable and edits share unchanged objects, so the work is memoized by object:
 * graph structure per wire list (structure.ts), params and shape results per node object and
 * input shapes (memo.ts), strings and layers per block instance (`Expansion`, expand.ts). An
 * analysis after an edit redoes the edited nodes and those whose input shapes changed; the rest
 * is lookups.
 * The result is always exactly that of a first analysis (src/compile/incremental.test.ts).
 */
import {
  type AnyLayerDef,
  getLayer,
  type LayerIssue,
  NO_PARAMS,
  type ParamCount,
  type ParamValues,
  type Schema,
  type Shape,
} from '../nodes';
import type { Diagnostic, Fix } from './diagnostics';
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type BlockDef, type DocNode, type SkipwireDoc } from './document';
import { baseName, type Frame, instanceFrame, topFrame } from './expand';
import { freshId } from './ids';
import { consumedPorts, deadWarnings, liveByIndex, liveByPath } from './live';
import { checkBlock, exposedValues, type Inferred, inferAt, toFix } from './memo';
import { sharedInstancePrefix, sharedTarget, sharerMismatch } from './sharing';
import { unusedOutputWarnings } from './unusedOutputs';
import { checkGraph, type GraphCheck } from './validate';

export { layerName } from './expand';

/** One layer of the model as Keras will see it, with block instances expanded. */
export interface FlatLayer {
  /** Node ids from the top level down: `apes_1/add` for a layer inside instance `apes_1`. */
  readonly path: string;
  readonly type: string;
  readonly def: AnyLayerDef;
  /** Keras-legal, unique layer name: `apes_block_1_add`. */
  readonly name: string;
  readonly params: ParamValues<Schema>;
  /** The params handed to tfjs (`params` made concrete for the input shapes). */
  readonly buildParams: ParamValues<Schema>;
  /** Paths of the layers feeding each input, in port order. */
  readonly inputs: readonly string[];
  /** Output shape, undefined when an error upstream (or here) leaves it unknown. */
  readonly shape: Shape | undefined;
  readonly count: ParamCount;
  /** False for a frozen layer (Keras `trainable=False`). */
  readonly trainable: boolean;
  /** Path of the layer whose weights this one uses (a shared layer called again); it counts none. */
  readonly sharedWith?: string;
}

export interface NodeInfo {
  readonly inputShapes: readonly (Shape | undefined)[];
  /** One entry per output port (layers have one). */
  readonly outputShapes: readonly (Shape | undefined)[];
  readonly count: ParamCount;
}

export interface Analysis {
  /** True when there is no error: the document compiles. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Facts about each top-level node. */
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** Facts about the nodes of each block definition, as seen through its first instance. */
  readonly blocks: ReadonlyMap<string, ReadonlyMap<string, NodeInfo>>;
  /** The model's layers in topological order. */
  readonly layers: readonly FlatLayer[];
  /** Paths of the model's input layers, in document order. */
  readonly inputs: readonly string[];
  /** Paths of the model's output layers (consumed by nothing), in document order. */
  readonly outputs: readonly string[];
  readonly totals: ParamCount;
}

export function analyze(doc: SkipwireDoc): Analysis {
  try {
    return new Analyzer(doc).run();
  } catch (e) {
    // A bug must not take the editor down; report it at the model level.
    const message = `Internal error while analysing the model: ${e instanceof Error ? e.message : String(e)}`;
    return {
      ok: false,
      diagnostics: [{ nodeId: '', severity: 'error', message }],
      nodes: new Map(),
      blocks: new Map(),
      layers: [],
      inputs: [],
      outputs: [],
      totals: NO_PARAMS,
    };
  }
}

/**
 * Shape results by position in the top-level graph's order (see `inferAt`), per graph structure:
 * keyed by the structure's `inputStart`, which checks of the same structure share. (Inside a
 * block instance, its `Expansion` keeps them.)
 */
const topResults = new WeakMap<Int32Array, (Inferred | undefined)[]>();

/**
 * What a node of one expansion hands to the nodes it feeds, per output port, as a code: an index
 * into `Analyzer.layers`, `NONE` when unknown, or `-2 - i` for `Analyzer.failed[i]` (a layer
 * whose shape inference failed: it has a path but is not part of the model). A layer or a block
 * input has one port and stores the bare code; a block instance stores one code per output.
 */
type Slot = number | readonly number[];
const NONE = -1;

interface Checked {
  readonly block: BlockDef | undefined;
  readonly check: GraphCheck;
}

class Analyzer {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly checks = new Map<string | undefined, Checked>();
  /** The layers of the model so far, in topological order. */
  private readonly layers: FlatLayer[] = [];
  /** The codes of the layers feeding `layers[i]` are `feeds[feedStart[i]]` … `feeds[feedStart[i + 1] - 1]`. */
  private readonly feedStart: number[] = [0];
  private readonly feeds: number[] = [];
  private readonly failed: FlatLayer[] = [];
  /** Set when two layers may share a path (see `CheckPlan`): liveness is then found by path. */
  private pathsMayRepeat = false;
  private readonly names = new Set<string>();
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly blocks = new Map<string, Map<string, NodeInfo>>();
  /** Input codes and shapes of the layer at hand, one array per number of inputs, reused from layer to layer. */
  private readonly producers: number[][] = [];
  /** Layers that call a shared layer again, with the count their own weights would have. */
  private readonly sharers: { flat: FlatLayer; own: ParamCount; frame: Frame; node: DocNode }[] = [];
  private readonly scratch: (Shape | undefined)[][] = [];

  constructor(private readonly doc: SkipwireDoc) {}

  run(): Analysis {
    const top = checkGraph(this.doc, this.doc);
    this.checks.set(undefined, { block: undefined, check: top });
    this.push(...top.diagnostics);
    for (const b of this.doc.blocks) {
      const c = checkBlock(this.doc, b);
      this.checks.set(b.id, { block: b, check: c });
      this.push(...c.diagnostics);
    }
    const consumed = consumedPorts(this.doc.edges);
    const outs = this.expand(topFrame(), []);
    const inputs: string[] = [];
    const outputs: string[] = [];
    const outputCodes: number[] = [];
    const position = top.plan.position;
    this.doc.nodes.forEach((n, i) => {
      const at = position[i] as number;
      if (at < 0) return;
      const o = outs[at] as Slot;
      const first = typeof o === 'number' ? o : (o[0] ?? NONE);
      if (n.type === 'input' && first !== NONE) inputs.push(this.flat(first).path);
      else if (n.type !== 'input') {
        const count = typeof o === 'number' ? 1 : o.length;
        for (let port = 0; port < count; port++) {
          const code = typeof o === 'number' ? o : (o[port] as number);
          if (code !== NONE && !consumed(n.id, port)) {
            outputs.push(this.flat(code).path);
            outputCodes.push(code);
          }
        }
      }
    });
    this.checkSharers();
    const { live: layers, dead } = this.pathsMayRepeat
      ? liveByPath(this.layers, outputs)
      : liveByIndex(this.layers, this.feedStart, this.feeds, outputCodes);
    if (dead.length) this.push(...deadWarnings(this.doc, dead));
    if (outputs.length > 1) this.push(...unusedOutputWarnings(this.doc, layers, outputs));
    const totals = sum(layers, 0, layers.length);
    return {
      ok: !this.diagnostics.some((d) => d.severity === 'error') && outputs.length > 0,
      diagnostics: this.diagnostics,
      nodes: this.nodes,
      blocks: this.blocks,
      layers,
      inputs,
      outputs,
      totals,
    };
  }

  private flat(code: number): FlatLayer {
    return (code >= 0 ? this.layers[code] : this.failed[-2 - code]) as FlatLayer;
  }

  private shapeOf(code: number): Shape | undefined {
    return code >= 0 ? this.layers[code]?.shape : undefined;
  }

  private push(...ds: Diagnostic[]): void {
    for (const d of ds) {
      const key = `${d.blockId ?? ''}\u0000${d.nodeId}\u0000${d.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.diagnostics.push(d);
    }
  }

  /** Expands one graph; `feeds` are the layers feeding a block's inputs. Returns each position's slot. */
  private expand(frame: Frame, feeds: readonly number[]): Slot[] {
    const { check } = this.checks.get(frame.block?.id) as Checked;
    const { order, plan } = check;
    if (plan.pathsMayRepeat) this.pathsMayRepeat = true;
    const outs: Slot[] = new Array(order.length);
    // Top-level facts always; a definition's facts from its first instance only.
    let record: Map<string, NodeInfo> | undefined = this.nodes;
    if (frame.block) {
      record = this.blocks.has(frame.block.id) ? undefined : new Map();
      if (record) this.blocks.set(frame.block.id, record);
    }
    const { inputStart, inputSource, inputPort } = plan;
    let results = frame.expansion?.inferred ?? topResults.get(inputStart);
    if (!results) {
      results = [];
      topResults.set(inputStart, results);
    }
    for (let k = 0; k < order.length; k++) {
      const node = order[k] as DocNode;
      if (node.type === BLOCK_INPUT_TYPE) {
        const code = feeds[frame.block?.inputs.indexOf(node.id) ?? -1] ?? NONE;
        outs[k] = code;
        record?.set(node.id, { inputShapes: [], outputShapes: [this.shapeOf(code)], count: NO_PARAMS });
        continue;
      }
      const from = inputStart[k] as number;
      const arity = (inputStart[k + 1] as number) - from;
      // A layer's producers are read before the next layer's, so layers share one array per
      // arity; an instance keeps its own (its inner layers run while it is in use).
      const instance = node.type === BLOCK_TYPE;
      let producers = instance ? undefined : this.producers[arity];
      if (!producers) {
        producers = new Array<number>(arity).fill(NONE);
        if (!instance) this.producers[arity] = producers;
      }
      for (let j = 0; j < arity; j++) {
        const src = inputSource[from + j] as number;
        const o = src >= 0 ? (outs[src] as Slot) : NONE;
        producers[j] = typeof o === 'number' ? o : (o[inputPort[from + j] as number] ?? NONE);
      }
      if (instance) {
        const o = this.expandInstance(node, frame, producers, k);
        outs[k] = o.outputs;
        record?.set(node.id, {
          inputShapes: producers.map((c) => this.shapeOf(c)),
          outputShapes: o.outputs.map((c) => this.shapeOf(c)),
          count: o.count,
        });
        continue;
      }
      outs[k] = this.layer(node, frame, plan.params[k], producers, record, results, k);
    }
    return outs;
  }

  private expandInstance(
    node: DocNode,
    frame: Frame,
    producers: readonly number[],
    at: number,
  ): { outputs: readonly number[]; count: ParamCount } {
    const def = this.doc.blocks.find((b) => b.id === node.block) as BlockDef;
    const checked = this.checks.get(def.id);
    if (!checked || checked.check.hasErrors) {
      this.reportAt(frame, node, {
        severity: 'error',
        message: `Block "${def.name}" has errors; open the block to fix them.`,
      });
      return { outputs: def.outputs.map(() => NONE), count: NO_PARAMS };
    }
    const before = this.layers.length;
    const name = this.uniqueName(baseName(frame, node, at));
    const shares = this.sharedInstance(frame, node);
    const outs = this.expand(instanceFrame(frame, node, def, name, shares), producers);
    // Two definitions may share an id: then find the outputs by id, as the first one names them.
    const ends =
      checked.block === def ? checked.check.plan.outputs : def.outputs.map((o) => lastPosition(checked.check.order, o));
    const outputs = def.outputs.map((_, j) => {
      const p = ends[j] ?? -1;
      if (p < 0) return NONE;
      const o = outs[p] as Slot;
      return typeof o === 'number' ? o : (o[0] ?? NONE);
    });
    return { outputs, count: sum(this.layers, before, this.layers.length) };
  }

  /** The layer a node with `shares` calls again: its checked params and path; null when it cannot. */
  private sharedLayer(frame: Frame, node: DocNode): { params: ParamValues<Schema>; path: string } | null {
    const { check } = this.checks.get(frame.block?.id) as Checked;
    const r = sharedTarget(check, node, frame.pathPrefix);
    if (typeof r === 'string') this.reportAt(frame, node, { severity: 'error', message: r });
    return typeof r === 'string' ? null : r;
  }

  /** For an instance: the path prefix of the instance whose layers it shares, if any. */
  private sharedInstance(frame: Frame, node: DocNode): string | undefined {
    const r = sharedInstancePrefix(frame, this.doc, node);
    if (r?.error) this.reportAt(frame, node, { severity: 'error', message: r.error });
    return r?.prefix;
  }

  /** A shared layer called again must take inputs its weights fit. */
  private checkSharers(): void {
    if (!this.sharers.length) return;
    const byPath = new Map(this.layers.map((l) => [l.path, l]));
    for (const { flat, own, frame, node } of this.sharers) {
      const message = sharerMismatch(own, byPath.get(flat.sharedWith as string));
      if (message) this.reportAt(frame, node, { severity: 'error', message });
    }
  }

  private uniqueName(base: string): string {
    // `freshId` then `add`, with one lookup when `base` is free (the common case).
    const size = this.names.size;
    this.names.add(base);
    if (this.names.size !== size) return base;
    const name = freshId(base, this.names);
    this.names.add(name);
    return name;
  }

  /** Infers one layer and records its facts; returns its slot code. */
  private layer(
    node: DocNode,
    frame: Frame,
    params: ParamValues<Schema> | undefined,
    producers: readonly number[],
    record: Map<string, NodeInfo> | undefined,
    results: (Inferred | undefined)[],
    at: number,
  ): number {
    const arity = producers.length;
    let shapes = this.scratch[arity];
    if (!shapes) {
      shapes = new Array(arity).fill(undefined);
      this.scratch[arity] = shapes;
    }
    let known = true;
    for (let i = 0; i < producers.length; i++) {
      const s = this.shapeOf(producers[i] as number);
      shapes[i] = s;
      if (s === undefined) known = false;
    }
    if (!params) return this.unknown(node, shapes, record);
    const def = getLayer(node.type) as AnyLayerDef;
    const owner = node.shares === undefined ? undefined : this.sharedLayer(frame, node);
    if (owner === null) return this.unknown(node, shapes, record);
    const own = owner ? owner.params : params;
    const values = frame.block && frame.instance ? exposedValues(frame.block, frame.instance, node, def, own) : own;
    const name = this.uniqueName(baseName(frame, node, at));
    if (!known || (def.inputs.max > 0 && arity === 0)) return this.unknown(node, shapes, record);
    const x = frame.expansion;
    const path = x ? (x.paths[at] as string) : frame.pathPrefix ? `${frame.pathPrefix}${node.id}` : node.id;
    const r = inferAt(results, at, node, def, shapes as readonly Shape[], values);
    if (r.error) {
      this.reportIssue(frame, node, r.error, 'error');
      this.failed.push({
        path,
        type: node.type,
        def,
        name,
        params: values,
        inputs: producers.map((c) => this.flat(c).path),
        buildParams: values,
        shape: undefined,
        count: NO_PARAMS,
        trainable: node.trainable !== false,
      });
      r.info ??= { inputShapes: r.inputs, outputShapes: [undefined], count: NO_PARAMS };
      record?.set(node.id, r.info);
      return -1 - this.failed.length;
    }
    if (r.warning) this.reportIssue(frame, node, r.warning, 'warning');
    // The layer made last time from this result, here: at the top level one per result; inside
    // a block (whose nodes' results all its instances share) one per instance and position.
    const sharedWith = owner ? owner.path : frame.shares === undefined ? undefined : `${frame.shares}${node.id}`;
    let flat = x ? (x.madeFrom[at] === r ? x.flats[at] : undefined) : r.flat;
    if (
      !flat ||
      flat.path !== path ||
      flat.name !== name ||
      flat.sharedWith !== sharedWith ||
      !this.sameInputs(flat.inputs, producers)
    ) {
      // A plain literal, not a spread: this runs once per layer and spreads are slow here.
      flat = {
        path,
        type: node.type,
        def,
        name,
        params: values,
        inputs: producers.map((c) => this.flat(c).path),
        buildParams: r.buildParams,
        shape: r.shape,
        count: sharedWith === undefined ? r.count : NO_PARAMS,
        trainable: node.trainable !== false,
        sharedWith,
      };
      if (x) {
        x.madeFrom[at] = r;
        x.flats[at] = flat;
      } else r.flat = flat;
    }
    this.layers.push(flat);
    for (const c of producers) this.feeds.push(c);
    this.feedStart.push(this.feeds.length);
    if (sharedWith !== undefined) {
      this.sharers.push({ flat, own: r.count, frame, node });
      record?.set(node.id, { inputShapes: r.inputs, outputShapes: [r.shape], count: NO_PARAMS });
      return this.layers.length - 1;
    }
    r.info ??= { inputShapes: r.inputs, outputShapes: [r.shape], count: r.count };
    record?.set(node.id, r.info);
    return this.layers.length - 1;
  }

  /** Records a layer whose output shape is unknown. */
  private unknown(node: DocNode, shapes: readonly (Shape | undefined)[], record: Map<string, NodeInfo> | undefined) {
    record?.set(node.id, { inputShapes: shapes.slice(), outputShapes: [undefined], count: NO_PARAMS });
    return NONE;
  }

  private sameInputs(paths: readonly string[], producers: readonly number[]): boolean {
    if (paths.length !== producers.length) return false;
    for (let i = 0; i < paths.length; i++) if (paths[i] !== this.flat(producers[i] as number).path) return false;
    return true;
  }

  private reportIssue(frame: Frame, node: DocNode, issue: LayerIssue, severity: Diagnostic['severity']): void {
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
  private reportAt(frame: Frame, node: DocNode, d: Omit<Diagnostic, 'nodeId'>): void {
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
function sum(layers: readonly FlatLayer[], from: number, to: number): ParamCount {
  if (from >= to) return NO_PARAMS;
  let trainable = 0;
  let nonTrainable = 0;
  for (let i = from; i < to; i++) {
    const c = (layers[i] as FlatLayer).count;
    trainable += c.trainable;
    nonTrainable += c.nonTrainable;
  }
  return { trainable, nonTrainable };
}

/** The last position of a node id in a topological order, or -1. */
function lastPosition(order: readonly DocNode[], id: string): number {
  for (let k = order.length - 1; k >= 0; k--) if (order[k]?.id === id) return k;
  return -1;
}
