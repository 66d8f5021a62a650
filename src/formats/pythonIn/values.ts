/**
 * The values the Python reader works with. Nothing is ever run: literals are read, Keras calls
 * become layer objects, tensors and models, and everything else is an `Opaque` placeholder that
 * remembers where it came from (so a tensor passed through something unknown gets a located message).
 */
import type { SyntaxNode } from '@lezer/common';
import type { RawLayer, RawModel } from '../kerasModel';

/** A dotted name bound by an import (`keras.layers`, `tensorflow.keras.layers.Conv2D`), or a bare unknown name. */
export class PyModule {
  constructor(readonly path: string) {}
  /** The last part of the path: the class or function name. */
  get last(): string {
    return this.path.slice(this.path.lastIndexOf('.') + 1);
  }
}

/** Where a graph of layers is built: the script's top level, a helper's body, a Sequential. */
export class GraphScope {
  readonly layers: MutableLayer[] = [];
  private readonly taken = new Set<string>();
  private readonly counts = new Map<string, number>();
  /** The `name` of the helper call this graph is the body of (its layers' names lose this prefix). */
  constructor(readonly prefix = '') {}
  /** A layer name unique in this graph: the given one, else Keras' auto name (`conv2d`, `conv2d_1`). */
  uniqueName(given: string | undefined, base: string): string {
    let name = given;
    if (name !== undefined && this.prefix && name.startsWith(`${this.prefix}_`))
      name = name.slice(this.prefix.length + 1);
    if (name === undefined || name === '') {
      const n = this.counts.get(base) ?? 0;
      this.counts.set(base, n + 1);
      name = n === 0 ? base : `${base}_${n}`;
    }
    let id = name;
    for (let i = 2; this.taken.has(id); i++) id = `${name}_${i}`;
    this.taken.add(id);
    return id;
  }
}

export type MutableLayer = { -readonly [K in keyof RawLayer]: RawLayer[K] } & { calls: RawLayerCall[] };
type RawLayerCall = RawLayer['calls'][number];

/** One output of a layer call in a graph. */
export class Tensor {
  constructor(
    readonly graph: GraphScope,
    readonly layer: string,
    readonly node: number,
    readonly tensor: number,
  ) {}
}

/** A layer made but not yet called (`Dense(10)`); called on tensors it joins their graph. */
export class LayerObj {
  /** The layer made of this object in each graph it was called in. */
  readonly inGraph = new Map<GraphScope, MutableLayer>();
  constructor(
    readonly className: string,
    readonly config: Record<string, unknown>,
    readonly where: string,
  ) {}
}

/** `keras.Model(…)` (a finished functional model) or `keras.Sequential(…)` (layers added until used). */
export class ModelObj {
  readonly items: unknown[] = [];
  raw?: RawModel;
  /** Its layer entry in each graph that calls it (a second call shares the model's weights). */
  readonly inGraph = new Map<GraphScope, MutableLayer>();
  training?: RawModel['training'];
  /** Where it was made, for located messages. */
  node?: SyntaxNode;
  constructor(
    readonly kind: 'functional' | 'sequential',
    public name: string,
    readonly where: string,
    /** For a functional model: its output tensors (for `model.output`). */
    readonly outputs: readonly Tensor[] = [],
    readonly inputs: readonly Tensor[] = [],
  ) {}
}

/** A `def`: its parameters (defaults already read) and body, run when it is called. */
export class PyFunction {
  constructor(
    readonly name: string,
    readonly params: readonly { name: string; default?: unknown; star?: boolean }[],
    readonly body: SyntaxNode,
    readonly doc: string | undefined,
  ) {}
}

/** A method bound to its object (`model.add`, `model.compile`). */
export class BoundMethod {
  constructor(
    readonly self: unknown,
    readonly name: string,
  ) {}
}

/** A Python dict with string keys (layer configs given as dicts, `**kwargs` literals). */
export class PyDict {
  constructor(readonly entries: Map<string, unknown>) {}
}

/** A builtin the reader understands (`range`, `len`, `int`, …). */
export class Builtin {
  constructor(readonly name: string) {}
}

/** Something the reader does not follow. `taint` says why, when it stands for a tensor. */
export class Opaque {
  constructor(
    readonly text: string,
    readonly taint?: string,
    /** It comes from a model loaded from a file (`keras.models.load_model(…)`), which the script does not build. */
    readonly loaded = false,
  ) {}
}

/** Whether a value (or a list holding it) comes from a model loaded from a file. */
export const isLoaded = (v: unknown, depth = 0): boolean =>
  v instanceof Opaque ? v.loaded : Array.isArray(v) && depth < 8 && v.some((x) => isLoaded(x, depth + 1));

/** The outcome of reading a statement that is not part of the model: it is skipped. */
export class Skip extends Error {}

/** A mistake in the model-building code: the import stops with this located message. */
export class PyImportError extends Error {}

export const isTensorLike = (v: unknown): boolean => v instanceof Tensor || (Array.isArray(v) && v.some(isTensorLike));

/** The first taint in a value (a tensor that went through something unknown). */
export function taintOf(v: unknown, depth = 0): string | undefined {
  if (v instanceof Opaque) return v.taint;
  if (Array.isArray(v) && depth < 8)
    for (const x of v) {
      const t = taintOf(x, depth + 1);
      if (t) return t;
    }
  return undefined;
}

/** A value as a Keras config value (JSON): unknown things become their source text. */
export function configValue(v: unknown, depth = 0): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return depth > 8 ? null : v.map((x) => configValue(x, depth + 1));
  if (v instanceof PyModule) return v.last;
  if (v instanceof PyDict) return Object.fromEntries([...v.entries].map(([k, x]) => [k, configValue(x, depth + 1)]));
  // A layer given to a layer (`Bidirectional(LSTM(8))`): its class and config, as Keras serializes it.
  if (v instanceof LayerObj) return { class_name: v.className, config: v.config };
  if (v instanceof Opaque) return { class_name: v.text };
  return null;
}
