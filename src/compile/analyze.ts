/**
 * Analysis of a document: structural validation of every graph, then shape inference and
 * parameter counts over the model with block instances expanded, in topological order. Pure,
 * no tfjs, never throws. The compiler and the summary read the flattened layers it returns.
 *
 * Documents are immutable and edits share unchanged objects, so the work is memoized by object:
 * graph structure per wire list (structure.ts), params and shape results per node object and
 * input shapes (memo.ts), strings and layers per block instance (`Expansion`, expand.ts). An
 * analysis after an edit redoes the edited nodes and those whose input shapes changed; the rest
 * is lookups. The result is always exactly that of a first analysis (src/compile/incremental.test.ts).
 * Every module-level cache, its key, what invalidates it and what it is worth: docs/analysis-caches.md.
 * The walk is this file; what it has found so far is `Findings` (findings.ts); the result types are in analysis.ts.
 */
import { type AnyLayerDef, getLayer, NO_PARAMS, type ParamValues, type Schema, type Shape } from '../nodes';
import type { Analysis, NodeInfo } from './analysis';
import { batchDiagnostics } from './batch';
import type { BlockDef, DocNode, SkipwireDoc } from './document';
import {
  baseName,
  blockNamed,
  type Expansion,
  endsById,
  type Frame,
  instanceFrame,
  outputCodes,
  sameOutputs,
  TOP_FRAME,
} from './expand';
import { addDeclaredOutputs } from './extraOutputs';
import { type Checked, Findings, NONE, type Slot, total } from './findings';
import { consumedPorts, deadWarnings, liveByPath, liveOf } from './live';
import { checkBlock, exposedValues, type Inferred, inferAt } from './memo';
import { FactLog } from './replay';
import { BLOCK_INPUT, endsOf, INSTANCE, kindOf, type TopMemo, topBase, topKinds, topMemo } from './topMemo';
import { unusedOutputWarnings } from './unusedOutputs';
import { checkGraph } from './validate';

export type { Analysis, FlatLayer, NodeInfo } from './analysis';
export { layerName } from './expand';

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

/** Where a graph's node facts go: the top level's `FactLog`, or a block definition's map. */
type FactSink = { set(id: string, info: NodeInfo): unknown };

const outputShapes = (r: Inferred) => (r.states ? [r.shape, ...r.states] : [r.shape]);

class Analyzer extends Findings {
  /** Set when two layers may share a path (see `CheckPlan`): liveness is then found by path. */
  private pathsMayRepeat = false;
  /** The top level's node facts (`Analysis.nodes`, made by `FactLog.map`). */
  private nodes = new FactLog({});
  private readonly blocks = new Map<string, Map<string, NodeInfo>>();
  /** Input codes and shapes of the layer at hand, one array per number of inputs, reused from layer to layer. */
  private readonly producers: number[][] = [];
  private readonly scratch: (Shape | undefined)[][] = [];
  /** What the top level's structure keeps between analyses. */
  private top: TopMemo | undefined;

