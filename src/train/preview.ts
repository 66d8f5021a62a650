/**
 * Predictions previews: masks for segmentation (input, truth and prediction as small RGBA
 * images), a confusion matrix for classes, a decision-boundary grid for 2-D sets, truth against
 * prediction for numbers. Built with the tfjs passed in; every tensor is released.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TF } from '../nodes';
import type { TargetLayout } from './check';
import { type ClassificationSet, type Dataset, type SegmentationSet, size } from './data/types';
import type { BoundaryPreview, ConfusionPreview, Preview, RgbaImage, SegmentationPreview } from './events';
import { gatherRows } from './targets';

type Rgb = readonly [number, number, number];
/** Class colours; the first two are TensorFlow Playground's orange and blue. */
export const PALETTE: readonly Rgb[] = [
  [245, 147, 34],
  [8, 119, 189],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [188, 189, 34],
  [23, 190, 207],
];
/** Segmentation masks draw class 0 (background) dark. */
const BACKGROUND: Rgb = [24, 24, 28];
const colorOf = (k: number): Rgb => PALETTE[k % PALETTE.length] as Rgb;
const segPalette = (n: number): Rgb[] => Array.from({ length: n }, (_, k) => (k === 0 ? BACKGROUND : colorOf(k - 1)));

/** Longest side of preview images. */
const MAX_SIDE = 96;

export interface PreviewOptions {
  readonly tf: TF;
  readonly model: LayersModel;
  readonly dataset: Dataset;
  readonly layout: TargetLayout;
  /** The samples to preview (the validation samples, or training ones when there are none). */
  readonly indices: readonly number[];
  readonly set: 'validation' | 'training';
  /** Images in a segmentation preview (default 4). */
  readonly images?: number;
  /** Cells per side of a decision-boundary grid (default 40). */
  readonly grid?: number;
}

/**
 * Runs the model on rows of a row-major array, in batches; returns the outputs, row-major. A model
 * with a fixed batch size (stateful layers) predicts in batches of exactly that size, from zero
 * states: the last batch is padded with copies of its first row, whose outputs are dropped.
 */
export async function predictRows(
  tf: TF,
  model: LayersModel,
  x: Float32Array,
  inputShape: readonly number[],
  rows: readonly number[],
  batch = 64,
): Promise<Float32Array> {
  const per = size(inputShape);
  const fixed = model.inputs[0]?.shape[0] ?? null;
  const step = fixed ?? batch;
  if (fixed !== null) model.resetStates();
  const parts: Float32Array[] = [];
  for (let i = 0; i < rows.length; i += step) {
    const chunk = rows.slice(i, i + step);
    const fed =
      fixed === null ? chunk : [...chunk, ...new Array<number>(fixed - chunk.length).fill(chunk[0] as number)];
    const out = tf.tidy(() => {
      const input = tf.tensor(gatherRows(x, per, fed), [fed.length, ...inputShape]);
      const y = model.predict(input, { batchSize: fed.length }) as Tensor;
      return fed.length === chunk.length ? y : y.slice(0, chunk.length);
    });
    try {
      parts.push((await out.data()) as Float32Array);
    } finally {
      out.dispose();
    }
  }
  const total = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    total.set(p, offset);
    offset += p.length;
  }
  return total;
}

/** The predicted class and its probability for each cell of the outputs. */
function decide(pred: Float32Array, layout: TargetLayout): { cls: Uint8Array; conf: Float32Array } {
  if (layout.kind === 'binary') {
    const conf = pred.map((p) => (p > 0.5 ? p : 1 - p));
    return { cls: Uint8Array.from(pred, (p) => (p > 0.5 ? 1 : 0)), conf };
  }
  const k = layout.kind === 'onehot' ? layout.classes : 1;
  const cells = pred.length / k;
  const cls = new Uint8Array(cells);
  const conf = new Float32Array(cells);
  for (let c = 0; c < cells; c++) {
    let best = 0;
    for (let j = 1; j < k; j++) if ((pred[c * k + j] as number) > (pred[c * k + best] as number)) best = j;
    cls[c] = best;
    conf[c] = pred[c * k + best] as number;
  }
  return { cls, conf };
}

