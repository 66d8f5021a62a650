/**
 * Keras' layer wrappers as params of the wrapped layer: `Bidirectional` (a recurrent layer run
 * forwards and backwards, the two outputs merged) and `TimeDistributed` (one layer applied to
 * every step of a sequence with the same weights). The one home of the wrapper logic: the
 * catalogue gives every layer that can be wrapped a `wrapper` param (and recurrent layers a
 * `mergeMode`), and this module turns its shape inference, parameter count, multiply-accumulates
 * and `build` into the wrapped layer's. A layer file knows nothing of wrappers.
 *
 * The file formats read and write `wrapper` and `mergeMode` themselves (their Keras mapping is
 * `null`): a `{"class_name": "Bidirectional", "config": {"layer": …, "merge_mode": …}}` becomes
 * the wrapped layer's node with these two params set.
 */
import { type AnyLayerDef, fail, isShapeError, type LayerIssue, type ParamCount, type Shape } from './define';
import { p } from './schema';
import { formatShape } from './shape';

/** The wrapper a layer may have; `none` is the layer itself. */
export const WRAPPERS = ['none', 'bidirectional', 'timeDistributed'] as const;
export type WrapperKind = (typeof WRAPPERS)[number];
/** How Bidirectional merges the forward and backward outputs (tfjs 4.22's merge modes but `None`). */
export const MERGE_MODES = ['concat', 'sum', 'mul', 'ave'] as const;
export type MergeMode = (typeof MERGE_MODES)[number];

/** Keras' class name of each wrapper. */
export const WRAPPER_CLASSES: Readonly<Record<Exclude<WrapperKind, 'none'>, string>> = {
  bidirectional: 'Bidirectional',
  timeDistributed: 'TimeDistributed',
};

/** The wrapper params (the formats read and write them; the rest are the wrapped layer's). */
export const WRAPPER_PARAMS = ['wrapper', 'mergeMode'] as const;

/** Which wrappers a layer can take: Bidirectional for recurrent layers, TimeDistributed for any one-input layer. */
export function wrappersOf(def: AnyLayerDef): readonly WrapperKind[] {
  // A recurrent layer's extra inputs are initial states: it still takes one sequence.
  const oneInput = def.inputs.min === 1 && (def.inputs.max === 1 || def.category === 'recurrent');
  if (def.category === 'input' || !oneInput || 'wrapper' in def.params) return [];
  return def.category === 'recurrent' ? WRAPPERS : ['none', 'timeDistributed'];
}

/** The wrapper set on a node's params (`none` when the param is absent). */
export function wrapperOf(params: Readonly<Record<string, unknown>>): {
  kind: WrapperKind;
  mergeMode: MergeMode;
} {
  const kind = (WRAPPERS as readonly unknown[]).includes(params.wrapper) ? (params.wrapper as WrapperKind) : 'none';
  const mergeMode = (MERGE_MODES as readonly unknown[]).includes(params.mergeMode)
    ? (params.mergeMode as MergeMode)
    : 'concat';
  return { kind, mergeMode };
}

/** Whether a form shows a param: the merge mode only with the Bidirectional wrapper. */
export const paramShown = (param: string, params: Readonly<Record<string, unknown>>): boolean =>
  param !== 'mergeMode' || wrapperOf(params).kind === 'bidirectional';

/** The wrapped layer's own params: the node's params without the wrapper's. */
export function innerParams<T extends Readonly<Record<string, unknown>>>(params: T): T {
  const { wrapper: _w, mergeMode: _m, ...rest } = params as Record<string, unknown>;
  return rest as T;
}

/** `lstm` → `lstm`, `simpleRnn` → `simple_rnn`: the wrapped layer's name, as Keras names a fresh one. */
const innerName = (type: string) => type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const double = (c: ParamCount): ParamCount => ({ trainable: 2 * c.trainable, nonTrainable: 2 * c.nonTrainable });

