/**
 * Analysis of a document: structural validation of every graph, then shape inference and
 * parameter counts over the model with block instances expanded, in topological order. Pure,
 * no tfjs, never throws. The compiler and the summary read the flattened layers it returns.
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
import { freshId } from './ids';
import { checkBlock, exposedValues, inferCached, toFix } from './memo';
import { checkGraph, type GraphCheck } from './validate';

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

const add = (a: ParamCount, b: ParamCount): ParamCount => ({
  trainable: a.trainable + b.trainable,
  nonTrainable: a.nonTrainable + b.nonTrainable,
});

/** Keras-legal layer name from a user name: letters, digits, `_`, `.`, `-`. */
export function layerName(name: string): string {
  const s = name
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Za-z0-9.]/.test(s) ? s : `layer_${s}`.replace(/_+$/, '') || 'layer';
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

interface Frame {
  readonly block?: BlockDef;
  /** The instance this frame expands; its exposed params override the definition's. */
  readonly instance?: DocNode;
  /** The top-level instance this frame expands (for reporting), and inner ids below it. */
  readonly top?: DocNode;
  readonly path: readonly string[];
  readonly pathPrefix: string;
  readonly namePrefix: string;
  readonly blockNames: readonly string[];
}

/** Output of a node inside one expansion: the flat layer feeding each of its output ports. */
type Outputs = readonly (FlatLayer | undefined)[];

class Analyzer {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly seen = new Set<string>();
  private readonly checks = new Map<string | undefined, GraphCheck>();
  private readonly layers: FlatLayer[] = [];
  private readonly names = new Set<string>();
  private readonly nodes = new Map<string, NodeInfo>();
  private readonly blocks = new Map<string, Map<string, NodeInfo>>();

  constructor(private readonly doc: SkipwireDoc) {}

