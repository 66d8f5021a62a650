/**
 * An opaque layer: a Keras layer the catalogue cannot reproduce (Lambda, TFOpLambda, a custom class
 * such as `MyAttention`, a class tfjs cannot build). It keeps the Keras class name and config exactly
 * as the file had them, and the names and shapes of its weights; its output shape is declared by the
 * file, worked out from its class (opaqueShapes.ts), or entered by the user. The graph around it
 * stays editable, and the exports that write configs (Keras JSON, .keras, .h5, Python) give it back
 * unchanged; training and the tfjs export are refused at this node, with what to do instead.
 *
 * Not in the palette: it comes from imported files. The importers create it for unknown classes.
 */
import { defineLayer, fail, type Shape, type SymbolicTensor, type TF, type TfLayer } from '../define';
import { inferredOpaqueShape, opaqueAdvice } from '../opaqueShapes';
import { p } from '../schema';

/** One weight an opaque layer holds: its name in the file (`kernel`) and shape. */
export interface OpaqueWeight {
  readonly name: string;
  readonly shape: readonly number[];
  /** False for a non-trainable weight (a moving mean). Absent: trainable. */
  readonly trainable?: boolean;
}

type Config = Record<string, unknown>;

/** The property of a stand-in tfjs layer holding the verbatim Keras class and config (read by src/formats). */
export const OPAQUE_KERAS = 'skipwireOpaqueKeras';
const CALL_SHAPE = 'skipwireCallShape';

/** What a stand-in carries: the Keras class and config, and its output shape with the batch axis (`[null, 3, 2]`). */
export interface OpaqueKeras {
  readonly className: string;
  readonly config: Config;
  readonly outputShape: readonly (number | null)[];
  /** Each call's output shape with the batch axis, in call order (a shared Lambda's may differ). */
  readonly callShapes: (readonly (number | null)[])[];
}

/** The verbatim Keras class and config of a stand-in built for an opaque layer, or undefined. */
export function opaqueKerasOf(layer: unknown): OpaqueKeras | undefined {
  const v = (layer as Record<string, unknown> | null)?.[OPAQUE_KERAS];
  return v && typeof v === 'object' ? (v as OpaqueKeras) : undefined;
}

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const weightsOf = (v: unknown): OpaqueWeight[] =>
  Array.isArray(v)
    ? v.filter(
        (w): w is OpaqueWeight => !!w && typeof w === 'object' && typeof w.name === 'string' && Array.isArray(w.shape),
      )
    : [];

/** The output shape an opaque layer has with these params: entered, declared or inferred. */
export function opaqueShape(
  params: { className: string; config: unknown; outputShape: number[] | null },
  inputs: readonly Shape[],
): Shape | undefined {
  const config = (params.config ?? {}) as Config;
  return params.outputShape ?? inferredOpaqueShape(params.className, config, inputs);
}

/**
 * A tfjs layer that stands in for an opaque one in the exports that only write configs: it has the
 * declared output shape and weights, reports the Keras class name, and carries the verbatim config
 * (`OPAQUE_KERAS`). Calling it on real data throws: tfjs cannot run the original.
 */
function standIn(tf: TF, className: string, config: Config, out: Shape, weights: OpaqueWeight[], name: string) {
  class OpaqueStandIn extends tf.layers.Layer {
    readonly [OPAQUE_KERAS]: OpaqueKeras = {
      className,
      config: { ...config, name },
      outputShape: [null, ...out],
      callShapes: [],
    };
    /** The output shape of the call being made (`opaque.apply`), when the layer is shared. */
    [CALL_SHAPE]: Shape | undefined;
    override getClassName(): string {
      return className;
    }
    override computeOutputShape(): (number | null)[] {
      return [null, ...(this[CALL_SHAPE] ?? out)];
    }
    override build(): void {
      for (const w of weights)
        this.addWeight(w.name, [...w.shape], 'float32', tf.initializers.zeros(), undefined, w.trainable !== false);
      this.built = true;
    }
    override call(): never {
      throw new Error(`${className} "${name}" is an opaque layer: tfjs cannot run it`);
    }
  }
  return new OpaqueStandIn({ name, trainable: config.trainable !== false }) as unknown as TfLayer;
}

