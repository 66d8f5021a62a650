/**
 * What a training run reports, as plain data (posted from the worker as is). The editor's
 * training panel draws its charts and previews from these.
 */
import type { DataProblem } from './check';
import type { FaultKind } from './faults';
import type { MetricName, Metrics } from './losses';
import type { LossName } from './settings';

/** A backend that was tried and not used, and why. */
export interface BackendFallback {
  readonly backend: string;
  readonly reason: string;
}

export interface StartedEvent {
  readonly type: 'started';
  /** The tfjs backend in use: `webgl`, `webgpu`, `wasm` or `cpu`. */
  readonly backend: string;
  /** Backends tried before it, with the reason each was passed over. */
  readonly fallbacks: readonly BackendFallback[];
  /** Why this backend, when it was chosen automatically for the model. */
  readonly choice?: string;
  readonly loss: LossName;
  /** The metric every batch and epoch reports: accuracy (`acc`) or mean absolute error (`mae`). */
  readonly metric: MetricName;
  readonly samples: { readonly train: number; readonly validation: number };
  readonly epochs: number;
  readonly batchesPerEpoch: number;
  /** Layers that kept trained weights from the previous run, and layers initialised afresh. */
  readonly weights: { readonly kept: readonly string[]; readonly fresh: readonly string[] };
  /** Warnings from the data check. */
  readonly warnings: readonly DataProblem[];
}

interface Timing {
  /** Wall-clock milliseconds since the run started, paused time excluded. */
  readonly elapsedMs: number;
  /** Estimated milliseconds to the end of the last epoch. */
  readonly etaMs: number;
  /**
   * Wall-clock training samples per second (everything between batches included): during and at
   * the end of epoch 1 over epoch 1, afterwards steady-state, from the start of epoch 2.
   */
  readonly samplesPerSecond: number;
}

export interface BatchEvent extends Timing {
  readonly type: 'batch';
  /** From 1. */
  readonly epoch: number;
  /** From 1. */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly loss: number;
  readonly metrics: Metrics;
}

export interface EpochEvent extends Timing {
  readonly type: 'epoch';
  /** On epoch 1 only: its own wall-clock samples/s (the warm-up, reported apart). */
  readonly warmUpSamplesPerSecond?: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly backend: string;
  /** Mean of the batch losses of the epoch. */
  readonly loss: number;
  readonly metrics: Metrics;
  /** On the validation samples, when there are any. */
  readonly val?: { readonly loss: number; readonly metrics: Metrics };
}

export interface StateEvent {
  readonly type: 'paused' | 'resumed' | 'weightsReset';
}

export interface DoneEvent {
  readonly type: 'done';
  readonly reason: 'completed' | 'stopped';
  /** Epochs fully trained. */
  readonly epochs: number;
}

export interface FaultEvent {
  readonly type: 'fault';
  readonly kind: FaultKind;
  readonly message: string;
  readonly hint?: string;
}

export interface PreviewEvent {
  readonly type: 'preview';
  readonly epoch: number;
  readonly preview: Preview;
}

/**
 * One layer's statistics on the probe batch (a fixed set of samples, in inference mode), computed
 * in the worker every few hundred milliseconds of training (`src/train/layerStats.ts`).
 */
export interface LayerStats {
  /** The layer's path (`conv1`, or `apes_1/add` inside a block instance). */
  readonly path: string;
  /** Mean and standard deviation of the layer's output over the probe batch. */
  readonly mean: number;
  readonly std: number;
  /** Share of output values that are exactly 0. */
  readonly zeros: number;
  /** Share of units (last axis: channels, features) that are 0 for every probe sample and position. */
  readonly deadUnits: number;
  /** tanh and sigmoid outputs only: share of values within 0.03 of the ends of the range. */
  readonly saturated?: number;
  /** Layers with trainable weights: L2 norm of the loss gradient over all of the layer's weights. */
  readonly gradNorm?: number;
  /** Layers with trainable weights: L2 norm of the weights. */
  readonly weightNorm?: number;
  /**
   * Layers with trainable weights: ‖W − W_before‖ / ‖W_before‖ since the previous sample, divided
   * by the steps in between (a per-step figure; about 1e-3 is healthy). Absent on the first sample.
   */
  readonly updateRatio?: number;
  /** Histogram of (a strided subsample of) the output values: `counts` in equal bins over min..max. */
  readonly histogram: { readonly min: number; readonly max: number; readonly counts: readonly number[] };
}

export interface LayerStatsEvent {
  readonly type: 'layerStats';
  readonly epoch: number;
  /** The batch just trained, from 1. */
  readonly batch: number;
  /** Optimisation steps so far in the run. */
  readonly step: number;
  readonly elapsedMs: number;
  /** Samples in the probe batch. */
  readonly probe: number;
  /** Milliseconds the sample took to compute (the sampler spaces samples by it, see layerStats.ts). */
  readonly costMs: number;
  readonly layers: readonly LayerStats[];
}

export type TrainEvent =
  | StartedEvent
  | BatchEvent
  | EpochEvent
  | StateEvent
  | DoneEvent
  | FaultEvent
  | PreviewEvent
  | LayerStatsEvent;
export type TrainListener = (event: TrainEvent) => void;

/** An RGBA image, ready for `new ImageData(data, width, height)`. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export interface SegmentationPreview {
  readonly classes: readonly string[];
  /** RGB colour of each class in the masks. */
  readonly palette: readonly (readonly [number, number, number])[];
  readonly samples: readonly {
    readonly input: RgbaImage;
    readonly truth: RgbaImage;
    readonly prediction: RgbaImage;
    /** Share of pixels predicted right. */
    readonly accuracy: number;
  }[];
}

export interface ConfusionPreview {
  readonly classes: readonly string[];
  /** `matrix[truth][predicted]`: counts. */
  readonly matrix: readonly (readonly number[])[];
  readonly accuracy: number;
  /** Which samples it was computed on. */
  readonly set: 'validation' | 'training';
  /** Up to `MISCLASSIFIED_SHOWN` samples predicted wrong, the most confident first. */
  readonly misclassified?: readonly Misclassified[];
  /** How many of the samples were predicted wrong in all. */
  readonly wrong?: number;
}

/** A sample the model got wrong: its row, its class and the one predicted (indices into `classes`). */
export interface Misclassified {
  readonly row: number;
  readonly truth: number;
  readonly predicted: number;
  /** Probability the model gave the predicted class. */
  readonly confidence: number;
  /** The input, for image data sets. */
  readonly image?: RgbaImage;
}

export interface BoundaryPreview {
  readonly classes: readonly string[];
  /** The square the grid covers, in feature units. */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** Grid of `size × size` cells, row 0 at the top (largest y). */
  readonly size: number;
  /** Predicted class of each cell. */
  readonly predicted: Uint8Array;
  /** Probability of the predicted class in each cell. */
  readonly confidence: Float32Array;
  /** The grid coloured by class, faded by confidence. */
  readonly image: RgbaImage;
  /** Data points to draw on top: x, y pairs and their labels. */
  readonly points: { readonly xy: Float32Array; readonly labels: Int32Array };
}

export interface RegressionPreview {
  readonly truth: Float32Array;
  readonly prediction: Float32Array;
}

/** A predictions preview: the parts that suit the data set. */
export interface Preview {
  readonly segmentation?: SegmentationPreview;
  readonly confusion?: ConfusionPreview;
  readonly boundary?: BoundaryPreview;
  readonly regression?: RegressionPreview;
}
