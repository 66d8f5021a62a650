/**
 * The Keras and tfjs model file formats, checked with zod and normalized to one shape (`RawModel`):
 * layers with their class, config and calls, and the model's input and output tensors.
 *
 * - tfjs `model.json`: `{format: "layers-model", modelTopology, weightsManifest}`; the topology may
 *   be wrapped by the converter as `{keras_version, backend, model_config, training_config}`.
 * - Keras 2 `to_json()`: class_name Functional / Model / Sequential; `inbound_nodes` are lists of
 *   `[layer, node, tensor, kwargs]`; very old Sequential configs are a bare list of layers.
 * - Keras 3 `to_json()` / `config.json`: `inbound_nodes` are `{args, kwargs}` holding
 *   `__keras_tensor__` objects with a `keras_history`; `batch_shape`; DTypePolicy dicts;
 *   single input and output layers may be written flat as `[name, 0, 0]`.
 * - Keras 1: as Keras 2, with refs of three items and Keras 1 layer configs (see keras1.ts).
 */
import { z } from 'zod';
import { isLegacyLayer, upgradeLegacyLayer } from './keras1';
import { isRecord } from './values';

/** Layers in one model at most: real models have a few hundred to a few thousand. */
export const MAX_LAYERS = 10_000;

export type ModelFormat = 'tfjs' | 'keras2' | 'keras3' | 'keras1';

export const FORMAT_LABELS: Readonly<Record<ModelFormat, string>> = {
  tfjs: 'TensorFlow.js layers model',
  keras2: 'Keras 2 JSON',
  keras3: 'Keras 3 JSON',
  keras1: 'Keras 1 JSON',
};

/** A reference to a tensor: the output `tensor` of call `node` of `layer`. */
export interface RawRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

export interface RawLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Record<string, unknown>;
  /** One entry per call of the layer: the tensors it was called on, in order. */
  readonly calls: readonly (readonly RawRef[])[];
  /** A model used as a layer (Sequential / Functional / Model nested in another): its own layers. */
  readonly model?: RawModel;
  /** With `model`: a Python helper function's layers, a block but no nested model of the file. */
  readonly helper?: true;
  /** For the second and later calls of a shared layer (see sharedCalls.ts): the layer called again. */
  readonly shares?: string;
  /**
   * Shapes the file states beside the config, without the batch axis: Keras 3's `build_config` input
   * shape (one input), and the output shape Skipwire writes for an opaque layer (and each call's).
   */
  readonly shapes?: {
    readonly input?: readonly number[];
    readonly output?: readonly number[];
    readonly calls?: readonly (readonly number[] | undefined)[];
  };
}

/** Class names of models, which may also appear as layers of another model. */
export const MODEL_CLASSES: ReadonlySet<string> = new Set(['Sequential', 'Functional', 'Model']);

/** Training settings found in a model file (see `trainingOf`). */
export interface TrainingSettings {
  readonly optimizer?: string;
  readonly learningRate?: number;
  readonly loss?: string;
}
export interface RawModel {
  readonly name: string;
  readonly format: ModelFormat;
  readonly layers: readonly RawLayer[];
  readonly inputs: readonly RawRef[];
  /** Empty when the file does not say (the layers nothing consumes are then the outputs). */
  readonly outputs: readonly RawRef[];
  readonly training?: TrainingSettings;
  readonly sequential?: 'listed' | 'implicit'; // a Sequential, its InputLayer listed or not: exports write it so
}
const name = z.string().max(200, 'name longer than 200 characters');
const layerEntry = z.object({
  class_name: z.string().min(1).max(200),
  name: name.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  inbound_nodes: z.array(z.unknown()).max(10_000).optional(),
  build_config: z.unknown().optional(),
  skipwire_output_shape: z.unknown().optional(),
  skipwire_call_output_shapes: z.array(z.unknown()).max(10_000).optional(),
});
type LayerEntry = z.infer<typeof layerEntry>;
const layerList = z.array(layerEntry).max(MAX_LAYERS, `more than ${MAX_LAYERS.toLocaleString('en-US')} layers`);
export const modelConfigSchema = z.object({
  name: name.optional().nullable(),
  layers: layerList,
  input_layers: z.unknown().optional(),
  output_layers: z.unknown().optional(),
  build_input_shape: z.unknown().optional(),
});
export const layerListSchema = layerList;
/** The top level; `config` is checked by `modelConfigSchema` or, for a bare list, `layerListSchema`. */
export const kerasTopSchema = z.object({
  class_name: z.string().max(200),
  config: z.unknown(),
  keras_version: z.string().max(100).optional().nullable(),
  module: z.string().max(200).optional().nullable(),
  training_config: z.unknown().optional(),
  compile_config: z.unknown().optional(),
});
export type KerasModelJson = Omit<z.infer<typeof kerasTopSchema>, 'config'> & {
  config: z.infer<typeof modelConfigSchema> | z.infer<typeof layerList>;
};