export const opaque = defineLayer({
  type: 'opaque',
  kerasClass: 'Opaque',
  category: 'core',
  inputs: { min: 1, max: Number.POSITIVE_INFINITY },
  params: {
    className: p.text({
      default: 'Lambda',
      label: 'Keras class',
      doc: 'The Keras class name from the file, written back unchanged.',
      pattern: { source: '^[A-Za-z_][A-Za-z0-9_.>]*$', means: 'a Python class name' },
    }),
    config: p.json<Config>({
      default: {},
      object: true,
      label: 'Keras config',
      doc: 'The layer’s Keras config as the file had it; every Keras and Python export writes it back unchanged (with the node’s name).',
    }),
    outputShape: p.ints({
      default: null,
      nullable: true,
      minLength: 0,
      min: 1,
      label: 'output shape',
      nullLabel: 'unknown',
      doc: 'The output shape per sample, without the batch axis (e.g. 10, 64; () for one value per sample). Taken from the file or the class when Skipwire can tell; otherwise enter it.',
    }),
    weights: p.json<OpaqueWeight[]>({
      default: [],
      label: 'weights',
      doc: 'The names and shapes of the weights the file holds for this layer; their values travel with the imported weights.',
    }),
  },
  docs: 'A Keras layer Skipwire keeps as it is (a Lambda, a custom class, or a class tfjs cannot build): exported back to Keras and Python unchanged, but it cannot be trained or exported to tfjs.',
  inferShape: (inputs, params) => {
    if (!inputs.length) return fail(`${params.className} needs an input.`);
    const out = opaqueShape(params, inputs);
    if (out) return out;
    return fail(
      `${params.className}: output shape unknown: enter it (the file does not say what this layer outputs).`,
      {
        param: 'outputShape',
      },
    );
  },
  countParams: (_inputs, { weights }) => {
    let trainable = 0;
    let nonTrainable = 0;
    for (const w of weightsOf(weights))
      if (w.trainable === false) nonTrainable += product(w.shape);
      else trainable += product(w.shape);
    return { trainable, nonTrainable };
  },
  describe: ({ className }) => className,
  warn: (_inputs, { className, config }) => {
    const advice = opaqueAdvice(className, config ?? {});
    return {
      message: `tfjs cannot run ${className}: training and the tfjs export stop here (Keras and Python exports keep it). ${advice.charAt(0).toUpperCase()}${advice.slice(1)}.`,
    };
  },
  concrete: (inputs, params) => ({ ...params, outputShape: (opaqueShape(params, inputs) as number[]) ?? null }),
  cannotRun: ({ className, config }) =>
    `tfjs cannot run ${className} (an opaque layer, kept as the file had it): ${opaqueAdvice(className, config ?? {})}`,
  keras: { params: { className: null, config: null, outputShape: null, weights: null } },
  // Each call (a shared layer's included) gives the output shape the analysis found for it.
  apply: (layer, inputs, params) => {
    const stand = layer as unknown as { [CALL_SHAPE]?: Shape; [OPAQUE_KERAS]?: OpaqueKeras };
    const shape = params?.outputShape ?? undefined;
    stand[CALL_SHAPE] = shape;
    if (shape) stand[OPAQUE_KERAS]?.callShapes.push([null, ...shape]);
    try {
      return layer.apply([...inputs]) as SymbolicTensor;
    } finally {
      stand[CALL_SHAPE] = undefined;
    }
  },
  build: (tf, params, name) => {
    const config = (params.config ?? {}) as Config;
    const out = params.outputShape ?? [];
    return standIn(tf, params.className, config, out, weightsOf(params.weights), name);
  },
});
