/**
 * What Keras calls mean, read statically: `Input(shape=…)` makes an input tensor, a layer class
 * makes a layer object, a layer object called on tensors adds a layer to their graph (again: a
 * shared layer), `Model(inputs, outputs)` and `Sequential([...])` make models, a model called on
 * tensors nests it. Models come out as the importer's `RawModel`.
 */
import type { SyntaxNode } from '@lezer/common';
import { isLegacyLayer, upgradeLegacyLayer } from '../keras1';
import { MODEL_CLASSES, type RawModel } from '../kerasModel';
import { fail, type KerasContext, MixedGraphs, refOf, tensorsOf } from './context';
import { input } from './input';
import {
  canonicalClass,
  configOf,
  inputShapeOf,
  isCatalogueClass,
  MERGE_FUNCTIONS,
  MERGE_POSITIONAL,
  penaltyConfig,
} from './kerasArgs';
import { callOutputs, skipStateModel, splitCall, stateOutput } from './states';
import {
  configValue,
  GraphScope,
  isLoaded,
  LayerObj,
  ModelObj,
  type MutableLayer,
  Opaque,
  PyDict,
  PyImportError,
  type PyModule,
  Skip,
  Tensor,
  taintOf,
} from './values';

export { type KerasContext, MixedGraphs };

/** `conv2d` from `Conv2D`, `batch_normalization` from `BatchNormalization` (Keras' auto names). */
export const snake = (s: string): string =>
  s
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();

/** Whether a dotted name is Keras' (`keras.layers.Dense`, `tensorflow.keras…`) or a bare name. */
export const isKerasPath = (path: string): boolean => !path.includes('.') || /(^|\.)keras(\.|$)/.test(path);

/** A Keras name called: a layer class, Input, Model, Sequential, a merge function, or an optimizer. */
export function callKeras(
  ctx: KerasContext,
  mod: PyModule,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
  node: SyntaxNode,
): unknown {
  const name = mod.last;
  if (name === 'Input') return input(ctx, args, kwargs, node);
  if (MODEL_CLASSES.has(name)) return model(ctx, name, args, kwargs, node);
  const merge = MERGE_FUNCTIONS[name];
  if (merge && mod.path.split('.').length <= 3) {
    const [tensors, ...rest] = args;
    if (merge === 'Merge') ctx.legacy = true;
    const layer = makeLayer(ctx, merge, rest, withoutKey(kwargs, 'inputs'), node, MERGE_POSITIONAL[merge] ?? []);
    return callLayer(ctx, layer, [tensors ?? kwargs.get('inputs')], node);
  }
  if (/optimizers\.[A-Z]/.test(mod.path) || /^(Adam|SGD|RMSprop|Adagrad|Adadelta|Adamax|Nadam)$/.test(name))
    return new PyDict(
      new Map<string, unknown>([
        ['class_name', name],
        ['config', new PyDict(new Map(kwargs))],
      ]),
    );
  if (/^(load_model|model_from_json|model_from_config|clone_model)$/.test(name))
    return new Opaque(ctx.text(node), undefined, true);
  const penalty = penaltyConfig(mod.path, name, args, kwargs);
  if (penalty) return new PyDict(new Map([...penalty].map(([k, v]) => [k, v instanceof Map ? new PyDict(v) : v])));
  if (isCatalogueClass(name) || (/^[A-Z]/.test(name) && /(^|\.)layers(\.|$)/.test(mod.path)))
    return makeLayer(ctx, name, args, kwargs, node);
  return new Opaque(ctx.text(node));
}

const withoutKey = (m: ReadonlyMap<string, unknown>, key: string) => new Map([...m].filter(([k]) => k !== key));

/** A layer object from a class name and arguments (`Dense(10, activation='relu')`). */
export function makeLayer(
  ctx: KerasContext,
  className: string,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
  node: SyntaxNode,
  positional?: readonly string[],
): LayerObj {
  for (const v of [...args, ...kwargs.values()]) {
    const t = taintOf(v);
    if (t) throw new PyImportError(t);
    if (v instanceof Tensor)
      fail(ctx, node, 'a tensor is given where the layer takes a setting; call the layer on it instead');
  }
  const cls = canonicalClass(className);
  const unknown = (k: string) =>
    fail(
      ctx,
      node,
      `${k} is not a layer Skipwire has (docs/layers.md lists them); replace it with one of those layers, or remove it`,
    );
  if (cls !== 'Merge' && !isCatalogueClass(cls)) unknown(cls);
  const values = args.map((a) => configValue(a));
  const named = new Map([...kwargs].map(([k, v]) => [k, configValue(v)] as const));
  const r = positional
    ? {
        ok: true as const,
        config: Object.fromEntries([...positional.slice(0, values.length).map((k, i) => [k, values[i]]), ...named]),
      }
    : configOf(cls, values, named);
  if (!r.ok) return fail(ctx, node, r.error);
  let config = r.config;
  let klass = cls;
  if (isLegacyLayer(cls, config)) {
    ctx.legacy = true;
    ({ className: klass, config } = upgradeLegacyLayer(cls, config));
  }
  // Keras 3's LeakyReLU slope defaults to 0.2, Keras 2's (and Keras 1's) to 0.3.
  if (klass === 'LeakyReLU' && !('negative_slope' in config) && !('alpha' in config))
    config.negative_slope = ctx.keras2 || ctx.legacy ? 0.3 : 0.2;
  if (!isCatalogueClass(klass)) unknown(klass);
  return new LayerObj(klass, config, ctx.where(node.from));
}