const weightSpec = z.object({
  name: z.string().max(1000),
  shape: z.array(z.number().int().min(0)).max(10),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
  quantization: z.unknown().optional(),
});
export const weightsManifestSchema = z
  .array(z.object({ paths: z.array(z.string().max(1000)).max(10_000), weights: z.array(weightSpec).max(100_000) }))
  .max(10_000);
export type WeightsManifest = z.infer<typeof weightsManifestSchema>;

export const tfjsModelSchema = z.object({
  format: z.string().max(100).optional(),
  modelTopology: z.unknown(),
  weightsManifest: weightsManifestSchema.optional(),
});

const toInt = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) ? v : Number.NaN);

/** `[name, node, tensor, …]` → a ref, or undefined when malformed. */
function refOf(v: unknown): RawRef | undefined {
  if (!Array.isArray(v) || typeof v[0] !== 'string') return undefined;
  const node = v.length > 1 ? toInt(v[1]) : 0;
  const tensor = v.length > 2 ? toInt(v[2]) : 0;
  return Number.isNaN(node) || Number.isNaN(tensor) ? undefined : { layer: v[0], node, tensor };
}

/** The Keras 3 tensors in a call's `args`, in order (nested lists and dicts included). */
function kerasTensors(v: unknown, out: RawRef[], depth = 0): boolean {
  if (depth > 16) return false;
  if (Array.isArray(v)) return v.every((x) => kerasTensors(x, out, depth + 1));
  if (!isRecord(v)) return true;
  if (v.class_name === '__keras_tensor__') {
    const ref = isRecord(v.config) ? refOf(v.config.keras_history) : undefined;
    if (!ref) return false;
    out.push(ref);
    return true;
  }
  return Object.values(v).every((x) => kerasTensors(x, out, depth + 1));
}

/** One call (inbound node) → its input refs, or a reason it cannot be read. */
function callOf(node: unknown): RawRef[] | string {
  if (isRecord(node)) {
    const out: RawRef[] = [];
    // A recurrent layer's `initial_state` keyword: its inputs after the sequence.
    const states = isRecord(node.kwargs) ? (node.kwargs.initial_state ?? []) : [];
    return kerasTensors(node.args ?? [], out) && kerasTensors(states, out)
      ? out
      : 'malformed __keras_tensor__ in its inbound_nodes';
  }
  if (!Array.isArray(node)) return 'malformed inbound_nodes';
  // Keras 1/2: a list of refs; a single ref written flat is accepted too; an `initial_state` in
  // a ref's kwargs (tf.keras) adds the states as inputs after it.
  const entries: unknown[] = typeof node[0] === 'string' ? [node] : node;
  const refs = entries.flatMap((e) => {
    const kw = Array.isArray(e) ? e[3] : undefined;
    const states = isRecord(kw) && Array.isArray(kw.initial_state) ? kw.initial_state : [];
    return [refOf(e), ...(typeof states[0] === 'string' ? [refOf(states)] : states.map(refOf))];
  });
  return refs.every((r) => r !== undefined) ? (refs as RawRef[]) : 'malformed inbound_nodes';
}

/** `input_layers` / `output_layers`: a list of refs, one flat ref, or a dict of refs. */
export function refsOf(v: unknown): RawRef[] | undefined {
  if (v === undefined || v === null) return [];
  if (isRecord(v)) v = Object.values(v);
  if (!Array.isArray(v)) return undefined;
  if (typeof v[0] === 'string') {
    const r = refOf(v);
    return r ? [r] : undefined;
  }
  const refs = v.map(refOf);
  return refs.every((r) => r !== undefined) ? (refs as RawRef[]) : undefined;
}