  run(): Analysis {
    const top = checkGraph(this.doc, this.doc);
    this.startWalk(top.plan.inputStart);
    this.nodes = new FactLog(top.plan.inputStart);
    this.checks.set(undefined, { block: undefined, check: top });
    this.push(...top.diagnostics);
    for (const b of this.doc.blocks) {
      const c = checkBlock(this.doc, b);
      this.checks.set(b.id, { block: b, check: c });
      this.push(...c.diagnostics);
    }
    const consumed = consumedPorts(this.doc.edges);
    const memo = topMemo(top.plan.inputStart);
    this.top = memo;
    const outs = this.expand(TOP_FRAME, [], memo.outs);
    memo.outs = undefined; // taken: an analysis started inside this one (none does) would make its own
    const inputs: string[] = [];
    const outputs: string[] = [];
    const outputCodes: number[] = [];
    const position = top.plan.position;
    const nodes = this.doc.nodes;
    for (const i of endsOf(memo, nodes, position, consumed)) {
      const n = nodes[i] as DocNode;
      const o = outs[position[i] as number] as Slot;
      const first = typeof o === 'number' ? o : (o[0] ?? NONE);
      if (n.type === 'input' && first !== NONE) inputs.push(this.flat(first).path);
      else if (n.type !== 'input') {
        // A layer's states are outputs of the model only where a wire takes them (as in Keras),
        // and a layer whose states are taken (an encoder) is not one by its main output either.
        const layer = typeof o !== 'number' && kindOf(n) !== INSTANCE;
        if (layer && o.some((_, port) => port > 0 && consumed(n.id, port))) continue;
        const count = typeof o === 'number' || layer ? 1 : o.length;
        for (let port = 0; port < count; port++) {
          const code = typeof o === 'number' ? o : (o[port] as number);
          if (code !== NONE && !consumed(n.id, port)) {
            outputs.push(this.flat(code).path);
            outputCodes.push(code);
          }
        }
      }
    }
    addDeclaredOutputs(this.doc, position, outs, consumed, outputs, outputCodes, (c) => this.flat(c).path);
    memo.outs = outs;
    const walked = this.endWalk();
    this.checkSharers(walked.layers);
    const { live: layers, dead } = this.pathsMayRepeat
      ? liveByPath(walked.layers, outputs)
      : liveOf(walked.layers, walked.feedStart, walked.feeds, outputCodes);
    if (dead.length) this.push(...deadWarnings(this.doc, dead));
    if (outputs.length > 1) this.push(...unusedOutputWarnings(this.doc, layers, outputs));
    this.push(...batchDiagnostics(layers));
    const totals = total(layers);
    return {
      ok: !this.diagnostics.some((d) => d.severity === 'error') && outputs.length > 0,
      diagnostics: this.diagnostics,
      nodes: this.nodes.map(),
      blocks: this.blocks,
      layers,
      inputs,
      outputs,
      totals,
    };
  }

  /**
   * Expands one graph; `feeds` are the layers feeding a block's inputs. Returns each position's
   * slot, in `reuse` when given (every position is written).
   */
  private expand(frame: Frame, feeds: readonly number[], reuse?: Slot[]): Slot[] {
    const { check } = this.checks.get(frame.block?.id) as Checked;
    const { order, plan } = check;
    if (plan.pathsMayRepeat) this.pathsMayRepeat = true;
    const outs: Slot[] = reuse?.length === order.length ? reuse : new Array(order.length);
    // Top-level facts always; a definition's facts from its first instance only.
    let record: FactSink | undefined = this.nodes;
    if (frame.block) {
      const facts = this.blocks.has(frame.block.id) ? undefined : new Map<string, NodeInfo>();
      if (facts) this.blocks.set(frame.block.id, facts);
      record = facts;
    }
    const { inputStart, inputSource, inputPort } = plan;
    const results = frame.expansion ? frame.expansion.inferred : (this.top as TopMemo).results;
    // The top level reads what each position is from its structure's memo, not from the node.
    const kinds = frame.expansion ? undefined : topKinds(this.top as TopMemo, order);
    for (let k = 0; k < order.length; k++) {
      const node = order[k] as DocNode;
      const kind = kinds ? kinds[k] : kindOf(node);
      if (kind === BLOCK_INPUT) {
        const code = feeds[frame.block?.inputs.indexOf(node.id) ?? -1] ?? NONE;
        outs[k] = code;
        record?.set(node.id, { inputShapes: [], outputShapes: [this.shapeOf(code)], count: NO_PARAMS });
        continue;
      }
      const from = inputStart[k] as number;
      const arity = (inputStart[k + 1] as number) - from;
      // A layer's producers are read before the next layer's, so layers share one array per
      // arity; an instance keeps its own (its inner layers run while it is in use).
      const instance = kind === INSTANCE;
      let producers = instance ? undefined : this.producers[arity];
      if (!producers) {
        producers = new Array<number>(arity).fill(NONE);
        if (!instance) this.producers[arity] = producers;
      }
      for (let j = 0; j < arity; j++) {
        const src = inputSource[from + j] as number;
        const o = src >= 0 ? (outs[src] as Slot) : NONE;
        const port = inputPort[from + j] as number;
        producers[j] = typeof o === 'number' ? (port === 0 ? o : NONE) : (o[port] ?? NONE);
        if (port > 0 && producers[j] === NONE && (typeof o !== 'number' || o >= 0))
          this.noPort(frame, node, order[src], port);
      }
      if (instance) {
        outs[k] = this.expandInstance(node, frame, producers, k, record);
        continue;
      }
      outs[k] = this.layer(node, frame, plan.params[k], producers, record, results, k);
    }
    return outs;
  }

