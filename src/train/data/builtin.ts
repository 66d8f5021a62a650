/**
 * The data sets that ship: generated in code, deterministic by seed, no downloads. Image sets are
 * sized to the model's input when it is an image (height × width × 1 or 3).
 */
import { z } from 'zod';
import { digits } from './digits';
import { shapesClassify, shapesSeg } from './shapes';
import { circles, spirals, xor } from './toy2d';
import type { Dataset, Task } from './types';

export const BUILTIN_NAMES = ['shapes-seg', 'shapes', 'digits', 'spirals', 'xor', 'circles'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

/** Which built-in data set to make, and how. Omitted fields take the set's defaults. */
export const BuiltinSpecSchema = z.object({
  name: z.enum(BUILTIN_NAMES),
  /** Number of samples (default: the set's, fewer for large images). */
  samples: z.number().int().min(4).max(100_000).optional(),
  /** Seed of the generator (default 1). */
  seed: z.number().int().min(0).max(4_294_967_295).optional(),
  /** 2-D sets: Playground's noise 0…0.5; image sets: per-pixel noise std. */
  noise: z.number().min(0).max(0.5).optional(),
});
export type BuiltinSpec = z.infer<typeof BuiltinSpecSchema>;

export interface BuiltinInfo {
  readonly name: BuiltinName;
  readonly label: string;
  readonly task: Task;
  readonly description: string;
  /** Samples when the spec gives none (image sets may make fewer for large inputs). */
  readonly samples: number;
  /** True when the set is made at the model's input size. */
  readonly image: boolean;
  /** Image sets: the size made when the model's input is not an image (default `DEFAULT_IMAGE`). */
  readonly imageShape?: readonly [number, number, number];
}

export const BUILTIN_DATASETS: Readonly<Record<BuiltinName, BuiltinInfo>> = {
  'shapes-seg': {
    name: 'shapes-seg',
    label: 'Shapes (segmentation)',
    task: 'segmentation',
    description:
      'Circles, squares and triangles on textured, noisy backgrounds, with a mask per image: background, circle, square, triangle for every pixel.',
    samples: 256,
    image: true,
  },
  shapes: {
    name: 'shapes',
    label: 'Shapes (classification)',
    task: 'classification',
    description: 'One circle, square or triangle per image on a textured, noisy background: 3 classes.',
    samples: 512,
    image: true,
  },
  digits: {
    name: 'digits',
    label: 'Digits (classification)',
    task: 'classification',
    description:
      'MNIST-like handwritten digits 0–9 drawn in code: white strokes on black, varied in thickness, slant, size and position: 10 classes.',
    samples: 2000,
    image: true,
    imageShape: [28, 28, 1],
  },
  spirals: {
    name: 'spirals',
    label: 'Spirals',
    task: 'classification',
    description: 'Two interleaved spirals (TensorFlow Playground): 2 features, 2 classes.',
    samples: 1000,
    image: false,
  },
  xor: {
    name: 'xor',
    label: 'XOR',
    task: 'classification',
    description: 'Points labelled by the sign of x·y (TensorFlow Playground): 2 features, 2 classes.',
    samples: 1000,
    image: false,
  },
  circles: {
    name: 'circles',
    label: 'Circles',
    task: 'classification',
    description: 'A disc inside a ring (TensorFlow Playground): 2 features, 2 classes.',
    samples: 1000,
    image: false,
  },
};

/** Image size used when the model's input is not an image (unless the set gives its own). */
export const DEFAULT_IMAGE: readonly [number, number, number] = [32, 32, 3];
/** Default sample counts are cut so that inputs and targets stay under this many floats (128 MB). */
const FLOAT_BUDGET = 2 ** 25;
/** Target floats per pixel assumed when sizing image sets (one-hot over the 4 classes). */
const SEG_TARGET_GUESS = 4;

/** The sample shape a built-in set will have for a model whose input shape is `modelInput`. */
export function builtinInputShape(name: BuiltinName, modelInput?: readonly (number | null)[]): number[] {
  if (!BUILTIN_DATASETS[name].image) return [2];
  const [h, w, c] = modelInput ?? [];
  const ok = modelInput?.length === 3 && (c === 1 || c === 3) && typeof h === 'number' && typeof w === 'number';
  return ok && h >= 4 && w >= 4 ? [h, w, c] : [...(BUILTIN_DATASETS[name].imageShape ?? DEFAULT_IMAGE)];
}

/** Samples made when the spec gives none: the set's default, fewer for large images (at least 8). */
export function defaultSamples(name: BuiltinName, inputShape: readonly number[]): number {
  const info = BUILTIN_DATASETS[name];
  if (!info.image) return info.samples;
  const [height = 1, width = 1, channels = 1] = inputShape;
  const perSample = height * width * (channels + SEG_TARGET_GUESS);
  return Math.max(8, Math.min(info.samples, Math.floor(FLOAT_BUDGET / perSample)));
}

/** Makes a built-in data set, sized to `modelInput` when it is an image. */
export function makeBuiltin(spec: BuiltinSpec, modelInput?: readonly (number | null)[]): Dataset {
  const info = BUILTIN_DATASETS[spec.name];
  const seed = spec.seed ?? 1;
  if (!info.image) {
    const make = spec.name === 'spirals' ? spirals : spec.name === 'xor' ? xor : circles;
    return make({ samples: spec.samples ?? info.samples, seed, noise: spec.noise ?? 0 });
  }
  const [height, width, channels] = builtinInputShape(spec.name, modelInput) as [number, number, number];
  const samples = spec.samples ?? defaultSamples(spec.name, [height, width, channels]);
  const options = {
    samples,
    seed,
    height,
    width,
    channels,
    ...(spec.noise === undefined ? {} : { noise: spec.noise }),
  };
  if (spec.name === 'digits') return digits(options);
  const { scenes: _scenes, ...set } = spec.name === 'shapes-seg' ? shapesSeg(options) : shapesClassify(options);
  return set;
}