/**
 * Calls a layer object on tensors: the layer joins (or is called again in) their graph. A recurrent
 * layer's initial states become its inputs after the sequence, its states (with `return_state`)
 * extra outputs (states.ts).
 */
export function callLayer(
  ctx: KerasContext,
  layer: LayerObj,
  args: readonly unknown[],
  node: SyntaxNode,
  kwargs: ReadonlyMap<string, unknown> = new Map(),
): Tensor | Tensor[] {
  const call = splitCall(layer, args, kwargs);
  const taint = taintOf([call.sequence, ...call.states]);
  if (taint) throw new PyImportError(taint);
  if (call.error) fail(ctx, node, call.error);
  const inputs = tensorsOf(ctx, call.sequence, node);
  const states = call.states.length ? tensorsOf(ctx, call.states, node) : [];
  const graph = (inputs[0] as Tensor).graph;
  if (graph !== ctx.graph || states.some((s) => s.graph !== graph)) throw new MixedGraphs();
  let raw = layer.inGraph.get(graph);
  if (!raw) {
    const given = typeof layer.config.name === 'string' ? layer.config.name : undefined;
    const { name: _given, ...config } = layer.config;
    raw = { name: graph.uniqueName(given, snake(layer.className)), className: layer.className, config, calls: [] };
    graph.layers.push(raw);
    layer.inGraph.set(graph, raw);
    ctx.built++;
  }
  raw.calls.push([...inputs, ...states].map(refOf));
  return callOutputs(layer, raw.name, new Tensor(graph, raw.name, raw.calls.length - 1, 0));
}

const tensorList = (v: unknown): unknown[] =>
  Array.isArray(v) ? v : v instanceof PyDict ? [...v.entries.values()] : [v];

function model(
  ctx: KerasContext,
  cls: string,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
  node: SyntaxNode,
): ModelObj | Opaque {
  const nameArg = kwargs.get('name');
  const name = typeof nameArg === 'string' ? nameArg : cls === 'Sequential' ? 'sequential' : 'model';
  ctx.built++;
  if (cls === 'Sequential') {
    const m = new ModelObj('sequential', name, ctx.where(node.from));
    m.node = node;
    const layers = args[0] ?? kwargs.get('layers');
    if (layers !== undefined && layers !== null) for (const l of tensorList(layers)) addToSequential(ctx, m, l, node);
    ctx.models.push(m);
    return m;
  }
  if (kwargs.has('input') || kwargs.has('output')) ctx.legacy = true;
  const ins = kwargs.get('inputs') ?? kwargs.get('input') ?? args[0];
  const outs = kwargs.get('outputs') ?? kwargs.get('output') ?? args[1];
  if (ins === undefined || outs === undefined)
    fail(
      ctx,
      node,
      'a Model needs its inputs and outputs (Model(inputs=…, outputs=…)); subclassed models are not read',
    );
  if (isLoaded(ins) || isLoaded(outs)) {
    ctx.notes.push(
      `${ctx.where(node.from)}: \`${ctx.text(node)}\` is made of a model loaded from a file, not built here: skipped`,
    );
    throw new Skip('a model of a loaded model');
  }
  const inputs = tensorsOf(ctx, tensorList(ins), node);
  const outputs = tensorsOf(ctx, tensorList(outs), node);
  const state = stateOutput(outputs);
  if (state) {
    const why = `${ctx.where(node.from)}: \`${ctx.text(node)}\` outputs ${state}, and a Skipwire model's outputs are layers' main outputs`;
    ctx.notes.push(`${why}: skipped (a seq2seq script's inference model)`);
    skipStateModel(ctx, why);
    return new Opaque(ctx.text(node), why);
  }
  const m = new ModelObj('functional', name, ctx.where(node.from), outputs, inputs);
  m.raw = functionalModel(name, inputs, outputs, ctx);
  m.node = node;
  ctx.models.push(m);
  return m;
}

