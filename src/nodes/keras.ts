/**
 * The declarative half of a layer's Keras mapping: which Keras config key (Keras 2 / tfjs JSON)
 * and Keras 3 argument each param is, which named conversion its value takes, its Keras 3
 * default, and the Keras settings the catalogue cannot reproduce. Data only: the conversions and
 * the readers and writers that apply them live in src/formats (kerasTable.ts, values.ts).
 */
import type { Activation } from './common';
import type { Schema } from './schema';

/**
 * A named value conversion between a Keras config value and a catalogue value (src/formats/values.ts
 * implements each, both ways): `single` `3` ↔ `[3]`, `pair` `3` → `[3, 3]`, `triple` `3` → `[3, 3, 3]`, `sides` flat
 * `[t, b, l, r]` ↔ `[[t, b], [l, r]]`, `activation` Keras names and aliases, `axis` `[3]` → `3`,
 * `dotAxes` `a` ↔ `[a]`, `targetShape` an inferred `null` → `-1`, `regularizer` / `constraint` a Keras
 * 2 or 3 `{class_name, config}` ↔ `{ l1, l2 }` / `{ className, …numbers }` (penalties.ts).
 */
export type KerasConversion =
  | 'single'
  | 'pair'
  | 'triple'
  | 'sides'
  | 'activation'
  | 'axis'
  | 'dotAxes'
  | 'targetShape'
  | 'regularizer'
  | 'constraint';

/** One param as Keras knows it. */
export interface KerasArg<V = unknown> {
  /** Key in a Keras 2 / tfjs config, and the Keras 3 argument name unless `keras3` says otherwise. */
  readonly key: string;
  /** Keras 3 argument / config key when it differs (LeakyReLU's `negative_slope`). */
  readonly keras3?: string;
  readonly convert?: KerasConversion;
  /** The Keras 3 default, as a catalogue value: the Python export leaves the argument out when equal. */
  readonly k3Default?: V;
}

/** A Keras setting the catalogue cannot reproduce: an import is refused unless its value is allowed. */
export interface KerasRefusal {
  readonly key: string;
  /** The values the catalogue reproduces (compared as JSON values). */
  readonly allow: readonly unknown[];
  /** Why another value is refused, shown after the key and value: `grouped convolutions are not supported`. */
  readonly why: string;
}

/** Keras 1 (legacy) names of the layer, read by the Keras 1 upgrade (src/formats/keras1.ts). */
export interface Keras1Names {
  /** Keras 1 class names that mean this layer (`Convolution2D`). */
  readonly classes?: readonly string[];
  /** Keras 1 config key → Keras 2 key (`output_dim` → `units`), renamed when the Keras 2 key is absent. */
  readonly rename?: Readonly<Record<string, string>>;
}

export interface KerasMapping<S extends Schema = Schema> {
  /**
   * Every param, by name (the compiler checks the names): its Keras config key alone, its full
   * mapping, or `null` when the file-format code handles it itself (Input's shape).
   */
  readonly params: { readonly [K in keyof S]: string | KerasArg<S[K]['default']> | null };
  readonly refuse?: readonly KerasRefusal[];
  /** The Keras 3 class the Python export writes when Keras 3 has no class of this name (ThresholdedReLU → ReLU). */
  readonly pyClass?: string;
  /** Keras 3 arguments the Python export always adds (GRU's `reset_after=False`). */
  readonly pyExtra?: Readonly<Record<string, unknown>>;
  /** `[a, b]`: an imported param `a` equal to param `b` means unset (pooling strides equal to the pool size). */
  readonly unsetWhenEqual?: readonly [keyof S & string, keyof S & string];
  readonly keras1?: Keras1Names;
}

/** Values Keras writes for "off": `false` or `None`. */
export const OFF: readonly unknown[] = [false, null];
/** Values Keras writes for "one": a 1, a list of ones, or `None`. */
export const ONE: readonly unknown[] = [null, 1, [1], [1, 1]];

/** `activation`, read and written through the activation names; left out of Python when it is `k3Default`. */
export const kerasActivation = (k3Default: Activation = 'linear'): KerasArg<Activation> => ({
  key: 'activation',
  convert: 'activation',
  k3Default,
});
export const KERAS_USE_BIAS = { key: 'use_bias', k3Default: true } as const;
export const KERAS_PADDING = { key: 'padding', k3Default: 'valid' } as const;
/** A (height, width) param: Keras may write a single number for both. */
export function kerasPair(key: string, k3Default?: [number, number]): KerasArg<[number, number]> {
  return { key, convert: 'pair', ...(k3Default === undefined ? {} : { k3Default }) };
}
/** A (depth, height, width) param: Keras may write a single number for all three. */
export function kerasTriple(key: string, k3Default?: [number, number, number]): KerasArg<[number, number, number]> {
  return { key, convert: 'triple', ...(k3Default === undefined ? {} : { k3Default }) };
}
