/**
 * A normalized Keras / tfjs model (`RawModel`) → a Skipwire document: one node per layer, one wire
 * per input, layer names kept, params mapped back through the Keras table. Everything the
 * catalogue cannot reproduce is refused with one line naming the layer (settings, params, missing
 * references, cycles), except unknown classes: opaque layers keep them (nodes/layers/opaque.ts).
 */

import {
  BLOCK_TYPE,
  type BlockBuilder,
  DocBuilder,
  type DocNode,
  type NestedOrigin,
  type Ref,
  type SkipwireDoc,
  topologicalOrder,
} from '../compile';
import { type AnyLayerDef, checkParam, getLayerByKerasClass, opaque, resolveParams } from '../nodes';
import { FORMAT_LABELS, type RawLayer, type RawModel, type RawRef } from './kerasModel';
import { readKerasParams } from './kerasTable';
import { opaqueWarning, statedOutputShape } from './opaqueImport';
import { findNonFinite, oneLine, quote } from './safeJson';
import { splitSharedCalls } from './sharedCalls';
import { isRecord } from './values';
import { outputsOf, unwrapLayers } from './wrappers';

export type Converted = { ok: true; doc: SkipwireDoc; warnings: string[] } | { ok: false; error: string };

const label = (l: RawLayer) => `${quote(l.name)} (${oneLine(l.className, 60)})`;
const listed = (items: readonly string[], max = 8) =>
  items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');

class ImportError extends Error {}
const refuse = (message: string): never => {
  throw new ImportError(message);
};

/** Converts a normalized model; see the module comment. Never throws. */
export function convertModel(model: RawModel): Converted {
  try {
    return { ok: true, ...new Converter(model).run() };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: e.message };
    return { ok: false, error: `cannot import the model: ${oneLine(e instanceof Error ? e.message : String(e))}` };
  }
}

/** What a model (top level or nested) turns into: its kept layers and how to emit them. */
interface Plan {
  readonly layers: readonly RawLayer[];
  readonly defs: ReadonlyMap<string, AnyLayerDef>;
  readonly params: ReadonlyMap<string, Record<string, unknown>>;
  readonly inputs: readonly string[];
  readonly outputs: readonly RawRef[];
}

/** Where the nodes of a plan go: the document, or a block definition. */
interface Sink {
  layer(
    type: string,
    name: string,
    params?: Record<string, unknown>,
    inputs?: readonly Ref[],
    extra?: Partial<DocNode>,
  ): string;
}

/** A model used as a layer (its class is one of kerasModel's MODEL_CLASSES). */
type Nested = RawLayer & { model: RawModel; className: NestedOrigin['className'] };

class Converter {
  private readonly byName = new Map<string, RawLayer>();
  private readonly warnings: string[];
  private readonly model: RawModel;
  /** The wrapper params (`wrapper`, `mergeMode`) of each Bidirectional / TimeDistributed layer, by name. */
  private readonly wrappers: ReadonlyMap<string, Record<string, unknown>>;

  constructor(
    model: RawModel,
    warnings: string[] = [],
    /** True for a model nested in another: its inputs become the block's inputs. */
    private readonly nested = false,
    /** True for a nested model that is frozen as a whole (`trainable: false` on the model). */
    private readonly frozen = false,
  ) {
    const unwrapped = unwrapLayers(model);
    if (!unwrapped.ok) throw new ImportError(unwrapped.error);
    this.wrappers = unwrapped.wrappers;
    this.model = splitSharedCalls(unwrapped.model);
    this.warnings = warnings;
  }