  /**
   * Expands one block instance and records its facts; returns the codes of its outputs. What it
   * makes per analysis (its frame, slot array, output codes and facts) is kept on its
   * `Expansion` and reused while equal, so that an unchanged instance allocates nothing.
   */
  private expandInstance(
    node: DocNode,
    frame: Frame,
    producers: readonly number[],
    at: number,
    record: FactSink | undefined,
  ): readonly number[] {
    const def = blockNamed(this.doc.blocks, node.block) as BlockDef;
    const checked = this.checks.get(def.id);
    if (!checked || checked.check.hasErrors) {
      this.reportAt(frame, node, {
        severity: 'error',
        message: `Block "${def.name}" has errors; open the block to fix them.`,
      });
      const outputs = def.outputs.map(() => NONE);
      record?.set(node.id, {
        inputShapes: this.shapesOf(producers),
        outputShapes: this.shapesOf(outputs),
        count: NO_PARAMS,
      });
      return outputs;
    }
    const before = this.layers.length;
    const name = this.uniqueName(frame.expansion ? baseName(frame, node, at) : topBase(this.top as TopMemo, node, at));
    const shares = this.sharedInstance(frame, node);
    const inner = instanceFrame(frame, node, def, name, shares);
    const x = inner.expansion as Expansion;
    const outs = this.expand(inner, producers, x.outs);
    x.outs = outs;
    // Two definitions may share an id: then find the outputs by id, as the first one names them.
    const ends = checked.block === def ? checked.check.plan.outputs : endsById(def, checked.check.order);
    let outputs = x.outputs;
    if (!outputs || outputs.length !== ends.length || !sameOutputs(outputs, ends, outs)) {
      outputs = outputCodes(ends, outs);
      x.outputs = outputs;
    }
    record?.set(node.id, this.instanceInfo(x, producers, outputs, before));
    return outputs;
  }

  /** Infers one layer and records its facts; returns its slot code. */
  private layer(
    node: DocNode,
    frame: Frame,
    params: ParamValues<Schema> | undefined,
    producers: readonly number[],
    record: FactSink | undefined,
    results: (Inferred | undefined)[],
    at: number,
  ): Slot {
    const base = frame.expansion ? baseName(frame, node, at) : topBase(this.top as TopMemo, node, at);
    const facts = record === undefined ? undefined : record === this.nodes ? this.nodes : null;
    if (params && this.repeatsLayer(node, frame, params, producers, facts, base))
      return this.slotOf(this.layers.length - 1);
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
    const name = this.uniqueName(base);
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
        inputs: this.inputPaths(producers),
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
        inputs: this.inputPaths(producers),
        buildParams: r.buildParams,
        shape: r.shape,
        ...(r.states ? { states: r.states } : {}),
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
    this.madeBy.push(sharedWith === undefined && !r.warning ? node : undefined);
    this.madeIn.push(frame);
    this.madeWith.push(values);
    if (sharedWith !== undefined) {
      this.sharers.push({ flat, own: r.count, frame, node });
      record?.set(node.id, { inputShapes: r.inputs, outputShapes: outputShapes(r), count: NO_PARAMS });
      return this.slotOf(this.layers.length - 1);
    }
    r.info ??= { inputShapes: r.inputs, outputShapes: outputShapes(r), count: r.count };
    record?.set(node.id, r.info);
    return this.slotOf(this.layers.length - 1);
  }

  /** Records a layer whose output shape is unknown. */
  private unknown(node: DocNode, shapes: readonly (Shape | undefined)[], record: FactSink | undefined) {
    record?.set(node.id, { inputShapes: shapes.slice(), outputShapes: [undefined], count: NO_PARAMS });
    return NONE;
  }
}
