/**
 * Weight regularizers and constraints as layer params: the one home of that logic. The catalogue
 * gives every layer whose tfjs class takes them (Dense, the convolutions, the recurrent layers,
 * Embedding, BatchNormalization, PReLU) a param per weight: `kernelRegularizer` (`{ l1, l2 }`:
 * Keras' L1, L2 or L1L2), `kernelConstraint` (`{ className: 'MaxNorm', maxValue, axis }`, MinMaxNorm,
 * NonNeg, UnitNorm), … `null` is none. A layer file knows nothing of them: `build` makes the layer
 * from its own params and hands tfjs the regularizers and constraints before the layer is built, so
 * training adds the penalty to the loss and applies the constraint after each step, and tfjs'
 * serialization writes them to every export.
 *
 * Activity regularizers are not params: tfjs 4.22 throws when a layer with one is called.
 */
import type { AnyLayerDef, TF, TfLayer } from './define';
import { CONSTRAINT_FIELDS, p } from './schema';

/**
 * A regularizer: the L1 and L2 factors (Keras' L1 is `{ l1, l2: 0 }`, L2 `{ l1: 0, l2 }`), and the
 * Keras class only where the factors would name another one (a file's `L1L2(l1=0, l2=0.01)`).
 */
export interface RegularizerValue {
  readonly l1: number;
  readonly l2: number;
  readonly kerasClass?: RegularizerClass;
}
export type RegularizerClass = 'L1' | 'L2' | 'L1L2';
export const REGULARIZER_CLASSES: readonly RegularizerClass[] = ['L1', 'L2', 'L1L2'];

/** The Keras class a regularizer stands for: its own, else L1 without an L2 factor, L2 without an L1 one. */
export function regularizerClass(v: RegularizerValue): RegularizerClass {
  return v.kerasClass ?? (v.l2 === 0 ? 'L1' : v.l1 === 0 ? 'L2' : 'L1L2');
}
export type ConstraintClass = keyof typeof CONSTRAINT_FIELDS;
/** A constraint: its Keras class and its numbers, as tfjs names them (`maxValue`, `axis`, …). */
export interface ConstraintValue {
  readonly className: ConstraintClass;
  readonly maxValue?: number;
  readonly minValue?: number;
  readonly rate?: number;
  readonly axis?: number;
}
export const CONSTRAINT_CLASSES = Object.keys(CONSTRAINT_FIELDS) as ConstraintClass[];

/** Each constraint's defaults, as Keras and tfjs have them. */
export const CONSTRAINT_DEFAULTS: Readonly<Record<ConstraintClass, ConstraintValue>> = {
  MaxNorm: { className: 'MaxNorm', maxValue: 2, axis: 0 },
  MinMaxNorm: { className: 'MinMaxNorm', minValue: 0, maxValue: 1, rate: 1, axis: 0 },
  NonNeg: { className: 'NonNeg' },
  UnitNorm: { className: 'UnitNorm', axis: 0 },
};

/** The weights of each Keras class that take a regularizer and a constraint (tfjs 4.22's layer configs). */
const WEIGHTS: Readonly<Record<string, readonly string[]>> = {
  Dense: ['kernel', 'bias'],
  Conv1D: ['kernel', 'bias'],
  Conv2D: ['kernel', 'bias'],
  Conv3D: ['kernel', 'bias'],
  Conv2DTranspose: ['kernel', 'bias'],
  SeparableConv2D: ['depthwise', 'pointwise', 'bias'],
  DepthwiseConv2D: ['depthwise', 'bias'],
  LSTM: ['kernel', 'recurrent', 'bias'],
  GRU: ['kernel', 'recurrent', 'bias'],
  SimpleRNN: ['kernel', 'recurrent', 'bias'],
  Embedding: ['embeddings'],
  BatchNormalization: ['gamma', 'beta'],
  PReLU: ['alpha'],
};