  run(): { doc: SkipwireDoc; warnings: string[] } {
    const plan = this.plan();
    const m = this.model;
    const training = m.training ? { training: m.training } : {};
    const b = new DocBuilder(m.name, { description: `Imported from ${FORMAT_LABELS[m.format]}.`, ...training });
    const blocks = new Map<RawModel, string>();
    const ids = this.emit(plan, b, b, blocks);
    const doc = b.build();
    // Document order decides the order of the model's inputs and outputs: follow the file's.
    const rank = new Map<string, number>();
    for (const [i, n] of plan.inputs.entries()) rank.set(ids.get(n) as string, i - plan.inputs.length - 1);
    for (const [i, r] of plan.outputs.entries()) rank.set(ids.get(r.layer) as string, plan.layers.length + i);
    const at = (n: DocNode, i: number) => rank.get(n.id) ?? i;
    const nodes = doc.nodes.map((n, i) => [n, at(n, i)] as const).sort((a, b) => a[1] - b[1]);
    // A file with several outputs means them all: declare them (no "output is not used" warning); a Sequential stays one.
    const declare = (r: RawRef) => `${ids.get(r.layer)}${r.tensor ? `:${r.tensor}` : ''}`;
    const outputs = plan.outputs.length > 1 ? { outputs: plan.outputs.map(declare) } : {};
    const seq = m.sequential ? { kerasClass: 'Sequential', kerasInputListed: m.sequential === 'listed' } : {};
    const metadata = { ...doc.metadata, ...outputs, ...seq };
    return { doc: { ...doc, nodes: nodes.map(([n]) => n), metadata }, warnings: this.warnings };
  }

  /** Checks the model and decides what to keep; see the module comment. */
  plan(): Plan {
    const { model } = this;
    for (const l of model.layers) {
      if (this.byName.has(l.name)) refuse(`two layers are named ${quote(l.name)}; layer names must be unique`);
      this.byName.set(l.name, l);
    }
    const defs = this.classes();
    this.checkCalls();
    const inputs = model.inputs.length
      ? model.inputs
      : model.layers.filter((l) => l.className === 'InputLayer').map((l) => ({ layer: l.name, node: 0, tensor: 0 }));
    for (const r of inputs) this.checkRef(r, 'model input');
    for (const r of model.outputs) this.checkRef(r, 'model output');
    for (const r of inputs)
      if (this.byName.get(r.layer)?.className !== 'InputLayer')
        refuse(
          `model input ${quote(r.layer)} is not an InputLayer; models that start inside another model are not supported`,
        );
    const order = this.topological();
    const consumers = new Map<string, number>();
    for (const l of order) for (const r of l.calls[0] ?? []) consumers.set(r.layer, (consumers.get(r.layer) ?? 0) + 1);
    const outputs = model.outputs.length
      ? model.outputs
      : order
          .filter((l) => !consumers.has(l.name) && l.className !== 'InputLayer')
          .map((l) => ({ layer: l.name, node: 0, tensor: 0 }));
    if (!outputs.length) refuse('the model has no output layer');
    for (const { layer: o, tensor } of outputs) {
      const l = this.byName.get(o) as RawLayer;
      if (l.className === 'InputLayer') refuse(`model output ${quote(o)} is an input; an output must be a layer`);
      if (tensor && consumers.has(o) && !this.nested)
        refuse(
          `model output ${label(l)} state ${tensor}: the layer's output also feeds other layers, and tfjs 4.22's predict returns nothing for a state output beside them; output the states from a model of their own`,
        );
    }
    const live = this.live(outputs.map((r) => r.layer));
    const dropped = order.filter((l) => !live.has(l.name) && !inputs.some((r) => r.layer === l.name));
    if (dropped.length)
      this.warnings.push(`layers that lead to no output were left out: ${listed(dropped.map((l) => quote(l.name)))}`);
    const inputNames = new Set(inputs.map((r) => r.layer));
    const kept = order.filter((l) => live.has(l.name) || inputNames.has(l.name));
    const params = new Map(
      kept.filter((l) => !l.model).map((l) => [l.name, this.params(l, defs.get(l.name) as AnyLayerDef)]),
    );
    this.warnIgnored(kept);
    return { layers: kept, defs, params, inputs: inputs.map((r) => r.layer), outputs };
  }