export type Normalized = { ok: true; model: RawModel } | { ok: false; error: string };

function layerOf(entry: LayerEntry, i: number, format: ModelFormat, depth: number): RawLayer | string {
  const legacy = format === 'keras1';
  let className = entry.class_name;
  let config: Record<string, unknown> = entry.config ?? {};
  const layerName =
    entry.name || (typeof config.name === 'string' && config.name) || `${className.toLowerCase()}_${i + 1}`;
  if (layerName.length > 200) return `layer name longer than 200 characters ("${layerName.slice(0, 40)}…")`;
  if (legacy || isLegacyLayer(className, config)) ({ className, config } = upgradeLegacyLayer(className, config));
  // Keras 3's LeakyReLU defaults to a slope of 0.2 (Keras 2 and tfjs: 0.3).
  if (format === 'keras3' && className === 'LeakyReLU' && !('negative_slope' in config) && !('alpha' in config))
    config = { ...config, negative_slope: 0.2 };
  const calls: RawRef[][] = [];
  for (const node of entry.inbound_nodes ?? []) {
    const call = callOf(node);
    if (typeof call === 'string') return `layer "${layerName}" (${entry.class_name}): ${call}`;
    calls.push(call);
  }
  const shapes = shapesOf(entry);
  if (!MODEL_CLASSES.has(className) || !('layers' in config))
    return { name: layerName, className, config, calls, ...(shapes ? { shapes } : {}) };
  // A model used as a layer: read it as a model of its own (its layers list is checked here).
  const inner = nestedModel(className, config, format, depth + 1);
  if (!inner.ok) return `nested model "${layerName}" (${className}): ${inner.error}`;
  const frozen = config.trainable === false ? { trainable: false } : {};
  return { name: layerName, className, config: frozen, calls, model: inner.model };
}

const sizes = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.length > 1 && v[0] === null && v.slice(1).every((d) => Number.isInteger(d) && d >= 1)
    ? (v.slice(1) as number[])
    : undefined;

/** An output shape Skipwire wrote: sizes after a batch axis, maybe none (`[null]`: one value per sample). */
const outSizes = (v: unknown): number[] | undefined =>
  Array.isArray(v) && v.length === 1 && v[0] === null ? [] : sizes(v);

/** A layer entry's stated shapes (see `RawLayer.shapes`), when they are plain sizes after a batch axis. */
function shapesOf(entry: LayerEntry): RawLayer['shapes'] {
  const build = isRecord(entry.build_config) ? entry.build_config : {};
  const input = sizes(build.input_shape);
  const output = outSizes(entry.skipwire_output_shape);
  const calls = entry.skipwire_call_output_shapes?.map(outSizes);
  if (!input && !output && !calls) return undefined;
  return { ...(input ? { input } : {}), ...(output ? { output } : {}), ...(calls ? { calls } : {}) };
}

/** Models nested in models at most (Teachable Machine nests three). */
const MAX_NESTING = 8;

function nestedModel(className: string, config: Record<string, unknown>, format: ModelFormat, depth: number) {
  if (depth > MAX_NESTING) return { ok: false, error: `models nested more than ${MAX_NESTING} deep` } as const;
  const cfg = Array.isArray(config.layers)
    ? modelConfigSchema.safeParse(config)
    : ({ success: false, error: undefined } as const);
  if (!cfg.success) return { ok: false, error: 'its layers are not a list of layers' } as const;
  return normalizeKeras({ class_name: className, config: cfg.data }, format, depth);
}

/** The input shape (batch axis first) of a layer's first input, looking into nested models. */
function batchShapeOf(layer: RawLayer): unknown {
  if (!layer.model) return layer.config.batch_input_shape ?? layer.config.batch_shape;
  const first = layer.model.layers.find((l) => l.name === layer.model?.inputs[0]?.layer);
  return first ? batchShapeOf(first) : undefined;
}

/** Input shape config of a Sequential model whose first layer carries it. */
function sequentialInput(first: RawLayer, build: unknown, nested: boolean): RawLayer | undefined {
  const shape = batchShapeOf(first) ?? build;
  // Inside another model the input is the outer model's tensor: its shape comes from there.
  if (!Array.isArray(shape) && !nested) return undefined;
  const dtype = first.config.dtype;
  return {
    name: `${first.name}_input`,
    className: 'InputLayer',
    config: { batch_input_shape: shape, dtype },
    calls: [],
  };
}

