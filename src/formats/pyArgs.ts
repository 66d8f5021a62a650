/** Keyword arguments of a catalogue layer in the Keras Python export, from the layer's own `keras` record. */
import { type AnyLayerDef, type RegularizerValue, regularizerClass, WRAPPER_CLASSES, wrapperOf } from '../nodes';
import { keras3Key, paramMappings } from './kerasTable';
import { pyString, pyValue } from './pyLiteral';
import { sameValue } from './values';

/** `layers.Conv2D(filters=64, …)` keyword arguments for a catalogue layer (`exposed`: param → Python name). */
export function layerArgs(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  exposed: ReadonlyMap<string, string>,
): string[] {
  const args: string[] = [];
  for (const m of paramMappings(def)) {
    const ref = exposed.get(m.param);
    if (ref !== undefined) {
      args.push(`${keras3Key(m)}=${ref}`);
      continue;
    }
    const v = params[m.param];
    if (m.k3Default !== undefined && sameValue(v, m.k3Default)) continue;
    const penalty = def.params[m.param]?.kind === 'penalty' ? pyPenalty(v) : undefined;
    args.push(`${keras3Key(m)}=${penalty ?? pyValue(m.write ? m.write(v) : v)}`);
  }
  for (const [k, v] of Object.entries(def.keras.pyExtra ?? {})) args.push(`${k}=${pyValue(v)}`);
  return args;
}

/** `keras.Input` arguments: `shape=(None,)`, and `batch_size=64` for a fixed batch size (Keras 2 and 3 take both). */
export function inputArgs(params: Record<string, unknown>): string[] {
  const args = [`shape=${pyValue(params.shape)}`];
  if (typeof params.batchSize === 'number') args.push(`batch_size=${params.batchSize}`);
  return args;
}

/**
 * A regularizer or constraint param as Keras 3 code: `keras.regularizers.L2(0.01)`,
 * `keras.regularizers.L1L2(l1=0.001, l2=0.01)`, `keras.constraints.MaxNorm(max_value=2, axis=0)`.
 */
export function pyPenalty(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.className !== 'string') {
    const r = o as unknown as RegularizerValue;
    const { l1, l2 } = r;
    const cls = regularizerClass(r);
    if (cls === 'L1') return `keras.regularizers.L1(${pyValue(l1)})`;
    if (cls === 'L2') return `keras.regularizers.L2(${pyValue(l2)})`;
    return `keras.regularizers.L1L2(l1=${pyValue(l1)}, l2=${pyValue(l2)})`;
  }
  const args = Object.entries(o)
    .filter(([k]) => k !== 'className')
    .map(([k, x]) => `${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}=${pyValue(x)}`);
  return `keras.constraints.${o.className}(${args.join(', ')})`;
}

/**
 * The callee and arguments of a catalogue layer in the Python export: `layers.Dense` and its
 * arguments, or for a wrapped layer `layers.Bidirectional` with `layers.LSTM(…)` first and
 * `merge_mode` when it is not "concat". `extra` (trainable, name) goes to the outer call.
 */
export function layerCall(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  exposed: ReadonlyMap<string, string>,
  extra: readonly string[],
): [string, string[]] {
  const own = `layers.${def.keras.pyClass ?? def.kerasClass}`;
  const args = layerArgs(def, params, exposed);
  const { kind, mergeMode } = wrapperOf(params);
  if (kind === 'none') return [own, [...args, ...extra]];
  const merge = kind === 'bidirectional' && mergeMode !== 'concat' ? [`merge_mode=${pyString(mergeMode)}`] : [];
  return [`layers.${WRAPPER_CLASSES[kind]}`, [`${own}(${args.join(', ')})`, ...merge, ...extra]];
}
