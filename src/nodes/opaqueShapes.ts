/**
 * What Skipwire can tell about an opaque layer (src/nodes/layers/opaque.ts) from its Keras class and
 * config alone: its output shape for the classes whose shape rule is known (the classes tfjs cannot
 * build, a Lambda with a declared `output_shape`), and what to use instead of it in the catalogue.
 */
import type { Shape } from './define';
import { cannotBuildAdvice } from './unbuildable';

type Config = Readonly<Record<string, unknown>>;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
/** A Keras int-or-pair setting (`padding: 1`, `cropping: [1, 2]`) as a (left, right) pair. */
function sides(v: unknown, dflt: number): [number, number] | undefined {
  if (v === undefined || v === null) return [dflt, dflt];
  if (isInt(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(isInt)) return [v[0] as number, v[1] as number];
  return undefined;
}

const same = (inputs: readonly Shape[]) => inputs[0];
/** A (steps, channels) input with its steps changed by `f`. */
function steps(
  inputs: readonly Shape[],
  c: Config,
  f: (n: number, c: Config) => number | undefined,
): Shape | undefined {
  const x = inputs[0] ?? [];
  if (x.length !== 2 || typeof x[0] !== 'number') return undefined;
  const n = f(x[0], c);
  return n === undefined || n < 1 ? undefined : [n, x[1] ?? null];
}

/** Keras' Attention and AdditiveAttention called on [query, value(, key)]: the query's steps, the value's features. */
function attention(inputs: readonly Shape[]): Shape | undefined {
  const [q, v] = inputs;
  if (inputs.length < 2 || !q?.length || !v?.length) return undefined;
  return [...q.slice(0, -1), v[v.length - 1] ?? null];
}

/** Output-shape rules of classes tfjs cannot build, from their Keras config and input shapes. */
const RULES: Readonly<Record<string, (inputs: readonly Shape[], c: Config) => Shape | undefined>> = {
  Subtract: (i) => (i.length === 2 && JSON.stringify(i[0]) === JSON.stringify(i[1]) ? i[0] : undefined),
  SpatialDropout2D: same,
  SpatialDropout3D: same,
  ActivityRegularization: same,
  GroupNormalization: same,
  UpSampling1D: (i, c) => steps(i, c, (n, cfg) => (isInt(cfg.size ?? 2) ? n * ((cfg.size ?? 2) as number) : undefined)),
  ZeroPadding1D: (i, c) => steps(i, c, (n, cfg) => sides(cfg.padding, 1)?.reduce((a, b) => a + b, n)),
  Cropping1D: (i, c) => steps(i, c, (n, cfg) => sides(cfg.cropping, 1)?.reduce((a, b) => a - b, n)),
  GlobalAveragePooling3D: (i, c) => (i[0]?.length === 4 && c.keepdims !== true ? [i[0][3] ?? null] : undefined),
  GlobalMaxPooling3D: (i, c) => (i[0]?.length === 4 && c.keepdims !== true ? [i[0][3] ?? null] : undefined),
  Attention: attention,
  AdditiveAttention: attention,
  // Keras: the query's shape, its last axis `output_shape` when that is one size.
  MultiHeadAttention: (i, c) => {
    const q = i[0];
    if (i.length < 2 || !q?.length) return undefined;
    return isInt(c.output_shape) ? [...q.slice(0, -1), c.output_shape] : q;
  },
};

/** A Keras `output_shape` written as a list of sizes (Lambda's "raw" kind): the shape, else undefined. */
export function declaredOutputShape(config: Config): number[] | undefined {
  const s = config.output_shape;
  if (!Array.isArray(s) || !s.length) return undefined;
  // Keras 2 may write the batch axis first as None; a shape is sizes ≥ 1.
  const dims = s[0] === null ? s.slice(1) : s;
  return dims.length && dims.every((d) => isInt(d) && d >= 1) ? (dims as number[]) : undefined;
}

/** The output shape Skipwire can work out for an opaque layer, or undefined when it must be entered. */
export function inferredOpaqueShape(className: string, config: Config, inputs: readonly Shape[]): Shape | undefined {
  if (className === 'Lambda') return declaredOutputShape(config);
  const rule = Object.hasOwn(RULES, className) ? RULES[className] : undefined;
  return rule?.(inputs, config);
}

/** TFOpLambda functions (the tf op a Keras 2 functional model recorded) and the catalogue layer that does the same. */
const TF_OPS: readonly [RegExp, string][] = [
  [/getitem|slice/, 'a slice of the sequence or image axes is Cropping1D / Cropping2D; of the features, a Dense'],
  [/reshape|expand_dims|squeeze/, 'use Reshape (or Flatten)'],
  [/concat/, 'use Concatenate'],
  [/math\.(add|add_n)|__operators__\.add/, 'use Add (or Rescaling with an offset for a constant)'],
  [/math\.(multiply|truediv|divide)|__operators__\.(mul|truediv)/, 'use Multiply (or Rescaling for a constant)'],
  [/transpose/, 'use Permute'],
  [/nn\.(relu|sigmoid|softmax|tanh|elu|selu|gelu|swish)|math\.(sigmoid|tanh)/, 'use an Activation layer'],
  [/reduce_mean/, 'use GlobalAveragePooling1D / GlobalAveragePooling2D'],
  [/reduce_max/, 'use GlobalMaxPooling1D / GlobalMaxPooling2D'],
];

/**
 * What to do about an opaque layer, in catalogue terms: the advice for a class tfjs cannot build,
 * the catalogue layer for a recorded tf op, or how to replace a Lambda or a custom class.
 */
export function opaqueAdvice(className: string, config: Config): string {
  const known = cannotBuildAdvice(className);
  if (known) return known;
  if (className === 'TFOpLambda' || className === 'SlicingOpLambda') {
    const fn = typeof config.function === 'string' ? config.function : '';
    const hit = TF_OPS.find(([re]) => re.test(fn));
    return hit
      ? `it records the TensorFlow op ${fn}: ${hit[1]}`
      : `it records the TensorFlow op ${fn || '(unnamed)'}: rebuild it with catalogue layers`;
  }
  if (className === 'Lambda')
    return 'a Lambda runs Python code tfjs cannot run: replace it with catalogue layers that do the same (slicing → Cropping1D / Cropping2D, reshaping → Reshape, scaling → Rescaling, elementwise math → Add / Multiply / Activation)';
  return `${className} is a custom class (Python code tfjs does not have): replace it with catalogue layers that do the same, or register the class in tfjs yourself`;
}
