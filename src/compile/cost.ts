/**
 * What a model costs before it trains: multiply-accumulates per sample (torchinfo's mult-adds,
 * from each layer's own `macs`), output activation bytes per sample (float32), parameter memory,
 * and an estimate of the memory a training step needs for a batch size and an optimizer. Pure,
 * derived from the analysis, never stored.
 */
import { product, type Shape } from '../nodes';
import type { Analysis, FlatLayer } from './analysis';

/** tfjs keeps every tensor as float32. */
export const BYTES_PER_VALUE = 4;

export interface LayerCost {
  /** Multiply-accumulates per sample; `null` when a dim it needs is unknown. */
  readonly macs: number | null;
  /** Bytes of the output for one sample (float32); `null` when a dim is unknown. */
  readonly activationBytes: number | null;
  /** Bytes of the layer's weights. */
  readonly paramBytes: number;
}

export interface ModelCost {
  /** Per layer, by path, in the analysis's order. */
  readonly layers: ReadonlyMap<string, LayerCost>;
  /** Sum of the known per-layer MACs. */
  readonly macs: number;
  /** Sum of the output activation bytes of every layer (inputs included), per sample. */
  readonly activationBytes: number;
  /**
   * Bytes one sample holds at the peak of a training step: the forward values saved for the
   * gradient and the gradients of the backward pass (see `TRAINING_COPIES`).
   */
  readonly trainingBytes: number;
  readonly paramBytes: number;
  readonly trainableBytes: number;
  /** True when some layer's MACs or activation size is unknown (a dim is `None`), so the sums are lower bounds. */
  readonly partial: boolean;
}

/** The cost of one layer given its input shapes and its output shape. */
export function layerCost(layer: FlatLayer, inputs: readonly Shape[]): LayerCost {
  const shape = layer.shape;
  const params = layer.count.trainable + layer.count.nonTrainable;
  const size = shape ? product(shape) : null;
  const macs = !shape ? null : layer.def.macs ? layer.def.macs(inputs, layer.buildParams, shape) : 0;
  return {
    macs: macs !== null && Number.isFinite(macs) ? macs : null,
    activationBytes: size === null ? null : size * BYTES_PER_VALUE,
    paramBytes: params * BYTES_PER_VALUE,
  };
}

const costs = new WeakMap<Analysis, ModelCost>();

/** The cost of every layer of an analysed model and the totals (memoized per analysis). */
export function modelCost(analysis: Analysis): ModelCost {
  const hit = costs.get(analysis);
  if (hit) return hit;
  const shapes = new Map<string, Shape | undefined>();
  const layers = new Map<string, LayerCost>();
  let macs = 0;
  let activationBytes = 0;
  let trainable = 0;
  let all = 0;
  let trainingBytes = 0;
  let partial = false;
  const outputs = new Set(analysis.outputs);
  for (const l of analysis.layers) {
    shapes.set(l.path, l.shape);
    const inputs = l.inputs.map((p) => shapes.get(p) ?? []);
    const c = layerCost(l, inputs);
    layers.set(l.path, c);
    if (c.macs === null || c.activationBytes === null) partial = true;
    macs += c.macs ?? 0;
    activationBytes += c.activationBytes ?? 0;
    trainingBytes += (c.activationBytes ?? 0) * (copies(l) + (outputs.has(l.path) ? LOSS_COPIES : 0));
    all += l.count.trainable + l.count.nonTrainable;
    trainable += l.count.trainable;
  }
  const cost: ModelCost = {
    layers,
    macs,
    activationBytes,
    trainingBytes,
    paramBytes: all * BYTES_PER_VALUE,
    trainableBytes: trainable * BYTES_PER_VALUE,
    partial,
  };
  costs.set(analysis, cost);
  return cost;
}

/** The cost of the layers whose path starts with `prefix` (a block instance: `apes_1/`). */
export function costUnder(analysis: Analysis, prefix: string): { macs: number; activationBytes: number } {
  const { layers } = modelCost(analysis);
  let macs = 0;
  let activationBytes = 0;
  for (const [path, c] of layers)
    if (path.startsWith(prefix)) {
      macs += c.macs ?? 0;
      activationBytes += c.activationBytes ?? 0;
    }
  return { macs, activationBytes };
}

