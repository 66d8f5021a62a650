/**
 * Value conversions between the catalogue's param values (tfjs style) and Keras config values, used
 * by the mapping table in kerasTable.ts. Pure; every reader tolerates any JSON value and returns it
 * unchanged when it does not recognize it, so the param check reports it with the layer's name.
 */

/** Catalogue activation id → Keras activation name. Only the ones that differ are listed. */
const ACTIVATION_TO_KERAS: Readonly<Record<string, string>> = { hardSigmoid: 'hard_sigmoid' };
/** Keras activation name → catalogue activation id, including Keras' aliases. */
const ACTIVATION_FROM_KERAS: Readonly<Record<string, string>> = {
  hard_sigmoid: 'hardSigmoid',
  hardsigmoid: 'hardSigmoid',
  silu: 'swish',
  None: 'linear',
};

export const activationToKeras = (v: unknown): unknown => (typeof v === 'string' ? (ACTIVATION_TO_KERAS[v] ?? v) : v);

/**
 * A Keras activation (a name, `null` for none, or Keras 3's `{class_name: "function", config: "relu"}`
 * form) → the catalogue id.
 */
export function activationFromKeras(v: unknown): unknown {
  if (v === null || v === undefined) return 'linear';
  if (isRecord(v) && typeof v.config === 'string') return activationFromKeras(v.config);
  if (isRecord(v) && typeof v.class_name === 'string' && !isRecord(v.config)) return activationFromKeras(v.class_name);
  if (typeof v !== 'string') return v;
  return Object.hasOwn(ACTIVATION_FROM_KERAS, v) ? ACTIVATION_FROM_KERAS[v] : v;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `3` or `[3]` → 3 (a 1-D kernel, stride or pool size). */
export function single(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

/** `3` → `[3, 3]`; a pair stays a pair. */
export function pair(v: unknown): unknown {
  return typeof v === 'number' ? [v, v] : v;
}

/** `3` → `[3, 3, 3]`; a triple stays a triple. */
export function triple(v: unknown): unknown {
  return typeof v === 'number' ? [v, v, v] : v;
}

/** A 2-D `[[t, b], [l, r]]` padding or cropping, `n`, or `[h, w]` (symmetric) → flat `[t, b, l, r]`. */
export function sidesFromKeras(v: unknown): unknown {
  if (typeof v === 'number') return [v, v, v, v];
  if (!Array.isArray(v) || v.length !== 2) return v;
  const [a, b] = v;
  if (typeof a === 'number' && typeof b === 'number') return [a, a, b, b];
  if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2) return [a[0], a[1], b[0], b[1]];
  return v;
}

/** Flat `[t, b, l, r]` → `[[t, b], [l, r]]`. */
export function sidesToKeras(v: unknown): unknown {
  if (!Array.isArray(v) || v.length !== 4) return v;
  return [
    [v[0], v[1]],
    [v[2], v[3]],
  ];
}

/** An axis given as a one-element list (`[3]`, as tf.keras writes BatchNormalization's) → the integer. */
export const axisFromKeras = single;

/** Dot's axes: `a` → `[a]`; `[a, b]` stays. */
export function dotAxesFromKeras(v: unknown): unknown {
  return typeof v === 'number' ? [v] : v;
}
export function dotAxesToKeras(v: unknown): unknown {
  return Array.isArray(v) && v.length === 1 ? v[0] : v;
}

/** Reshape's target shape: tfjs writes an inferred -1 as `null`. */
export function targetShapeFromKeras(v: unknown): unknown {
  return Array.isArray(v) ? v.map((d) => (d === null ? -1 : d)) : v;
}

/** Deep equality for JSON-like values (params and defaults). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return false;
}
