/**
 * Synthetic scenes: circles, squares and triangles on textured, noisy backgrounds, with a
 * per-pixel mask. `shapes-seg` has 1–3 shapes per image and a mask per image (4 classes:
 * background, circle, square, triangle); `shapes` has one shape per image and its class.
 * Colours are random (with contrast to the background), so only geometry tells the classes apart.
 */
import { Rng } from '../rng';
import type { ClassificationSet, ImageSetOptions, SegmentationSet } from './types';

export const SEG_CLASSES = ['background', 'circle', 'square', 'triangle'] as const;
export const SHAPE_CLASSES = ['circle', 'square', 'triangle'] as const;
export type ShapeKind = (typeof SHAPE_CLASSES)[number];
type Rgb = readonly [number, number, number];

export interface SceneShape {
  readonly kind: ShapeKind;
  /** Centre, in pixels. */
  readonly cx: number;
  readonly cy: number;
  /** Radius of a circle of about the same area, in pixels. */
  readonly size: number;
  /** Rotation of squares and triangles, radians. */
  readonly angle: number;
  readonly color: Rgb;
}

interface Wave {
  readonly fx: number;
  readonly fy: number;
  readonly phase: number;
  readonly amplitude: number;
}

export interface Scene {
  readonly height: number;
  readonly width: number;
  readonly background: Rgb;
  readonly waves: readonly Wave[];
  /** Drawn in order: a later shape covers an earlier one. */
  readonly shapes: readonly SceneShape[];
}

export type ShapesOptions = ImageSetOptions;

const luma = ([r, g, b]: Rgb): number => 0.299 * r + 0.587 * g + 0.114 * b;

/** A colour that stands out from `bg` in colour and in grey. */
function contrasting(rng: Rng, bg: Rgb): Rgb {
  for (let i = 0; i < 50; i++) {
    const c: Rgb = [rng.next(), rng.next(), rng.next()];
    if (Math.abs(luma(c) - luma(bg)) >= 0.25) return c;
  }
  return luma(bg) > 0.5 ? [0.05, 0.05, 0.05] : [0.95, 0.95, 0.95];
}

/** A random scene with `count` shapes whose sizes are `minSize`…`maxSize` × the shorter side. */
export function randomScene(
  rng: Rng,
  height: number,
  width: number,
  count: number,
  minSize: number,
  maxSize: number,
): Scene {
  const background: Rgb = [rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8), rng.uniform(0.2, 0.8)];
  const waves = Array.from({ length: 2 }, () => {
    const angle = rng.uniform(0, Math.PI);
    const freq = rng.uniform(1, 4) / Math.max(height, width);
    return {
      fx: Math.cos(angle) * freq * 2 * Math.PI,
      fy: Math.sin(angle) * freq * 2 * Math.PI,
      phase: rng.uniform(0, 2 * Math.PI),
      amplitude: rng.uniform(0.03, 0.08),
    };
  });
  const side = Math.min(height, width);
  const shapes = Array.from({ length: count }, (): SceneShape => {
    const size = Math.max(1.5, rng.uniform(minSize, maxSize) * side);
    const margin = Math.min(size, side / 2);
    return {
      kind: SHAPE_CLASSES[rng.int(3)] as ShapeKind,
      cx: rng.uniform(margin, width - margin),
      cy: rng.uniform(margin, height - margin),
      size,
      angle: rng.uniform(0, 2 * Math.PI),
      color: contrasting(rng, background),
    };
  });
  return { height, width, background, waves, shapes };
}

/** Half side of a square, circumradius of a triangle, with the area of a disc of radius `size`. */
const SQUARE_HALF = Math.sqrt(Math.PI) / 2;
const TRIANGLE_R = Math.sqrt((4 * Math.PI) / (3 * Math.sqrt(3)));

/** Whether the point (x, y), in pixels, lies inside `s`. */
export function inside(s: SceneShape, x: number, y: number): boolean {
  const dx = x - s.cx;
  const dy = y - s.cy;
  if (s.kind === 'circle') return dx * dx + dy * dy <= s.size * s.size;
  const c = Math.cos(-s.angle);
  const n = Math.sin(-s.angle);
  const u = dx * c - dy * n;
  const v = dx * n + dy * c;
  if (s.kind === 'square') {
    const h = s.size * SQUARE_HALF;
    return Math.abs(u) <= h && Math.abs(v) <= h;
  }
  // Equilateral triangle with a vertex on the +u axis: inside all three edge half-planes.
  const r = s.size * TRIANGLE_R;
  for (let k = 0; k < 3; k++) {
    const a = (2 * Math.PI * k) / 3 + Math.PI;
    if (u * Math.cos(a) + v * Math.sin(a) > r / 2) return false;
  }
  return true;
}

