/**
 * `digits`: a synthetic, MNIST-like set of handwritten-looking digits 0–9, drawn in code. Each
 * digit is a stroke skeleton (a simple stroke font of lines, arcs and curves) that every sample
 * deforms: scale, aspect, slant, rotation, translation, a smooth warp and per-point jitter. The
 * strokes are drawn anti-aliased with a random thickness, white on black as in MNIST, plus
 * per-pixel noise. Values are in [0, 1]; grey images (or the same grey in every RGB channel).
 */
import { Rng } from '../rng';
import type { ClassificationSet, ImageSetOptions } from './types';

export const DIGIT_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** A point of a glyph: x right, y down; a digit is about 0.55 wide and 1 high, centred on 0. */
type Point = readonly [number, number];
/** A polyline. */
type Stroke = readonly Point[];

/** Points of an elliptic arc from `from` to `to` degrees (0° right, 90° down), `steps` segments. */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps: number): Point[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as const;
  });
}

/** Points of a quadratic Bézier curve from `a` to `c` pulled towards `b`. */
function curve(a: Point, b: Point, c: Point, steps = 8): Point[] {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const t = i / steps;
    const u = 1 - t;
    return [u * u * a[0] + 2 * u * t * b[0] + t * t * c[0], u * u * a[1] + 2 * u * t * b[1] + t * t * c[1]] as const;
  });
}

/** The stroke skeleton of each digit, indexed by digit. */
export const GLYPHS: readonly (readonly Stroke[])[] = [
  [arc(0, 0, 0.27, 0.48, 0, 360, 24)],
  [
    [
      [-0.14, -0.33],
      [0.02, -0.5],
      [0.02, 0.5],
    ],
  ],
  [[...arc(0, -0.24, 0.25, 0.24, 195, 380, 12), [-0.27, 0.5], [0.29, 0.5]]],
  [[...arc(0, -0.25, 0.23, 0.23, 205, 450, 12), ...arc(0, 0.24, 0.27, 0.26, 270, 520, 12).slice(1)]],
  [
    [
      [0.12, 0.5],
      [0.12, -0.5],
      [-0.28, 0.16],
      [0.3, 0.16],
    ],
  ],
  [[[0.26, -0.5], [-0.18, -0.5], [-0.2, -0.04], ...arc(0, 0.2, 0.27, 0.3, 225, 520, 14)]],
  [[...curve([0.2, -0.5], [-0.28, -0.25], [-0.26, 0.25]), ...arc(0, 0.24, 0.26, 0.25, 180, 540, 20).slice(1)]],
  [
    [
      [-0.27, -0.5],
      [0.28, -0.5],
      [-0.04, 0.5],
    ],
  ],
  [arc(0, -0.27, 0.2, 0.23, 0, 360, 18), arc(0, 0.23, 0.25, 0.27, 0, 360, 20)],
  [[...arc(0, -0.24, 0.25, 0.25, 0, 360, 20), ...curve([0.25, -0.24], [0.24, 0.15], [0.14, 0.5]).slice(1)]],
];

export type DigitsOptions = ImageSetOptions;

/**
 * One sample's look: where the glyph goes (pixels) and how it is deformed. `random` draws one;
 * tests may build their own.
 */
export interface DigitStyle {
  /** Glyph to pixels: x = a·u + b·v + tx, y = c·u + d·v + ty. */
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly tx: number;
  readonly ty: number;
  /** Stroke width, pixels. */
  readonly thickness: number;
  /** Brightness of the stroke, 0…1. */
  readonly ink: number;
  /** A smooth warp of the glyph: u += warp[0]·sin(warp[1]·v + warp[2]), v += warp[3]·sin(warp[4]·u + warp[5]). */
  readonly warp: readonly [number, number, number, number, number, number];
  /** Standard deviation of the independent jitter of each glyph point (glyph units). */
  readonly jitter: number;
}

/** A random style for a `height` × `width` image. */
export function randomStyle(rng: Rng, height: number, width: number): DigitStyle {
  const side = Math.min(height, width);
  // MNIST fits a digit into 20 of 28 pixels.
  const scale = side * 0.7 * rng.uniform(0.8, 1.08);
  const aspect = rng.uniform(0.75, 1.25);
  const slant = rng.uniform(-0.35, 0.35);
  const angle = rng.uniform(-0.25, 0.25);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Rotation × slant (x leans with -y) × aspect, times the scale.
  const a = scale * cos * aspect;
  const b = scale * (-cos * slant - sin);
  const c = scale * sin * aspect;
  const d = scale * (-sin * slant + cos);
  const k = 2 * Math.PI;
  return {
    a,
    b,
    c,
    d,
    tx: width / 2 + rng.uniform(-0.08, 0.08) * side,
    ty: height / 2 + rng.uniform(-0.08, 0.08) * side,
    thickness: Math.max(1, scale * rng.uniform(0.09, 0.17)),
    ink: rng.uniform(0.8, 1),
    warp: [
      rng.uniform(0, 0.04),
      k * rng.uniform(0.5, 1.5),
      rng.uniform(0, k),
      rng.uniform(0, 0.04),
      k * rng.uniform(0.5, 1.5),
      rng.uniform(0, k),
    ],
    jitter: 0.012,
  };
}