  /**
   * Adds the plan's layers to `sink` (a nested model becomes a block definition in `doc`, one per
   * model, and an instance); returns each layer's node id.
   */
  private emit(plan: Plan, sink: Sink, doc: DocBuilder, blocks: Map<RawModel, string>): Map<string, string> {
    const ids = new Map<string, string>();
    const ref = (r: RawRef): Ref => {
      const id = ids.get(r.layer) as string;
      return r.tensor ? [id, r.tensor] : id;
    };
    for (const l of plan.layers) {
      const from = (l.calls[0] ?? []).map(ref);
      const shares = l.shares === undefined ? {} : { shares: ids.get(l.shares) ?? l.shares };
      if (l.model) {
        const block = this.blockOf(l as Nested, doc, blocks, this.frozen || l.config.trainable === false);
        ids.set(l.name, sink.layer(BLOCK_TYPE, l.name, {}, from, { block, ...shares }));
        continue;
      }
      const def = plan.defs.get(l.name) as AnyLayerDef;
      if (def.type === 'input' && this.nested) {
        ids.set(l.name, (sink as BlockBuilder).input(l.name));
        continue;
      }
      const frozen = def.type !== 'input' && (this.frozen || l.config.trainable === false);
      const extra = { ...(frozen ? { trainable: false } : {}), ...shares };
      ids.set(l.name, sink.layer(def.type, l.name, plan.params.get(l.name), def.type === 'input' ? [] : from, extra));
    }
    return ids;
  }

  /** The block definition of a nested model (made on first use, in `doc`). */
  private blockOf(l: Nested, doc: DocBuilder, blocks: Map<RawModel, string>, frozen: boolean): string {
    const model = l.model;
    const known = blocks.get(model);
    if (known) return known;
    const inner = new Converter(model, this.warnings, true, frozen);
    const plan = inner.plan();
    let id = model.name;
    for (let i = 2; doc.hasBlock(id); i++) id = `${model.name}_${i}`;
    blocks.set(model, id);
    doc.block(id, model.name, (bb) => {
      if (!l.helper) bb.nested = { className: l.className, name: model.name }; // the exports nest it again
      const ids = inner.emit(plan, bb, doc, blocks);
      return plan.outputs.map((r) => {
        if (r.tensor)
          refuse(
            `nested model ${quote(model.name)} outputs output ${r.tensor} of ${quote(r.layer)}; this nesting is not supported`,
          );
        return ids.get(r.layer) as string;
      });
    });
    return id;
  }

  /** Every layer's catalogue definition; other classes become opaque layers, listed in one warning. */
  private classes(): Map<string, AnyLayerDef> {
    const defs = new Map<string, AnyLayerDef>();
    const kept: RawLayer[] = [];
    for (const l of this.model.layers) {
      if (l.model) continue;
      const def = getLayerByKerasClass(l.className);
      defs.set(l.name, def ?? opaque);
      if (def) continue;
      if (checkParam(opaque.params.className, l.className))
        // not a class name: Keras 1's `Merge(mode=cos)`
        refuse(`unsupported layer: ${oneLine(l.className, 60)} (${oneLine(l.name, 60)}) (see docs/formats.md)`);
      kept.push(l);
    }
    const warning = opaqueWarning(kept);
    if (warning) this.warnings.push(warning);
    return defs;
  }

  /** `where` is `layer "d" (Dense)` for a layer's input, or `model input` / `model output`. */
  private checkRef(r: RawRef, where: string): void {
    const src = this.byName.get(r.layer);
    if (!src)
      refuse(
        where.startsWith('model')
          ? `${where} ${quote(r.layer)} is not in the model`
          : `${where} takes input from ${quote(r.layer)}, which is not in the model`,
      );
    const outputs = src?.model?.outputs.length ?? (src ? outputsOf(src, this.wrappers) : 1);
    if (r.node !== 0 || r.tensor < 0 || r.tensor >= outputs) {
      const what = r.tensor !== 0 ? `output ${r.tensor}` : `call ${r.node + 1}`;
      const why =
        outputs > 1 ? `, which has ${outputs} outputs` : '; only single-output layers called once are supported';
      refuse(`${where} uses ${what} of ${label(src as RawLayer)}${why}`);
    }
  }

  private checkCalls(): void {
    for (const l of this.model.layers) {
      if (l.className === 'InputLayer') continue;
      if (l.calls.length === 0 || l.calls[0]?.length === 0) refuse(`layer ${label(l)} has no inputs`);
      for (const r of l.calls[0] ?? []) this.checkRef(r, `layer ${label(l)}`);
    }
  }

