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

/** Keras' regularizer names given as a string (`kernel_regularizer="l2"`) and their default factors. */
const REGULARIZER_NAMES: Readonly<Record<string, { l1: number; l2: number }>> = {
  l1: { l1: 0.01, l2: 0 },
  l2: { l1: 0, l2: 0.01 },
  l1_l2: { l1: 0.01, l2: 0.01 },
};

const factor = (v: unknown) => (v === undefined || v === null ? 0 : v);

/** The Keras class a regularizer value stands for (src/nodes/penalties.ts `regularizerClass`). */
const inferredClass = (l1: unknown, l2: unknown) => (l2 === 0 ? 'L1' : l1 === 0 ? 'L2' : 'L1L2');

/** `{ l1, l2 }`, with the file's class kept where the factors alone would name another one. */
function regularizerValue(cls: string, l1: unknown, l2: unknown): Record<string, unknown> {
  return inferredClass(l1, l2) === cls ? { l1, l2 } : { l1, l2, kerasClass: cls };
}

/**
 * A Keras regularizer (Keras 2 `{class_name: "L1L2", config: {l1, l2}}`, Keras 3 `{module:
 * "keras.regularizers", class_name: "L2", config: {l2}, registered_name: null}`, Keras 1
 * `{name: "WeightRegularizer", l1, l2}`, or a name `"l2"`) → `{ l1, l2 }` (plus `kerasClass` when
 * the factors alone would name another class: a Keras 2.0 `L1L2(l1=0, l2=0.01)`); anything else
 * unchanged (the param check names it).
 */
export function regularizerFromKeras(v: unknown): unknown {
  if (typeof v === 'string') return REGULARIZER_NAMES[v.toLowerCase()] ?? v;
  if (isRecord(v) && typeof v.name === 'string' && !('class_name' in v)) {
    // Keras 1 wrote the class as `name` and the factors beside it; its only class was L1L2-like.
    if (v.name === 'WeightRegularizer' || v.name === 'L1L2Regularizer' || v.name === 'L1L2')
      return regularizerValue('L1L2', factor(v.l1), factor(v.l2));
    return v;
  }
  if (!isRecord(v) || typeof v.class_name !== 'string' || !isRecord(v.config)) return v;
  const c = v.config;
  switch (v.class_name) {
    case 'L1L2':
      return regularizerValue('L1L2', factor(c.l1), factor(c.l2));
    case 'L1': // Keras' L1() and L2() default to 0.01
      return regularizerValue('L1', c.l1 ?? 0.01, 0);
    case 'L2':
      return regularizerValue('L2', 0, c.l2 ?? 0.01);
    default:
      return v;
  }
}

/**
 * `{ l1, l2 }` → the Keras 2 config, in the class the value stands for: `{class_name: "L2",
 * config: {l2}}`, `{class_name: "L1L2", config: {l1, l2}}`.
 */
export function regularizerToKeras(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const cls = typeof v.kerasClass === 'string' ? v.kerasClass : inferredClass(v.l1, v.l2);
  if (cls === 'L1') return { class_name: 'L1', config: { l1: v.l1 } };
  if (cls === 'L2') return { class_name: 'L2', config: { l2: v.l2 } };
  return { class_name: 'L1L2', config: { l1: v.l1, l2: v.l2 } };
}

const CONSTRAINT_KEYS: Readonly<Record<string, string>> = {
  max_value: 'maxValue',
  min_value: 'minValue',
  rate: 'rate',
  axis: 'axis',
};
const CONSTRAINT_NAMES: Readonly<Record<string, string>> = {
  max_norm: 'MaxNorm',
  maxnorm: 'MaxNorm',
  min_max_norm: 'MinMaxNorm',
  non_neg: 'NonNeg',
  nonneg: 'NonNeg',
  unit_norm: 'UnitNorm',
  unitnorm: 'UnitNorm',
};
/** Keras' defaults of each constraint's arguments (absent from a config written by hand). */
const CONSTRAINT_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  MaxNorm: { maxValue: 2, axis: 0 },
  MinMaxNorm: { minValue: 0, maxValue: 1, rate: 1, axis: 0 },
  NonNeg: {},
  UnitNorm: { axis: 0 },
};

/**
 * A Keras constraint (`{class_name: "MaxNorm", config: {max_value: 2, axis: 0}}`, Keras 3 with
 * `module`, or a name `"non_neg"`) → `{ className, maxValue, axis }`; anything else unchanged.
 */
export function constraintFromKeras(v: unknown): unknown {
  if (typeof v === 'string') {
    const cls = CONSTRAINT_NAMES[v.toLowerCase()] ?? v;
    return CONSTRAINT_DEFAULTS[cls] ? { className: cls, ...CONSTRAINT_DEFAULTS[cls] } : v;
  }
  // Keras 1 wrote `{name: "MaxNorm", m: 2, axis: 0}` and `{name: "MinMaxNorm", low, high, rate, axis}`.
  if (isRecord(v) && typeof v.name === 'string' && !('class_name' in v)) {
    const { name, m, low, high, ...rest } = v;
    const config = { ...rest, ...(m !== undefined ? { max_value: m } : {}) };
    if (low !== undefined) Object.assign(config, { min_value: low });
    if (high !== undefined) Object.assign(config, { max_value: high });
    return constraintFromKeras({ class_name: name, config });
  }
  if (!isRecord(v) || typeof v.class_name !== 'string') return v;
  const cls = CONSTRAINT_NAMES[v.class_name.toLowerCase()] ?? v.class_name;
  const defaults = CONSTRAINT_DEFAULTS[cls];
  if (!defaults) return v;
  const out: Record<string, unknown> = { className: cls, ...defaults };
  for (const [k, x] of Object.entries(isRecord(v.config) ? v.config : {})) {
    const key = CONSTRAINT_KEYS[k] ?? k;
    if (key in defaults) out[key] = single(x);
  }
  return out;
}

/** `{ className, maxValue, axis }` → the Keras config tfjs writes: `{class_name, config: {max_value, axis}}`. */
export function constraintToKeras(v: unknown): unknown {
  if (!isRecord(v) || typeof v.className !== 'string') return v;
  const config: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v))
    if (k !== 'className') config[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = x;
  return { class_name: v.className, config };
}