/** The glyph's strokes as pixel polylines (flat x, y pairs) under `style`, with its jitter. */
function placeStrokes(digit: number, style: DigitStyle, rng: Rng): Float64Array[] {
  const { a, b, c, d, tx, ty, warp, jitter } = style;
  return (GLYPHS[digit] ?? []).map((stroke) => {
    const out = new Float64Array(stroke.length * 2);
    stroke.forEach(([u0, v0], i) => {
      const u = u0 + warp[0] * Math.sin(warp[1] * v0 + warp[2]) + (jitter ? rng.normal(0, jitter) : 0);
      const v = v0 + warp[3] * Math.sin(warp[4] * u0 + warp[5]) + (jitter ? rng.normal(0, jitter) : 0);
      out[2 * i] = a * u + b * v + tx;
      out[2 * i + 1] = c * u + d * v + ty;
    });
    return out;
  });
}

/**
 * Draws `digit` into the grey image `ink` (height × width, values kept as the maximum of what is
 * there and the stroke). Coverage falls off linearly over one pixel at the stroke's edge.
 */
export function drawDigit(
  digit: number,
  style: DigitStyle,
  rng: Rng,
  ink: Float32Array,
  height: number,
  width: number,
): void {
  const r = style.thickness / 2;
  for (const p of placeStrokes(digit, style, rng)) {
    for (let s = 0; s + 3 < p.length; s += 2) {
      const x0 = p[s] as number;
      const y0 = p[s + 1] as number;
      const dx = (p[s + 2] as number) - x0;
      const dy = (p[s + 3] as number) - y0;
      const len2 = dx * dx + dy * dy;
      const reach = r + 1;
      const xa = Math.max(0, Math.floor(Math.min(x0, x0 + dx) - reach));
      const xb = Math.min(width - 1, Math.ceil(Math.max(x0, x0 + dx) + reach));
      const ya = Math.max(0, Math.floor(Math.min(y0, y0 + dy) - reach));
      const yb = Math.min(height - 1, Math.ceil(Math.max(y0, y0 + dy) + reach));
      for (let y = ya; y <= yb; y++) {
        const py = y + 0.5 - y0;
        for (let x = xa; x <= xb; x++) {
          const px = x + 0.5 - x0;
          // Distance from the pixel centre to the segment.
          const t = len2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / len2)) : 0;
          const ex = px - t * dx;
          const ey = py - t * dy;
          const cover = r + 0.5 - Math.sqrt(ex * ex + ey * ey);
          if (cover <= 0) continue;
          const v = style.ink * Math.min(1, cover);
          const i = y * width + x;
          if (v > (ink[i] as number)) ink[i] = v;
        }
      }
    }
  }
}

/**
 * 4096 normal(0, 1) values drawn once: pixel noise picks from them with one draw of the data set's
 * generator instead of a Box–Muller transform per pixel, which was most of the time.
 */
const GAUSS = (() => {
  const r = new Rng(0x5eed);
  return Float32Array.from({ length: 4096 }, () => r.normal());
})();

/** `digits`: `samples` digits, the ten classes in equal numbers (±1) in a random order. */
export function digits(o: DigitsOptions): ClassificationSet {
  const rng = new Rng(o.seed);
  const noise = o.noise ?? 0.05;
  const pixels = o.height * o.width;
  const x = new Float32Array(o.samples * pixels * o.channels);
  const labels = Int32Array.from(rng.permutation(o.samples), (i) => i % DIGIT_CLASSES.length);
  const ink = new Float32Array(pixels);
  for (let n = 0; n < o.samples; n++) {
    ink.fill(0);
    drawDigit(labels[n] as number, randomStyle(rng, o.height, o.width), rng, ink, o.height, o.width);
    const offset = n * pixels * o.channels;
    for (let i = 0; i < pixels; i++) {
      const v = ink[i] as number;
      for (let ch = 0; ch < o.channels; ch++) {
        const value = noise > 0 ? v + noise * (GAUSS[(rng.next() * 4096) | 0] as number) : v;
        x[offset + i * o.channels + ch] = Math.min(1, Math.max(0, value));
      }
    }
  }
  return {
    name: 'digits',
    task: 'classification',
    count: o.samples,
    inputShape: [o.height, o.width, o.channels],
    x,
    classes: DIGIT_CLASSES,
    labels,
  };
}
