/**
 * `defineLayer`: one layer type as plain data. The catalogue never imports tfjs at run time —
 * `build` receives the tfjs namespace as an argument — so shapes and parameter counts are
 * available before the tfjs chunk loads.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { KerasMapping } from './keras';
import type { ParamValues, Schema } from './schema';

/** The tfjs namespace, passed to `build`. */
export type TF = typeof tfjs;
/** A symbolic tensor of a model being built. */
export type SymbolicTensor = tfjs.SymbolicTensor;
/** A tfjs layer (tfjs-layers does not export its `Layer` class from the package root). */
export type TfLayer = tfjs.LayersModel['layers'][number];

/** One dimension: a size, or `null` when unknown (Keras' `None`). */
export type Dim = number | null;
/** A tensor shape without the batch dimension: `[45, 60, 64]` for a 45×60×64 feature map. */
export type Shape = readonly Dim[];

export type Category =
  | 'input'
  | 'core'
  | 'conv'
  | 'pooling'
  | 'reshape'
  | 'normalization'
  | 'regularization'
  | 'activation'
  | 'merge'
  | 'recurrent'
  | 'embedding'
  | 'preprocessing';

/**
 * A fix a layer can suggest, in layer terms. The analysis turns it into document edit operations
 * (the editor's "Apply fix" button).
 */
export type LayerFix =
  | { readonly label: string; readonly kind: 'setParam'; readonly param: string; readonly value: unknown }
  | {
      readonly label: string;
      /** Insert a new layer on the wire that feeds input `port`. */
      readonly kind: 'insertBefore';
      readonly port: number;
      readonly layer: { readonly type: string; readonly params: Readonly<Record<string, unknown>> };
    };

/** A problem found by `inferShape` or `warn`: a message, the param at fault, fixes. */
export interface LayerIssue {
  readonly message: string;
  readonly param?: string;
  readonly fixes?: readonly LayerFix[];
}

/** `inferShape` returns the output shape, or an issue explaining why there is none. */
export type ShapeResult = Shape | { readonly error: LayerIssue };

export interface ParamCount {
  readonly trainable: number;
  readonly nonTrainable: number;
}

export const NO_PARAMS: ParamCount = Object.freeze({ trainable: 0, nonTrainable: 0 });

/**
 * What the head analysis (src/compile/training.ts: the loss to pick, the output-size fix) needs to
 * know about a layer on the way from the output back to the layer that sets it.
 */
export interface HeadRole<S extends Schema = Schema> {
  /** Keeps each output value as it is (reorders, drops or copies values): the head looks through it. */
  readonly passThrough?: boolean;
  /** Keeps the size of the last axis: an output-size fix looks through it. */
  readonly keepsLastAxis?: boolean;
  /** The activation the layer applies whatever its params (Softmax). */
  readonly activation?: 'softmax' | 'sigmoid';
  /** The int param that sets the size of the last axis (Dense `units`, Conv `filters`). */
  readonly sizeParam?: keyof S & string;
  /** The param holding a target shape whose last entry is the last axis (Reshape `targetShape`). */
  readonly shapeParam?: keyof S & string;
}