/** The class index (`SEG_CLASSES`) at pixel centre (x + ½, y + ½): the topmost shape, or 0. */
export function classAt(scene: Scene, x: number, y: number): number {
  for (let i = scene.shapes.length - 1; i >= 0; i--) {
    const s = scene.shapes[i] as SceneShape;
    if (inside(s, x + 0.5, y + 0.5)) return SHAPE_CLASSES.indexOf(s.kind) + 1;
  }
  return 0;
}

/**
 * Draws `scene` into `image` (height × width × channels, from `offset`) and its mask into `mask`
 * (height × width, from `maskOffset`). Values are in [0, 1].
 */
export function renderScene(
  scene: Scene,
  rng: Rng,
  channels: number,
  noise: number,
  image: Float32Array,
  offset: number,
  mask: Int32Array,
  maskOffset: number,
): void {
  const { height, width } = scene;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cls = classAt(scene, x, y);
      mask[maskOffset + y * width + x] = cls;
      let color: Rgb;
      let texture = 0;
      if (cls === 0) {
        color = scene.background;
        for (const w of scene.waves) texture += w.amplitude * Math.sin(w.fx * x + w.fy * y + w.phase);
      } else {
        // The topmost shape containing the pixel gives its colour.
        let top = scene.shapes[0] as SceneShape;
        for (const s of scene.shapes) if (inside(s, x + 0.5, y + 0.5)) top = s;
        color = top.color;
      }
      const base = offset + (y * width + x) * channels;
      const values = channels === 1 ? [luma(color)] : color;
      for (let c = 0; c < channels; c++) {
        const v = (values[c] ?? 0) + texture + rng.normal(0, noise);
        image[base + c] = Math.min(1, Math.max(0, v));
      }
    }
  }
}

interface Generated {
  readonly x: Float32Array;
  readonly masks: Int32Array;
  readonly scenes: readonly Scene[];
}

function generate(o: ShapesOptions, shapes: () => number, minSize: number, maxSize: number, rng: Rng): Generated {
  const pixels = o.height * o.width;
  const x = new Float32Array(o.samples * pixels * o.channels);
  const masks = new Int32Array(o.samples * pixels);
  const scenes: Scene[] = [];
  for (let i = 0; i < o.samples; i++) {
    const scene = randomScene(rng, o.height, o.width, shapes(), minSize, maxSize);
    renderScene(scene, rng, o.channels, o.noise ?? 0.05, x, i * pixels * o.channels, masks, i * pixels);
    scenes.push(scene);
  }
  return { x, masks, scenes };
}

/** `shapes-seg`: 1–3 shapes per image, a mask per image. Returns the scenes too (for tests). */
export function shapesSeg(o: ShapesOptions): SegmentationSet & { readonly scenes: readonly Scene[] } {
  const rng = new Rng(o.seed);
  const { x, masks, scenes } = generate(o, () => 1 + rng.int(3), 0.12, 0.26, rng);
  return {
    name: 'shapes-seg',
    task: 'segmentation',
    count: o.samples,
    inputShape: [o.height, o.width, o.channels],
    x,
    classes: SEG_CLASSES,
    maskShape: [o.height, o.width],
    labels: masks,
    scenes,
  };
}

/** `shapes`: one shape per image; the label is its kind. Returns the scenes too (for tests). */
export function shapesClassify(o: ShapesOptions): ClassificationSet & { readonly scenes: readonly Scene[] } {
  const rng = new Rng(o.seed);
  const { x, scenes } = generate(o, () => 1, 0.2, 0.36, rng);
  const labels = Int32Array.from(scenes, (s) => SHAPE_CLASSES.indexOf((s.shapes[0] as SceneShape).kind));
  return {
    name: 'shapes',
    task: 'classification',
    count: o.samples,
    inputShape: [o.height, o.width, o.channels],
    x,
    classes: SHAPE_CLASSES,
    labels,
    scenes,
  };
}