  /** Layers in topological order (compile's, file order among ready layers); a cycle is refused. */
  private topological(): RawLayer[] {
    const layers = this.model.layers;
    const index = new Map(layers.map((l, i) => [l.name, i]));
    const sources: number[] = [];
    const targets: number[] = [];
    layers.forEach((l, i) => {
      for (const r of l.calls[0] ?? []) {
        const s = index.get(r.layer);
        if (s === undefined) continue;
        sources.push(s);
        targets.push(i);
      }
    });
    const { order, unmet } = topologicalOrder(layers.length, sources, targets);
    if (order.length < layers.length) {
      const stuck = layers.filter((_, i) => (unmet[i] as number) > 0);
      refuse(
        `the layers form a cycle (through ${listed(
          stuck.map((l) => quote(l.name)),
          5,
        )}); a model must not loop back`,
      );
    }
    return order.map((i) => layers[i] as RawLayer);
  }

  /** Names of the layers the outputs depend on. */
  private live(outputs: readonly string[]): Set<string> {
    const keep = new Set<string>();
    const stack = [...outputs];
    while (stack.length) {
      const n = stack.pop() as string;
      if (keep.has(n)) continue;
      keep.add(n);
      for (const r of this.byName.get(n)?.calls[0] ?? []) stack.push(r.layer);
    }
    return keep;
  }

  /** The layer's catalogue params, read through the table and checked. */
  private params(l: RawLayer, def: AnyLayerDef): Record<string, unknown> {
    const cfg = l.config;
    if (def === opaque) return { className: l.className, config: cfg, ...statedOutputShape(l, this.model.layers) };
    const params: Record<string, unknown> = {};
    if (def.type === 'input') Object.assign(params, this.inputShape(l));
    for (const [key, raw] of Object.entries(cfg)) {
      const bad = findNonFinite(raw);
      if (bad && key !== 'name') refuse(`layer ${label(l)}: ${oneLine(key, 60)} is ${bad}; it must be a finite number`);
    }
    const read = readKerasParams(def.type, cfg);
    if (!read.ok) refuse(`layer ${label(l)}: ${read.error}`);
    Object.assign(params, (read as { params: Record<string, unknown> }).params);
    Object.assign(params, this.wrappers.get(l.shares ?? l.name));
    const { errors } = resolveParams(def.params, params);
    if (errors.length) refuse(`layer ${label(l)}: ${oneLine(errors[0]?.message ?? '')}`);
    return params;
  }

  /** The Input's shape (None axes stay unknown: `?`, the data gives their size) and fixed batch size. */
  private inputShape(l: RawLayer): { shape: (number | null)[]; batchSize?: number } {
    const cfg = l.config;
    const batch = cfg.batch_input_shape ?? cfg.batch_shape;
    const size = Array.isArray(batch) ? batch[0] : cfg.batch_size;
    const shape = Array.isArray(batch) ? batch.slice(1) : Array.isArray(cfg.input_shape) ? cfg.input_shape : undefined;
    if (!shape) refuse(`input ${label(l)} has no batch_input_shape or batch_shape`);
    const dims = shape as unknown[];
    const bad = findNonFinite(dims);
    if (bad) refuse(`input ${label(l)}: its shape holds ${bad}`);
    if (size != null && !(Number.isInteger(size) && (size as number) >= 1))
      refuse(`input ${label(l)}: its batch size must be a whole number ≥ 1 or None (got ${JSON.stringify(size)})`);
    return { shape: dims as (number | null)[], ...(size == null ? {} : { batchSize: size as number }) };
  }

  private warnIgnored(layers: readonly RawLayer[]): void {
    // Weight regularizers and constraints are params (src/nodes/penalties.ts); tfjs cannot run activity regularizers.
    const reg = layers.filter((l) => l.config.activity_regularizer != null).map((l) => quote(l.name));
    if (reg.length)
      this.warnings.push(`activity regularizers are not imported (tfjs cannot train with them): ${listed(reg)}`);
    const dtypes = layers.filter((l) => {
      const d =
        isRecord(l.config.dtype) && isRecord(l.config.dtype.config) ? l.config.dtype.config.name : l.config.dtype;
      return typeof d === 'string' && /float/.test(d) && d !== 'float32' && l.className !== 'InputLayer';
    });
    if (dtypes.length)
      this.warnings.push(`layers are imported as float32: ${listed(dtypes.map((l) => quote(l.name)))}`);
  }
}