export async function computePreview(o: PreviewOptions): Promise<Preview> {
  const { dataset: d } = o;
  if (d.task === 'regression') {
    const rows = o.indices.slice(0, 200);
    const prediction = await predictRows(o.tf, o.model, d.x, d.inputShape, rows);
    const per = size(d.targetShape);
    return { regression: { truth: gatherRows(d.targets, per, rows), prediction } };
  }
  if (d.task === 'segmentation') return { segmentation: await segmentation(o, d) };
  const rows = o.indices.slice(0, 2000);
  const { cls, conf } = decide(await predictRows(o.tf, o.model, d.x, d.inputShape, rows), o.layout);
  const matrix = d.classes.map(() => d.classes.map(() => 0));
  let right = 0;
  rows.forEach((row, i) => {
    const t = d.labels[row] as number;
    const p = cls[i] as number;
    (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
    if (t === p) right++;
  });
  const confusion: ConfusionPreview = {
    classes: d.classes,
    matrix,
    accuracy: rows.length ? right / rows.length : 0,
    set: o.set,
    ...misclassified(d, rows, cls, conf),
  };
  if (d.inputShape.length !== 1 || d.inputShape[0] !== 2) return { confusion };
  return { confusion, boundary: await boundary(o, rows) };
}

/** Samples shown as misclassified, at most. */
export const MISCLASSIFIED_SHOWN = 12;

/** The samples predicted wrong, the most confident first, with their images for image sets. */
function misclassified(d: ClassificationSet, rows: readonly number[], cls: Uint8Array, conf: Float32Array) {
  const wrong = rows
    .map((row, i) => ({
      row,
      truth: d.labels[row] as number,
      predicted: cls[i] as number,
      confidence: conf[i] as number,
    }))
    .filter((m) => m.truth !== m.predicted)
    .sort((a, b) => b.confidence - a.confidence);
  const [h, w, channels] = d.inputShape;
  const image = d.inputShape.length === 3 && (h as number) <= MAX_SIDE && (w as number) <= MAX_SIDE;
  const per = size(d.inputShape);
  return {
    wrong: wrong.length,
    misclassified: wrong.slice(0, MISCLASSIFIED_SHOWN).map((m) =>
      image
        ? {
            ...m,
            image: imageToRgba(
              d.x.subarray(m.row * per, (m.row + 1) * per),
              h as number,
              w as number,
              channels as number,
            ),
          }
        : m,
    ),
  };
}

async function segmentation(o: PreviewOptions, d: SegmentationSet): Promise<SegmentationPreview> {
  const rows = o.indices.slice(0, o.images ?? 4);
  const pred = await predictRows(o.tf, o.model, d.x, d.inputShape, rows);
  const { cls } = decide(pred, o.layout);
  const [h, w] = d.maskShape;
  const channels = d.inputShape[2] ?? 1;
  const palette = segPalette(d.classes.length);
  const samples = rows.map((row, i) => {
    const truth = d.labels.subarray(row * h * w, (row + 1) * h * w);
    const predicted = cls.subarray(i * h * w, (i + 1) * h * w);
    let right = 0;
    for (let j = 0; j < truth.length; j++) if (truth[j] === predicted[j]) right++;
    const image = d.x.subarray(row * h * w * channels, (row + 1) * h * w * channels);
    return {
      input: imageToRgba(image, h, w, channels),
      truth: maskToRgba(truth, h, w, palette),
      prediction: maskToRgba(predicted, h, w, palette),
      accuracy: right / truth.length,
    };
  });
  return { classes: d.classes, palette, samples };
}

async function boundary(o: PreviewOptions, rows: readonly number[]): Promise<BoundaryPreview> {
  const d = o.dataset;
  const n = o.grid ?? 40;
  const [x0, x1] = d.domain?.x ?? range(d.x, 0);
  const [y0, y1] = d.domain?.y ?? range(d.x, 1);
  const grid = new Float32Array(n * n * 2);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      grid[(r * n + c) * 2] = x0 + ((c + 0.5) / n) * (x1 - x0);
      grid[(r * n + c) * 2 + 1] = y1 - ((r + 0.5) / n) * (y1 - y0);
    }
  const all = Array.from({ length: n * n }, (_, i) => i);
  const { cls, conf } = decide(await predictRows(o.tf, o.model, grid, [2], all, 512), o.layout);
  const k = d.task === 'regression' ? 1 : d.classes.length;
  const data = new Uint8ClampedArray(n * n * 4);
  for (let i = 0; i < n * n; i++) {
    const color = colorOf(cls[i] as number);
    // Fade towards white as the probability falls to chance.
    const t = Math.max(0, Math.min(1, ((conf[i] as number) - 1 / k) / (1 - 1 / k))) * 0.7 + 0.15;
    for (let ch = 0; ch < 3; ch++) data[i * 4 + ch] = 255 + ((color[ch] as number) - 255) * t;
    data[i * 4 + 3] = 255;
  }
  const pts = rows.slice(0, 500);
  const labels =
    d.task === 'regression' ? new Int32Array(pts.length) : Int32Array.from(pts, (r) => d.labels[r] as number);
  return {
    classes: d.task === 'regression' ? [] : d.classes,
    x: [x0, x1],
    y: [y0, y1],
    size: n,
    predicted: cls,
    confidence: conf,
    image: { width: n, height: n, data },
    points: { xy: gatherRows(d.x, 2, pts), labels },
  };
}

/** Min and max of feature `f` of 2-feature rows, padded by 10%. */
function range(x: Float32Array, f: number): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = f; i < x.length; i += 2) {
    lo = Math.min(lo, x[i] as number);
    hi = Math.max(hi, x[i] as number);
  }
  if (!(hi > lo)) return [lo - 1, lo + 1];
  const pad = (hi - lo) * 0.1;
  return [lo - pad, hi + pad];
}

const step = (h: number, w: number) => Math.max(1, Math.ceil(Math.max(h, w) / MAX_SIDE));

/** An image (height × width × channels) as RGBA, scaled to 0…255 by its own range when outside 0…1. */
export function imageToRgba(image: Float32Array, h: number, w: number, channels: number): RgbaImage {
  let lo = 0;
  let hi = 1;
  for (const v of image) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const s = step(h, w);
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(w / s);
  const data = new Uint8ClampedArray(oh * ow * 4);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      const src = (y * s * w + x * s) * channels;
      const o = (y * ow + x) * 4;
      for (let ch = 0; ch < 3; ch++) {
        const v = image[src + (channels >= 3 ? ch : 0)] as number;
        data[o + ch] = ((v - lo) / (hi - lo)) * 255;
      }
      data[o + 3] = 255;
    }
  return { width: ow, height: oh, data };
}

/** A class mask (height × width) coloured by `palette`. */
export function maskToRgba(mask: ArrayLike<number>, h: number, w: number, palette: readonly Rgb[]): RgbaImage {
  const s = step(h, w);
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(w / s);
  const data = new Uint8ClampedArray(oh * ow * 4);
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      const color = palette[mask[y * s * w + x * s] as number] ?? [255, 255, 255];
      const o = (y * ow + x) * 4;
      data.set([color[0], color[1], color[2], 255], o);
    }
  return { width: ow, height: oh, data };
}