/**
 * How many tensors of a layer's output size tfjs 4.22 holds at the peak of a training step: the
 * values its forward kernels save for the gradient, and the gradients (and masks) of the backward
 * pass, which tfjs releases only when the step ends. Counted from the kernels each layer runs and
 * measured with `tf.profile` one layer type at a time (a 32×32×16 input, batch 4 and 8, tfjs
 * cpu); the estimates are checked against the real peak in src/train/memory.test.ts. Layers not
 * listed: `ACTIVATION_COPIES`.
 */
export const TRAINING_COPIES: Readonly<Record<string, number>> = {
  input: 1,
  reshape: 2,
  flatten: 2,
  batchNormalization: 15,
  layerNormalization: 15,
  dropout: 6,
  gaussianNoise: 6,
  leakyRelu: 4,
  elu: 4,
  prelu: 4,
  maxPooling2d: 1,
  maxPooling1d: 1,
  averagePooling2d: 1,
  upSampling2d: 3,
  add: 3,
};
/** Convolutions and Dense: the kernel's output, the bias added, and the gradients of both. */
const WEIGHTED_COPIES = 4;
/** An activation: its output, its gradient and a mask (also for a layer's own `activation`). */
const ACTIVATION_COPIES = 3;
/** The loss's element-wise terms and their gradients, on each output. */
const LOSS_COPIES = 4;

function copies(l: FlatLayer): number {
  const listed = TRAINING_COPIES[l.type];
  if (listed !== undefined) return listed;
  if (l.def.macs) {
    const act = l.buildParams.activation;
    return WEIGHTED_COPIES + (act !== undefined && act !== 'linear' ? ACTIVATION_COPIES : 0);
  }
  return ACTIVATION_COPIES;
}

/** What an optimizer holds: `slots` copies of the trainable weights kept between steps, and
 * `temporaries` more made while it updates them (tfjs updates every variable in one `tidy`). */
export interface OptimizerMemory {
  readonly slots: number;
  readonly temporaries: number;
}

export interface MemoryEstimate {
  readonly weights: number;
  readonly gradients: number;
  /** The optimizer's slots (Adam's m and v). */
  readonly optimizer: number;
  /** The activations a batch keeps for backprop, and the gradients flowing back through them. */
  readonly activations: number;
  /** The optimizer's temporaries while it applies the gradients. */
  readonly update: number;
  readonly total: number;
}

/**
 * Estimated peak memory of one training step, in bytes. Always held: the weights and the
 * optimizer's slots. Then the larger of two moments: the end of the backward pass (the batch's
 * kept activations and their gradients, `trainingBytes` per sample, and one gradient per
 * trainable weight), and the update (the gradients and the optimizer's temporaries).
 */
export function trainingMemory(cost: ModelCost, batchSize: number, optimizer: OptimizerMemory): MemoryEstimate {
  const weights = cost.paramBytes;
  const gradients = cost.trainableBytes;
  const slots = cost.trainableBytes * optimizer.slots;
  const activations = cost.trainingBytes * batchSize;
  const update = cost.trainableBytes * optimizer.temporaries;
  const total = weights + slots + gradients + Math.max(activations, update);
  return { weights, gradients, optimizer: slots, activations, update, total };
}

/** The largest batch size whose estimate fits in `budget` bytes (0 when not even one sample fits). */
export function largestBatch(cost: ModelCost, budget: number, optimizer: OptimizerMemory): number {
  if (cost.trainingBytes <= 0) return Number.MAX_SAFE_INTEGER;
  const fixed = cost.paramBytes + cost.trainableBytes * (optimizer.slots + 1);
  if (trainingMemory(cost, 1, optimizer).total > budget) return 0;
  // The batch only matters once its activations outgrow the update's temporaries.
  return Math.max(1, Math.floor((budget - fixed) / cost.trainingBytes));
}

/** `11.3 G`, `482 M`, `5.2 k`, `12` (three significant figures at most). */
export function compact(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) if (Math.abs(n) >= size) return `${trimmed(n / size)} ${unit}`;
  return trimmed(n);
}

function trimmed(x: number): string {
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3;
  return String(Number(x.toFixed(digits)));
}

/** `11.3 G MACs`. */
export const formatMacs = (n: number): string => `${compact(n)} MACs`;

/** `1.5 MB`, `312 KB`, `96 B` (powers of 1024, as memory is counted). */
export function formatBytes(n: number): string {
  const units: [number, string][] = [
    [1024 ** 4, 'TB'],
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) if (n >= size) return `${trimmed(n / size)} ${unit}`;
  return `${n} B`;
}
