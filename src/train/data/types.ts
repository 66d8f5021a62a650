/**
 * Data sets as plain typed arrays: no tensors until training starts, so a data set can be made
 * on the main thread, sent to the worker (structured clone) and checked against a model without
 * tfjs.
 */

interface DatasetBase {
  /** Shown in the editor and in messages: `shapes-seg`, `iris.csv`. */
  readonly name: string;
  /** Number of samples. */
  readonly count: number;
  /** The shape of one sample: `[32, 32, 3]`, `[2]`. */
  readonly inputShape: readonly number[];
  /** Every sample, row-major: `count × product(inputShape)` values. */
  readonly x: Float32Array;
  /**
   * For 2-D data sets (input `[2]`): the range of each feature, so a decision boundary can be
   * drawn over the same square.
   */
  readonly domain?: { readonly x: readonly [number, number]; readonly y: readonly [number, number] };
}

/** One class per sample. */
export interface ClassificationSet extends DatasetBase {
  readonly task: 'classification';
  readonly classes: readonly string[];
  /** `count` class indices. */
  readonly labels: Int32Array;
}

/** One class per pixel: masks of `maskShape` (height × width) per sample. */
export interface SegmentationSet extends DatasetBase {
  readonly task: 'segmentation';
  readonly classes: readonly string[];
  readonly maskShape: readonly [number, number];
  /** `count × height × width` class indices. */
  readonly labels: Int32Array;
}

/** Numbers to predict: `targetShape` values per sample. */
export interface RegressionSet extends DatasetBase {
  readonly task: 'regression';
  readonly targetShape: readonly number[];
  /** `count × product(targetShape)` values. */
  readonly targets: Float32Array;
}

export type Dataset = ClassificationSet | SegmentationSet | RegressionSet;

/** How a generated image set is made: how many samples, from which seed, at what size. */
export interface ImageSetOptions {
  readonly samples: number;
  readonly seed: number;
  readonly height: number;
  readonly width: number;
  /** 1 (grey) or 3 (RGB; a grey set repeats its grey in R, G and B, each with its own noise). */
  readonly channels: number;
  /** Standard deviation of the per-pixel noise (default 0.05). */
  readonly noise?: number;
}
export type Task = Dataset['task'];

/** The product of a shape's dims (1 for a scalar). */
export function size(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** The class names of a data set (none for regression). */
export function classesOf(d: Dataset): readonly string[] {
  return d.task === 'regression' ? [] : d.classes;
}

/** Label cells per sample: 1 for classification, height × width for segmentation. */
export function cellsPerSample(d: ClassificationSet | SegmentationSet): number {
  return d.task === 'segmentation' ? d.maskShape[0] * d.maskShape[1] : 1;
}

/** How many samples of each class (per-pixel counts for segmentation). */
export function classCounts(d: ClassificationSet | SegmentationSet): number[] {
  const counts = d.classes.map(() => 0);
  for (const l of d.labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}

/** Bytes the data set takes as float32 input plus its encoded targets (`targetValues` per sample). */
export function datasetBytes(d: Dataset, targetValues: number): number {
  return d.count * (size(d.inputShape) + targetValues) * 4;
}

/** A data set problem the user can act on (bad CSV column, empty folder…). */
export class DataError extends Error {
  override name = 'DataError';
}