/**
 * A Keras model JSON (already checked by `kerasModelSchema`) → a RawModel. `depth` > 0 for a model
 * nested in another (a Sequential inside it needs no input shape of its own).
 */
export function normalizeKeras(json: KerasModelJson, format: ModelFormat, depth = 0): Normalized {
  const cfg = Array.isArray(json.config) ? { layers: json.config } : json.config;
  const layers: RawLayer[] = [];
  for (const [i, entry] of cfg.layers.entries()) {
    const l = layerOf(entry, i, format, depth);
    if (typeof l === 'string') return { ok: false, error: l };
    layers.push(l);
  }
  const modelName = ('name' in cfg && typeof cfg.name === 'string' && cfg.name) || 'model';
  const training = trainingOf(json.training_config ?? json.compile_config);
  const extra = training ? { training } : {};
  if (json.class_name === 'Sequential' || Array.isArray(json.config)) {
    if (layers.length === 0) return { ok: false, error: 'the Sequential model has no layers' };
    const first = layers[0] as RawLayer;
    const sequential = first.className === 'InputLayer' ? 'listed' : 'implicit';
    if (sequential === 'implicit') {
      const input = sequentialInput(first, 'build_input_shape' in cfg ? cfg.build_input_shape : undefined, depth > 0);
      if (!input)
        return {
          ok: false,
          error: `the Sequential model has no input shape (its first layer "${first.name}" has no batch_input_shape)`,
        };
      layers.unshift(input);
    }
    const chained = layers.map((l, i) => ({
      ...l,
      calls: i === 0 ? [] : [[{ layer: layers[i - 1]!.name, node: 0, tensor: 0 }]],
    }));
    const last = chained[chained.length - 1] as RawLayer;
    return {
      ok: true,
      model: {
        name: modelName,
        format,
        layers: chained,
        inputs: [{ layer: chained[0]!.name, node: 0, tensor: 0 }],
        outputs: [{ layer: last.name, node: 0, tensor: 0 }],
        sequential,
        ...extra,
      },
    };
  }
  const inputs = refsOf('input_layers' in cfg ? cfg.input_layers : undefined);
  const outputs = refsOf('output_layers' in cfg ? cfg.output_layers : undefined);
  if (!inputs) return { ok: false, error: 'malformed input_layers' };
  if (!outputs) return { ok: false, error: 'malformed output_layers' };
  return { ok: true, model: { name: modelName, format, layers, inputs, outputs, ...extra } };
}

/** Keras loss names → the training settings' loss ids (src/train/settings.ts). */
const LOSS_IDS: Readonly<Record<string, string>> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
};

/**
 * Training settings from a tfjs `training_config` or a Keras 3 `compile_config`, in the form the
 * editor keeps in `metadata.training` (optimizer `adam` / `sgd` / `momentum` / `rmsprop`, loss ids
 * such as `categoricalCrossentropy`). What has no equivalent is left out.
 */
export function trainingOf(v: unknown): TrainingSettings | undefined {
  if (!isRecord(v)) return undefined;
  const out: { optimizer?: string; learningRate?: number; loss?: string } = {};
  const opt = v.optimizer_config ?? v.optimizer;
  const name =
    typeof opt === 'string' ? opt : isRecord(opt) && typeof opt.class_name === 'string' ? opt.class_name : '';
  const cfg = isRecord(opt) && isRecord(opt.config) ? opt.config : {};
  const lower = name.toLowerCase();
  if (lower === 'sgd' && typeof cfg.momentum === 'number' && cfg.momentum > 0) out.optimizer = 'momentum';
  else if (['sgd', 'adam', 'rmsprop'].includes(lower)) out.optimizer = lower;
  const lr = cfg.learning_rate ?? cfg.lr;
  if (typeof lr === 'number' && Number.isFinite(lr) && lr > 0) out.learningRate = lr;
  if (typeof v.loss === 'string' && Object.hasOwn(LOSS_IDS, v.loss)) out.loss = LOSS_IDS[v.loss];
  return Object.keys(out).length ? out : undefined;
}