export interface LayerDef<S extends Schema = Schema> {
  /** Stable id stored in documents: `conv2d`, `add`, … */
  readonly type: string;
  /** The Keras / tfjs class name: `Conv2D`. */
  readonly kerasClass: string;
  readonly category: Category;
  /** How many inputs the layer takes: 1..1 for most, 2..∞ for merges, 0..0 for Input. */
  readonly inputs: { readonly min: number; readonly max: number };
  readonly params: S;
  /** What the layer does, for the palette tooltip and the inspector. */
  readonly docs: string;
  /** Pure shape inference. `inputs` are the shapes of the connected inputs, in port order. */
  inferShape(inputs: readonly Shape[], params: ParamValues<S>): ShapeResult;
  /** Pure parameter count, given the input shapes (all dims known). */
  countParams(inputs: readonly Shape[], params: ParamValues<S>): ParamCount;
  /**
   * Multiply-accumulates per sample, by torchinfo's mult-adds convention (a convolution makes
   * H_out·W_out·K_h·K_w·C_in·C_out/groups, a dense layer in·out; biases, activations and
   * normalization are not counted); `null` when a dim it needs is unknown. Absent: the layer does
   * not multiply (0).
   */
  macs?(inputs: readonly Shape[], params: ParamValues<S>, output: Shape): number | null;
  /** Checks across params that a schema cannot express (e.g. strides with dilation). */
  checkParams?(params: ParamValues<S>): LayerIssue | undefined;
  /** A legal but suspicious use, reported as a warning (e.g. Dense on a feature map). */
  warn?(inputs: readonly Shape[], params: ParamValues<S>): LayerIssue | undefined;
  /** The key params for a node's face: `64 · 7×7 · same`. */
  describe?(params: ParamValues<S>): string;
  /**
   * The params as tfjs must receive them once the input shapes are known, when that differs from
   * the document's (Reshape resolves its -1, which tfjs 4.22 cannot infer symbolically).
   */
  concrete?(inputs: readonly Shape[], params: ParamValues<S>): ParamValues<S>;
  /**
   * Why tfjs cannot run this layer (an opaque layer: Lambda, a custom class), naming the layer's
   * class and what to do instead; absent, or `undefined` for these params: it runs. The compiler
   * refuses such a layer for training and the tfjs export; the exports that only write its config
   * (Keras JSON, .keras, .h5) build it through `build` as a stand-in that carries the config.
   */
  cannotRun?(params: ParamValues<S>): string | undefined;
  /**
   * The shapes of the outputs after the main one (a recurrent layer's states with `returnState`),
   * in Keras' order; absent or empty: the layer has one output. `maxOutputs` is the most outputs any
   * params give (the ports a wire may start from).
   */
  stateShapes?(inputs: readonly Shape[], params: ParamValues<S>): readonly Shape[];
  /** The names of those outputs (`h`, `c`), for the canvas' handles. */
  stateNames?(params: ParamValues<S>): readonly string[];
  readonly maxOutputs?: number;
  /**
   * Calls the built layer on its input tensors when that is not `layer.apply(x)` (one input) or
   * `layer.apply(xs)`: a recurrent layer's extra inputs are its `initialState`.
   */
  apply?(layer: TfLayer, inputs: readonly SymbolicTensor[], params?: ParamValues<S>): SymbolicTensor | SymbolicTensor[];
  /** Builds the tfjs layer. Input layers build through `tf.input` in the compiler instead. */
  build(tf: TF, params: ParamValues<S>, name: string): TfLayer;
  /** How each param reads from and writes to a Keras config / Keras 3 argument (src/formats reads it). */
  readonly keras: KerasMapping;
  /** Its role in the head analysis; absent: the head analysis stops at this layer. */
  readonly head?: HeadRole;
  /** tfjs kernels training needs for its gradients, beyond those every backend has (src/train/backend.ts). */
  readonly gradientKernels?: readonly string[];
}

/** Any layer definition, with its param values erased to a record. */
export type AnyLayerDef = LayerDef<Schema>;

/**
 * Declares a layer type. Identity at run time; it exists to infer the params type and to check
 * that the Keras mapping and the head role name the layer's own params (a typo fails to compile).
 */
export function defineLayer<const S extends Schema>(
  def: Omit<LayerDef<S>, 'keras' | 'head'> & { readonly keras: KerasMapping<S>; readonly head?: HeadRole<S> },
): LayerDef<S> {
  // A mapping of S's own params is a mapping of params: TypeScript cannot see that for a generic S.
  return def as LayerDef<S>;
}

/** Shorthand for a shape error. */
export function fail(message: string, extra?: Omit<LayerIssue, 'message'>): { error: LayerIssue } {
  return { error: { message, ...extra } };
}

export function isShapeError(r: ShapeResult): r is { readonly error: LayerIssue } {
  return !Array.isArray(r);
}