/** The penalty params of a layer, in order: `kernelRegularizer`, `kernelConstraint`, `biasRegularizer`, … */
export function penaltyParams(kerasClass: string): string[] {
  return (WEIGHTS[kerasClass] ?? []).flatMap((w) => [`${w}Regularizer`, `${w}Constraint`]);
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The layer's params without its penalty params (what its own `build` takes). */
function ownParams(def: AnyLayerDef, v: Record<string, unknown>): Record<string, unknown> {
  const out = { ...v };
  for (const k of penaltyParams(def.kerasClass)) delete out[k];
  return out;
}

type RegularizerCtor = new (args: { l1?: number; l2?: number }) => unknown;
const REGISTERED = new WeakMap<object, Readonly<Record<'L1' | 'L2', RegularizerCtor>>>();

/**
 * tfjs 4.22 has only the L1L2 class (its `l1()` and `l2()` make L1L2s). Keras' L1 and L2 classes,
 * as L1L2s that serialize as Keras does (`{class_name: "L2", config: {l2}}`) and registered so tfjs
 * reads them back (a Bidirectional copies its layer through its config).
 */
function kerasRegularizerClasses(tf: TF): Readonly<Record<'L1' | 'L2', RegularizerCtor>> {
  const known = REGISTERED.get(tf.serialization);
  if (known) return known;
  type Base = { l1: number; l2: number };
  const L1L2 = (tf.regularizers.l1l2({ l1: 0, l2: 0 }) as object).constructor as new (args: {
    l1?: number;
    l2?: number;
  }) => Base;
  class L1 extends L1L2 {
    static className = 'L1';
    getConfig() {
      return { l1: this.l1 };
    }
    static fromConfig(cls: new (a: { l1: number; l2: number }) => unknown, c: { l1?: number }) {
      return new cls({ l1: c.l1 ?? 0.01, l2: 0 });
    }
  }
  class L2 extends L1L2 {
    static className = 'L2';
    getConfig() {
      return { l2: this.l2 };
    }
    static fromConfig(cls: new (a: { l1: number; l2: number }) => unknown, c: { l2?: number }) {
      return new cls({ l1: 0, l2: c.l2 ?? 0.01 });
    }
  }
  const register = tf.serialization.registerClass as (c: unknown) => void;
  register(L1);
  register(L2);
  const made = { L1, L2 };
  REGISTERED.set(tf.serialization, made);
  return made;
}

/** A regularizer value → the tfjs regularizer, of the Keras class the value stands for. */
export function tfRegularizer(tf: TF, v: RegularizerValue) {
  const cls = regularizerClass(v);
  if (cls === 'L1L2') return tf.regularizers.l1l2({ l1: v.l1, l2: v.l2 });
  const Made = kerasRegularizerClasses(tf)[cls];
  return new Made({ l1: v.l1, l2: v.l2 }) as ReturnType<TF['regularizers']['l1l2']>;
}

/** A constraint value → the tfjs constraint. */
export function tfConstraint(tf: TF, v: ConstraintValue) {
  const { className, ...args } = v;
  switch (className) {
    case 'MaxNorm':
      return tf.constraints.maxNorm(args as { maxValue: number; axis: number });
    case 'MinMaxNorm':
      return tf.constraints.minMaxNorm(args as { minValue: number; maxValue: number; rate: number; axis: number });
    case 'NonNeg':
      return tf.constraints.nonNeg();
    case 'UnitNorm':
      return tf.constraints.unitNorm(args as { axis: number });
  }
}

/**
 * tfjs 4.22's DepthwiseConv2D.getConfig writes its depthwise regularizer as its depthwise
 * constraint: write the constraint it really has.
 */
function fixDepthwiseConfig(layer: TfLayer): void {
  const own = layer.getConfig.bind(layer);
  type Config = ReturnType<TfLayer['getConfig']>;
  layer.getConfig = (): Config => {
    const con = (layer as unknown as { depthwiseConstraint?: { getClassName(): string; getConfig(): Config } })
      .depthwiseConstraint;
    return { ...own(), depthwiseConstraint: con ? { className: con.getClassName(), config: con.getConfig() } : null };
  };
}

/** Short text of a regularizer: `L2(0.01)`, `L1L2(0.001, 0.01)`. */
export function describeRegularizer(v: RegularizerValue): string {
  const cls = regularizerClass(v);
  if (cls === 'L1') return `L1(${v.l1})`;
  if (cls === 'L2') return `L2(${v.l2})`;
  return `L1L2(${v.l1}, ${v.l2})`;
}

/**
 * `def` with a regularizer and a constraint param per weight that tfjs lets regularize, and a
 * `build` that gives them to the tfjs layer (a recurrent layer's cell holds them); `def` itself
 * for a layer without such weights.
 */
export function withPenalties(def: AnyLayerDef): AnyLayerDef {
  const weights = WEIGHTS[def.kerasClass];
  if (!weights || penaltyParams(def.kerasClass).some((k) => k in def.params)) return def;
  const params: Record<string, unknown> = { ...def.params };
  const keras: Record<string, unknown> = { ...def.keras.params };
  for (const w of weights) {
    params[`${w}Regularizer`] = p.penalty<RegularizerValue | null>({
      role: 'regularizer',
      default: null,
      nullable: true,
      nullLabel: 'none',
      label: `${w} regularizer`,
      doc: `A penalty on the ${w} weights added to the training loss: L1 (sum of |w|), L2 (sum of w²) or both, each times its factor.`,
    });
    params[`${w}Constraint`] = p.penalty<ConstraintValue | null>({
      role: 'constraint',
      default: null,
      nullable: true,
      nullLabel: 'none',
      label: `${w} constraint`,
      doc: `A rule applied to the ${w} weights after each training step: MaxNorm caps the norm, MinMaxNorm keeps it in a range, NonNeg keeps every weight ≥ 0, UnitNorm makes the norm 1.`,
    });
    keras[`${w}Regularizer`] = { key: `${snake(w)}_regularizer`, convert: 'regularizer', k3Default: null };
    keras[`${w}Constraint`] = { key: `${snake(w)}_constraint`, convert: 'constraint', k3Default: null };
  }
  return {
    ...def,
    params: params as AnyLayerDef['params'],
    keras: { ...def.keras, params: keras as AnyLayerDef['keras']['params'] },
    describe(v) {
      const own = def.describe?.(ownParams(def, v)) ?? '';
      const reg = weights
        .map((w) => v[`${w}Regularizer`] as RegularizerValue | null | undefined)
        .find((r) => r && (r.l1 || r.l2));
      return [own, reg ? describeRegularizer(reg) : ''].filter(Boolean).join(' · ');
    },
    concrete(inputs, v) {
      return { ...v, ...(def.concrete?.(inputs, ownParams(def, v)) ?? {}) };
    },
    build(tf, v, name) {
      const layer = def.build(tf, ownParams(def, v), name);
      // A recurrent layer builds its weights in its cell; its getters read the cell's settings.
      const target = ('cell' in layer ? (layer as { cell: TfLayer }).cell : layer) as unknown as Record<
        string,
        unknown
      >;
      for (const w of weights) {
        const reg = v[`${w}Regularizer`] as RegularizerValue | null | undefined;
        const con = v[`${w}Constraint`] as ConstraintValue | null | undefined;
        if (reg) target[`${w}Regularizer`] = tfRegularizer(tf, reg);
        if (con) target[`${w}Constraint`] = tfConstraint(tf, con);
      }
      if (def.kerasClass === 'DepthwiseConv2D') fixDepthwiseConfig(layer);
      return layer;
    },
  };
}