/** Points an issue of the wrapped layer at its wrapper, when the wrapper is what makes it fail. */
const steps = (def: AnyLayerDef, x: Shape | undefined): LayerIssue | undefined =>
  x && x.length >= 2
    ? undefined
    : {
        message: `TimeDistributed(${def.kerasClass}) applies ${def.kerasClass} to every step of a sequence, so it needs an input of rank 2 or more per sample (timesteps, …), but its input is ${x ? `${formatShape(x)} (rank ${x.length})` : 'missing'}.`,
        param: 'wrapper',
        fixes: [{ label: 'Remove the wrapper', kind: 'setParam', param: 'wrapper', value: 'none' }],
      };

/**
 * `def` with the wrapper params added and its behaviour wrapped; `def` itself when it cannot be
 * wrapped (Input, merges) or is wrapped already.
 */
export function withWrapper(def: AnyLayerDef): AnyLayerDef {
  const kinds = wrappersOf(def);
  if (!kinds.length) return def;
  const bidirectional = kinds.includes('bidirectional');
  const wrapperDoc = bidirectional
    ? 'Bidirectional runs the layer forwards and backwards over the sequence (two sets of weights) and merges both outputs; TimeDistributed applies it to every step of a sequence with one set of weights.'
    : 'TimeDistributed applies the layer to every step of a (timesteps, …) sequence with one set of weights (Keras `TimeDistributed`).';
  const params = {
    ...def.params,
    wrapper: p.choice(kinds, { default: 'none', label: 'wrapper', doc: wrapperDoc, optionLabels: WRAPPER_CLASSES }),
    ...(bidirectional
      ? {
          mergeMode: p.choice(MERGE_MODES, {
            default: 'concat',
            label: 'merge mode',
            doc: 'How Bidirectional merges the forward and backward outputs: "concat" joins them (twice the units), "sum", "mul" and "ave" combine them value by value. Used only with the Bidirectional wrapper.',
          }),
        }
      : {}),
  };
  return {
    ...def,
    params,
    keras: {
      ...def.keras,
      params: { ...def.keras.params, wrapper: null, ...(bidirectional ? { mergeMode: null } : {}) },
    },
    inferShape(inputs, v) {
      const { kind, mergeMode } = wrapperOf(v);
      const own = innerParams(v);
      if (kind === 'timeDistributed') {
        const [x] = inputs;
        if (inputs.length > 1 || v.returnState === true)
          return fail(
            `TimeDistributed runs the layer on each step alone: it takes no initial state and gives no states. ${inputs.length > 1 ? 'Unwire the initial states' : 'Turn "return state" off'} or remove the wrapper.`,
            v.returnState === true ? { param: 'returnState' } : undefined,
          );
        const bad = steps(def, x);
        if (bad || !x) return { error: bad as LayerIssue };
        const r = def.inferShape([x.slice(1)], own);
        if (isShapeError(r))
          return fail(`${r.error.message} (TimeDistributed: each step is ${formatShape(x.slice(1))}.)`, {
            ...(r.error.param ? { param: r.error.param } : {}),
          });
        return [x[0] ?? null, ...r];
      }
      if (kind === 'bidirectional' && inputs.length > 1) {
        // Bidirectional's initial states: the forward layer's, then the backward layer's.
        const [x, ...states] = inputs;
        const half = states.length / 2;
        const [fw, bw] = [states.slice(0, half), states.slice(half)];
        const rb = def.inferShape([x as Shape, ...bw], own);
        if (isShapeError(rb) || !Number.isInteger(half))
          return def.inferShape([x as Shape, ...(Number.isInteger(half) ? fw : states)], own);
      }
      const r = def.inferShape(kind === 'bidirectional' ? inputs.slice(0, 1 + (inputs.length - 1) / 2) : inputs, own);
      if (kind !== 'bidirectional' || isShapeError(r) || mergeMode !== 'concat') return r;
      const last = r[r.length - 1];
      return [...r.slice(0, -1), last === null || last === undefined ? null : 2 * last];
    },
    ...(def.stateShapes
      ? {
          // Bidirectional's states: the forward layer's, then the backward layer's (Keras' order).
          maxOutputs: 1 + 2 * ((def.maxOutputs ?? 1) - 1),
          inputs: { min: def.inputs.min, max: 1 + 2 * (def.inputs.max - 1) },
          stateShapes(inputs: readonly Shape[], v: Record<string, unknown>) {
            const s = def.stateShapes?.(inputs, innerParams(v)) ?? [];
            const { kind } = wrapperOf(v);
            return kind === 'bidirectional' ? [...s, ...s] : kind === 'none' ? s : [];
          },
          stateNames(v: Record<string, unknown>) {
            const s = def.stateNames?.(innerParams(v)) ?? [];
            const { kind } = wrapperOf(v);
            if (kind === 'bidirectional') return [...s.map((n) => `forward ${n}`), ...s.map((n) => `backward ${n}`)];
            return kind === 'none' ? s : [];
          },
        }
      : {}),
    countParams(inputs, v) {
      const { kind } = wrapperOf(v);
      const own = innerParams(v);
      if (kind === 'timeDistributed') return def.countParams([(inputs[0] ?? []).slice(1)], own);
      const c = def.countParams(inputs, own);
      return kind === 'bidirectional' ? double(c) : c;
    },
    ...(def.macs
      ? {
          macs(inputs: readonly Shape[], v: Record<string, unknown>, output: Shape) {
            const { kind } = wrapperOf(v);
            const own = innerParams(v);
            const inner = def.macs as NonNullable<AnyLayerDef['macs']>;
            if (kind === 'timeDistributed') {
              const x = inputs[0] ?? [];
              const each = inner([x.slice(1)], own, output.slice(1));
              return each === null || x[0] === null || x[0] === undefined ? null : each * x[0];
            }
            if (kind !== 'bidirectional') return inner(inputs, own, output);
            const r = def.inferShape(inputs, own);
            const each = inner(inputs, own, isShapeError(r) ? output : r);
            return each === null ? null : 2 * each;
          },
        }
      : {}),
    ...(def.checkParams ? { checkParams: (v) => def.checkParams?.(innerParams(v)) } : {}),
    ...(def.warn
      ? {
          warn(inputs, v) {
            const own = innerParams(v);
            return wrapperOf(v).kind === 'timeDistributed'
              ? def.warn?.([(inputs[0] ?? []).slice(1)], own)
              : def.warn?.(inputs, own);
          },
        }
      : {}),
    describe(v) {
      const { kind, mergeMode } = wrapperOf(v);
      const own = def.describe?.(innerParams(v)) ?? '';
      const prefix =
        kind === 'bidirectional'
          ? `bidirectional${mergeMode === 'concat' ? '' : ` ${mergeMode}`}`
          : kind === 'timeDistributed'
            ? 'per step'
            : '';
      return [prefix, own].filter(Boolean).join(' · ');
    },
    concrete(inputs, v) {
      const { kind } = wrapperOf(v);
      const own = innerParams(v);
      const x = kind === 'timeDistributed' ? [(inputs[0] ?? []).slice(1)] : inputs;
      return { ...v, ...(def.concrete?.(x, own) ?? own) };
    },
    build(tf, v, name) {
      const { kind, mergeMode } = wrapperOf(v);
      const own = innerParams(v);
      if (kind === 'none') return def.build(tf, own, name);
      const layer = def.build(tf, own, innerName(def.type)) as Parameters<typeof tf.layers.bidirectional>[0]['layer'];
      if (kind === 'timeDistributed') return tf.layers.timeDistributed({ layer, name });
      const bi = tf.layers.bidirectional({ layer, mergeMode, name });
      // tfjs 4.22's Bidirectional.getWeights reads the layer it was given (never built), not its
      // forward and backward copies: read the copies' variables, as the base Layer does.
      bi.getWeights = (trainableOnly = false) =>
        (trainableOnly ? bi.trainableWeights : bi.weights).map((w) => w.read());
      return bi;
    },
  };
}
