/**
 * The 2-D toy sets of TensorFlow Playground (spirals, xor, circles), same geometry, scaled from
 * Playground's [-6, 6] square to about [-1.2, 1.2] so that default initialisations suit them.
 * Class 1 ("positive") is Playground's blue, class 0 ("negative") its orange.
 */
import { Rng } from '../rng';
import type { ClassificationSet } from './types';

export interface Toy2dOptions {
  readonly samples: number;
  readonly seed: number;
  /** Playground's noise, 0 … 0.5. */
  readonly noise?: number;
}

/** Playground draws in a ±5 disc or square with noise; features are divided by this. */
const SCALE = 5;
export const TOY_DOMAIN = { x: [-1.2, 1.2], y: [-1.2, 1.2] } as const;
export const TOY_CLASSES = ['negative', 'positive'] as const;

type Point = readonly [x: number, y: number, label: 0 | 1];

function toSet(name: string, points: readonly Point[]): ClassificationSet {
  const x = new Float32Array(points.length * 2);
  const labels = new Int32Array(points.length);
  points.forEach(([px, py, label], i) => {
    x[2 * i] = px / SCALE;
    x[2 * i + 1] = py / SCALE;
    labels[i] = label;
  });
  return {
    name,
    task: 'classification',
    count: points.length,
    inputShape: [2],
    x,
    classes: TOY_CLASSES,
    labels,
    domain: TOY_DOMAIN,
  };
}

/** Two interleaved spirals (Playground's `classifySpiralData`). */
export function spirals({ samples, seed, noise = 0 }: Toy2dOptions): ClassificationSet {
  const rng = new Rng(seed);
  const points: Point[] = [];
  const n = Math.ceil(samples / 2);
  const arm = (deltaT: number, label: 0 | 1) => {
    for (let i = 0; i < n && points.length < samples; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      points.push([r * Math.sin(t) + rng.uniform(-1, 1) * noise, r * Math.cos(t) + rng.uniform(-1, 1) * noise, label]);
    }
  };
  arm(0, 1);
  arm(Math.PI, 0);
  return toSet('spirals', points);
}

/** Points in the four quadrants, labelled by the sign of x·y (Playground's `classifyXORData`). */
export function xor({ samples, seed, noise = 0 }: Toy2dOptions): ClassificationSet {
  const rng = new Rng(seed);
  const pad = (v: number) => v + (v > 0 ? 0.3 : -0.3);
  const points: Point[] = [];
  for (let i = 0; i < samples; i++) {
    const x = pad(rng.uniform(-5, 5));
    const y = pad(rng.uniform(-5, 5));
    const nx = rng.uniform(-5, 5) * noise;
    const ny = rng.uniform(-5, 5) * noise;
    points.push([x, y, (x + nx) * (y + ny) >= 0 ? 1 : 0]);
  }
  return toSet('xor', points);
}

/** A disc of positives inside a ring of negatives (Playground's `classifyCircleData`). */
export function circles({ samples, seed, noise = 0 }: Toy2dOptions): ClassificationSet {
  const rng = new Rng(seed);
  const radius = 5;
  const points: Point[] = [];
  const ring = (rMin: number, rMax: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const r = rng.uniform(rMin, rMax);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = rng.uniform(-radius, radius) * noise;
      const ny = rng.uniform(-radius, radius) * noise;
      points.push([x, y, Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : 0]);
    }
  };
  const inner = Math.ceil(samples / 2);
  ring(0, radius * 0.5, inner);
  ring(radius * 0.7, radius, samples - inner);
  return toSet('circles', points);
}
