/**
 * Opaque layers (src/nodes/layers/opaque.ts) in the Python export. Their code cannot be written: a
 * Lambda's function is serialized Python bytecode (Keras 2: `function: [base64 marshal, defaults,
 * closure]`; Keras 3: a `__lambda__` object holding the same), a custom class is the user's own
 * code. What is faithful is the config itself: each becomes `<Class>.from_config({...})` with the
 * config exactly as the file had it, under a comment marking it as a placeholder to check.
 */
import type { AnyLayerDef } from '../nodes';
import { layerArgs, layerCall } from './pyArgs';
import { pyValue, wrapText } from './pyLiteral';

/** A JSON value as a Python literal: lists stay lists and objects dicts, as `from_config` expects. */
export function pyJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyValue(k)}: ${pyJson(x)}`)
      .join(', ')}}`;
  return pyValue(v);
}

/** Keras classes of `keras.layers` that an opaque layer may name (the rest are the user's own classes). */
const KERAS_LAYERS =
  /^(Lambda|TFOpLambda|SlicingOpLambda|Subtract|UpSampling[13]D|ZeroPadding[13]D|Cropping[13]D|Conv1DTranspose|SeparableConv1D|SpatialDropout[23]D|Global(Average|Max)Pooling3D|GroupNormalization|ActivityRegularization)$/;

export interface PyLayer {
  /** What is called with the arguments: `layers.Dense`, `layers.Lambda.from_config`. */
  readonly head: string;
  readonly args: readonly string[];
  /** Comment lines (without indent) to put before the call. */
  readonly comments: readonly string[];
}

/**
 * How a layer is constructed in the Python export: `layers.<Class>(args)`, or for an opaque layer
 * `<Class>.from_config({...})` with its verbatim config (its name set to `nameExpr`).
 */
export function pyLayer(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  args: readonly string[],
  layer: string,
  nameExpr: string,
): PyLayer {
  if (def.type !== 'opaque') return { head: `layers.${def.keras.pyClass ?? def.kerasClass}`, args, comments: [] };
  const className = String(params.className);
  const config = { ...(params.config as Record<string, unknown>) };
  delete config.name;
  const entries = Object.entries(config).map(([k, v]) => `${pyValue(k)}: ${pyJson(v)}`);
  const dict = `{${[`"name": ${nameExpr}`, ...entries].join(', ')}}`;
  const builtin = KERAS_LAYERS.test(className);
  const what =
    className === 'Lambda'
      ? 'its function is Python bytecode in the config: from_config rebuilds it only on the Python version that saved it, after keras.config.enable_unsafe_deserialization(); otherwise write the function here'
      : builtin
        ? `Keras has ${className}, but check the config: Skipwire could not build or train it`
        : `define or import the class ${className} (your own code) before build_model()`;
  return {
    head: `${builtin ? 'layers.' : ''}${className}.from_config`,
    args: [dict],
    comments: wrapText(`OPAQUE LAYER "${layer}" (${className}): ${what}. Its config is kept as the file had it.`, 90),
  };
}

/** How a layer is made in the script: an opaque layer from its verbatim config, any other through `layerCall` (wrappers included). */
export function construct(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  exposed: ReadonlyMap<string, string>,
  extra: readonly string[],
  layer: string,
  nameExpr: string,
): PyLayer {
  if (def.type === 'opaque')
    return pyLayer(def, params, [...layerArgs(def, params, exposed), ...extra], layer, nameExpr);
  const [head, args] = layerCall(def, params, exposed, extra);
  return { head, args, comments: [] };
}