/** The layers the outputs depend on, in the order they were made. */
function functionalModel(
  name: string,
  inputs: readonly Tensor[],
  outputs: readonly Tensor[],
  ctx: KerasContext,
): RawModel {
  const graph = (outputs[0] as Tensor).graph;
  const byName = new Map(graph.layers.map((l) => [l.name, l]));
  const keep = new Set<string>();
  const stack = [...outputs.map((t) => t.layer), ...inputs.map((t) => t.layer)];
  while (stack.length) {
    const n = stack.pop() as string;
    if (keep.has(n)) continue;
    keep.add(n);
    for (const call of byName.get(n)?.calls ?? []) for (const r of call) stack.push(r.layer);
  }
  return {
    name,
    format: formatOf(ctx),
    layers: graph.layers.filter((l) => keep.has(l.name)).map((l) => ({ ...l, calls: [...l.calls] })),
    inputs: inputs.map(refOf),
    outputs: outputs.map(refOf),
  };
}

export const formatOf = (ctx: KerasContext) =>
  (ctx.legacy ? 'keras1' : ctx.keras2 ? 'keras2' : 'keras3') as RawModel['format'];

/** `model.add(layer)` and the items of `Sequential([...])`. */
export function addToSequential(ctx: KerasContext, m: ModelObj, item: unknown, node: SyntaxNode): void {
  if (!(item instanceof LayerObj || item instanceof ModelObj || (item instanceof Tensor && m.items.length === 0)))
    fail(ctx, node, 'a Sequential model takes layers (and keras.Input first); this is not one');
  m.items.push(item);
  m.raw = undefined;
}

/** The RawModel of a model; a Sequential is chained now, in a graph of its own. */
export function rawModel(ctx: KerasContext, m: ModelObj, nested: boolean, node: SyntaxNode): RawModel {
  if (m.raw) return m.raw;
  const graph = new GraphScope();
  const outer = ctx.graph;
  ctx.graph = graph;
  try {
    const items = [...m.items];
    const first = items[0];
    let x: Tensor;
    if (first instanceof Tensor) {
      items.shift();
      const src = first.graph.layers.find((l) => l.name === first.layer) as MutableLayer;
      graph.layers.push({ ...src, calls: [] });
      graph.uniqueName(src.name, '');
      x = new Tensor(graph, src.name, 0, 0);
    } else {
      const shape = first instanceof LayerObj ? inputShapeOf(first.className, first.config) : undefined;
      if (!shape && !nested)
        fail(
          ctx,
          node,
          `the Sequential model "${m.name}" has no input shape: start it with keras.Input(shape=…) or give its first layer input_shape=…`,
        );
      const name = graph.uniqueName(undefined, 'input_layer');
      graph.layers.push({
        name,
        className: 'InputLayer',
        config: { batch_input_shape: shape ?? [null, 1] },
        calls: [],
      });
      x = new Tensor(graph, name, 0, 0);
    }
    if (!items.length) fail(ctx, node, `the Sequential model "${m.name}" has no layers`);
    for (const item of items) {
      const y =
        item instanceof ModelObj ? callModel(ctx, item, [x], node) : callLayer(ctx, item as LayerObj, [x], node);
      if (Array.isArray(y))
        fail(
          ctx,
          node,
          'a layer with return_state=True returns several tensors; a Sequential takes one: use the functional API',
        );
      x = y as Tensor;
    }
    const inputRef = { layer: graph.layers[0]?.name as string, node: 0, tensor: 0 };
    return {
      name: m.name,
      format: formatOf(ctx),
      // A Sequential: the exports write it as one again (its keras.Input is listed, as Keras 3 lists it).
      sequential: first instanceof Tensor ? 'listed' : 'implicit',
      layers: graph.layers.map((l) => ({ ...l, calls: [...l.calls] })),
      inputs: [inputRef],
      outputs: [refOf(x)],
      ...(m.training ? { training: m.training } : {}),
    };
  } finally {
    ctx.graph = outer;
  }
}

/** A model called on tensors: a nested model in their graph (a block in Skipwire). */
export function callModel(
  ctx: KerasContext,
  m: ModelObj,
  args: readonly unknown[],
  node: SyntaxNode,
): Tensor | Tensor[] {
  const inputs = tensorsOf(ctx, args[0], node);
  const graph = (inputs[0] as Tensor).graph;
  if (graph !== ctx.graph) throw new MixedGraphs();
  const model = rawModel(ctx, m, true, node);
  let layer = m.inGraph.get(graph);
  if (!layer) {
    const className = m.kind === 'sequential' ? 'Sequential' : 'Functional';
    layer = { name: graph.uniqueName(m.name, m.name), className, config: {}, calls: [], model };
    graph.layers.push(layer);
    m.inGraph.set(graph, layer);
    ctx.built++;
  }
  // Called again: the same model, its weights shared, as Keras does.
  layer.calls.push(inputs.map(refOf));
  const call = layer.calls.length - 1;
  const name = layer.name;
  const outs = model.outputs.map((_, i) => new Tensor(graph, name, call, i));
  return outs.length === 1 ? (outs[0] as Tensor) : outs;
}