  run(): Analysis {
    const top = checkGraph(this.doc, this.doc);
    this.checks.set(undefined, top);
    this.push(...top.diagnostics);
    for (const b of this.doc.blocks) {
      const c = checkBlock(this.doc, b);
      this.checks.set(b.id, c);
      this.push(...c.diagnostics);
    }
    const consumers = new Set(this.doc.edges.map((e) => `${e.source}:${e.sourcePort ?? 0}`));
    const outs = this.expand({ path: [], pathPrefix: '', namePrefix: '', blockNames: [] }, []);
    const inputs: string[] = [];
    const outputs: string[] = [];
    for (const n of this.doc.nodes) {
      const o = outs.get(n.id);
      if (n.type === 'input' && o?.[0]) inputs.push(o[0].path);
      else if (o && n.type !== 'input')
        o.forEach((l, port) => {
          if (l && !consumers.has(`${n.id}:${port}`)) outputs.push(l.path);
        });
    }
    const layers = this.live(outputs);
    const totals = layers.reduce((t, l) => add(t, l.count), NO_PARAMS);
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

  /**
   * The layers the outputs depend on. A layer inside a block that reaches neither a block output
   * nor the model's outputs is not part of the model (Keras would drop it): it is reported.
   */
  private live(outputs: readonly string[]): FlatLayer[] {
    const byPath = new Map(this.layers.map((l) => [l.path, l]));
    const keep = new Set<string>();
    const stack = [...outputs];
    while (stack.length) {
      const p = stack.pop() as string;
      if (keep.has(p)) continue;
      keep.add(p);
      for (const i of byPath.get(p)?.inputs ?? []) stack.push(i);
    }
    const dead = this.layers.filter((l) => !keep.has(l.path));
    for (const l of dead) {
      const [top, ...rest] = l.path.split('/');
      if (!rest.length) continue;
      const inst = this.doc.nodes.find((n) => n.id === top);
      this.push({
        nodeId: top as string,
        path: rest,
        severity: 'warning',
        message: `In block "${this.doc.blocks.find((b) => b.id === inst?.block)?.name ?? '?'}", layer "${rest.at(-1)}" leads to no output of the block, so it is not part of the model. Connect it or delete it.`,
      });
    }
    return dead.length ? this.layers.filter((l) => keep.has(l.path)) : this.layers;
  }

  private push(...ds: Diagnostic[]): void {
    for (const d of ds) {
      const key = `${d.blockId ?? ''}\u0000${d.nodeId}\u0000${d.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.diagnostics.push(d);
    }
  }

  /** Expands one graph; `feeds` are the layers feeding a block's inputs. Returns each node's outputs. */
  private expand(frame: Frame, feeds: readonly (FlatLayer | undefined)[]): Map<string, Outputs> {
    const check = this.checks.get(frame.block?.id) as GraphCheck;
    const outs = new Map<string, Outputs>();
    // Top-level facts always; a definition's facts from its first instance only.
    let record: Map<string, NodeInfo> | undefined = this.nodes;
    if (frame.block) {
      record = this.blocks.has(frame.block.id) ? undefined : new Map();
      if (record) this.blocks.set(frame.block.id, record);
    }
    for (const node of check.order) {
      const wires = check.inputsOf.get(node.id) ?? [];
      const producers = wires.map((w) => outs.get(w.source)?.[w.sourcePort ?? 0]);
      const inputShapes = producers.map((p) => p?.shape);
      if (node.type === BLOCK_INPUT_TYPE) {
        const layer = feeds[frame.block?.inputs.indexOf(node.id) ?? -1];
        outs.set(node.id, [layer]);
        record?.set(node.id, { inputShapes: [], outputShapes: [layer?.shape], count: NO_PARAMS });
        continue;
      }
      if (node.type === BLOCK_TYPE) {
        const o = this.expandInstance(node, frame, producers);
        outs.set(node.id, o.outputs);
        record?.set(node.id, { inputShapes, outputShapes: o.outputs.map((l) => l?.shape), count: o.count });
        continue;
      }
      const def = getLayer(node.type) as AnyLayerDef;
      const flat = this.layer(node, def, frame, check, producers);
      outs.set(node.id, [flat]);
      record?.set(node.id, { inputShapes, outputShapes: [flat?.shape], count: flat?.count ?? NO_PARAMS });
    }
    return outs;
  }

  private expandInstance(
    node: DocNode,
    frame: Frame,
    producers: readonly (FlatLayer | undefined)[],
  ): { outputs: Outputs; count: ParamCount } {
    const def = this.doc.blocks.find((b) => b.id === node.block) as BlockDef;
    const check = this.checks.get(def.id);
    const none = { outputs: def.outputs.map(() => undefined), count: NO_PARAMS };
    if (!check || check.hasErrors) {
      this.reportAt(frame, node, {
        severity: 'error',
        message: `Block "${def.name}" has errors; open the block to fix them.`,
      });
      return none;
    }
    const before = this.layers.length;
    const name = this.uniqueName(`${frame.namePrefix}${layerName(node.name)}`);
    const inner: Frame = {
      block: def,
      instance: node,
      top: frame.top ?? node,
      path: frame.top ? [...frame.path, node.id] : [],
      pathPrefix: `${frame.pathPrefix}${node.id}/`,
      namePrefix: `${name}_`,
      blockNames: [...frame.blockNames, def.name],
    };
    const outs = this.expand(inner, producers);
    const outputs = def.outputs.map((o) => outs.get(o)?.[0]);
    const count = this.layers.slice(before).reduce((t, l) => add(t, l.count), NO_PARAMS);
    return { outputs, count };
  }

  private uniqueName(base: string): string {
    const name = freshId(base, this.names);
    this.names.add(name);
    return name;
  }

  private layer(
    node: DocNode,
    def: AnyLayerDef,
    frame: Frame,
    check: GraphCheck,
    producers: readonly (FlatLayer | undefined)[],
  ): FlatLayer | undefined {
    const params = check.params.get(node.id);
    if (!params) return undefined;
    const values =
      frame.block && frame.instance ? exposedValues(frame.block, frame.instance, node, def, params) : params;
    const name = this.uniqueName(`${frame.namePrefix}${layerName(node.name)}`);
    const path = `${frame.pathPrefix}${node.id}`;
    const inputs = producers.map((p) => p?.path ?? '');
    const known = producers.every((p) => p?.shape !== undefined);
    if (!known || (def.inputs.max > 0 && producers.length === 0)) {
      return undefined;
    }
    const inputShapes = producers.map((p) => p?.shape as Shape);
    const r = inferCached(node, def, inputShapes, values);
    if (r.error) {
      this.reportIssue(frame, node, r.error, 'error', check);
      return {
        path,
        type: node.type,
        def,
        name,
        params: values,
        inputs,
        buildParams: values,
        shape: undefined,
        count: NO_PARAMS,
      };
    }
    if (r.warning) this.reportIssue(frame, node, r.warning, 'warning', check);
    // A plain literal, not a spread: this runs once per layer and spreads are slow here.
    const flat: FlatLayer = {
      path,
      type: node.type,
      def,
      name,
      params: values,
      inputs,
      buildParams: r.buildParams,
      shape: r.shape,
      count: r.count,
    };
    this.layers.push(flat);
    return flat;
  }

  private reportIssue(
    frame: Frame,
    node: DocNode,
    issue: LayerIssue,
    severity: Diagnostic['severity'],
    check: GraphCheck,
  ): void {
    const scope = frame.block?.id;
    const graph = frame.block ?? this.doc;
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
