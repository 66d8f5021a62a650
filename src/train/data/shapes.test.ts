import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import {
  classAt,
  inside,
  renderScene,
  type Scene,
  SEG_CLASSES,
  SHAPE_CLASSES,
  shapesClassify,
  shapesSeg,
} from './shapes';
import { classCounts } from './types';

const opts = { samples: 6, seed: 3, height: 16, width: 20, channels: 3 };

function single(kind: (typeof SHAPE_CLASSES)[number], size: number, angle = 0.4): Scene {
  return {
    height: 64,
    width: 64,
    background: [0.5, 0.5, 0.5],
    waves: [],
    shapes: [{ kind, cx: 32, cy: 32, size, angle, color: [0.9, 0.1, 0.1] }],
  };
}

describe('shapes-seg', () => {
  it('has images and masks of the asked size, 4 classes', () => {
    const d = shapesSeg(opts);
    expect(d).toMatchObject({ name: 'shapes-seg', task: 'segmentation', count: 6, inputShape: [16, 20, 3] });
    expect(d.maskShape).toEqual([16, 20]);
    expect(d.classes).toEqual(['background', 'circle', 'square', 'triangle']);
    expect(d.x).toHaveLength(6 * 16 * 20 * 3);
    expect(d.labels).toHaveLength(6 * 16 * 20);
    for (const v of d.x) expect(v >= 0 && v <= 1).toBe(true);
    for (const l of d.labels) expect(l >= 0 && l < 4).toBe(true);
  });

  it('is deterministic by seed', () => {
    const a = shapesSeg(opts);
    expect(shapesSeg(opts).x).toEqual(a.x);
    expect(shapesSeg(opts).labels).toEqual(a.labels);
    expect(shapesSeg({ ...opts, seed: 4 }).x).not.toEqual(a.x);
  });

  it('masks match the scenes: every pixel has the class of the topmost shape over it', () => {
    const d = shapesSeg({ ...opts, samples: 3 });
    d.scenes.forEach((scene, i) => {
      expect(scene.shapes.length).toBeGreaterThanOrEqual(1);
      expect(scene.shapes.length).toBeLessThanOrEqual(3);
      for (let y = 0; y < 16; y++)
        for (let x = 0; x < 20; x++) {
          const l = d.labels[i * 320 + y * 20 + x] as number;
          const over = scene.shapes.filter((s) => inside(s, x + 0.5, y + 0.5));
          expect(l).toBe(over.length ? SEG_CLASSES.indexOf(over[over.length - 1]!.kind) : 0);
        }
    });
  });

  it('the image shows the mask: shape pixels have their shape colour, background pixels do not', () => {
    const d = shapesSeg({ ...opts, samples: 4, height: 32, width: 32, noise: 0.02 });
    d.scenes.forEach((scene, i) => {
      for (let p = 0; p < 32 * 32; p++) {
        const l = d.labels[i * 1024 + p] as number;
        const rgb = [0, 1, 2].map((c) => d.x[(i * 1024 + p) * 3 + c] as number);
        if (l === 0) {
          const bgErr = Math.max(...rgb.map((v, c) => Math.abs(v - (scene.background[c] as number))));
          expect(bgErr).toBeLessThan(0.3); // waves ≤ 0.16 plus noise
        } else {
          const [x, y] = [p % 32, Math.floor(p / 32)];
          const top = scene.shapes.filter((s) => inside(s, x + 0.5, y + 0.5)).at(-1)!;
          const err = Math.max(...rgb.map((v, c) => Math.abs(v - (top.color[c] as number))));
          expect(err).toBeLessThan(0.12);
        }
      }
    });
  });

  it('grey images have one channel', () => {
    const d = shapesSeg({ ...opts, channels: 1 });
    expect(d.inputShape).toEqual([16, 20, 1]);
    expect(d.x).toHaveLength(6 * 320);
  });
});

describe('shapes (classification)', () => {
  it('labels each image with the kind of its only shape, and the mask agrees', () => {
    const d = shapesClassify({ ...opts, samples: 30 });
    expect(d).toMatchObject({ name: 'shapes', task: 'classification', count: 30, classes: SHAPE_CLASSES });
    d.scenes.forEach((scene, i) => {
      expect(scene.shapes).toHaveLength(1);
      expect(d.labels[i]).toBe(SHAPE_CLASSES.indexOf(scene.shapes[0]!.kind));
      const cls = new Set<number>();
      for (let y = 0; y < 16; y++) for (let x = 0; x < 20; x++) cls.add(classAt(scene, x, y));
      expect([...cls].sort()).toEqual([0, (d.labels[i] as number) + 1]);
    });
    expect(classCounts(d).every((n) => n > 3)).toBe(true);
  });

  it('is deterministic by seed', () => {
    expect(shapesClassify(opts).labels).toEqual(shapesClassify(opts).labels);
    expect(shapesClassify(opts).x).toEqual(shapesClassify(opts).x);
  });
});

describe('rasterising', () => {
  it.each(SHAPE_CLASSES)('a %s of size r covers about πr² pixels', (kind) => {
    const scene = single(kind, 12);
    const mask = new Int32Array(64 * 64);
    renderScene(scene, new Rng(1), 3, 0, new Float32Array(64 * 64 * 3), 0, mask, 0);
    const area = mask.reduce((n, l) => n + (l === SHAPE_CLASSES.indexOf(kind) + 1 ? 1 : 0), 0);
    expect(Math.abs(area - Math.PI * 144) / (Math.PI * 144)).toBeLessThan(0.05);
  });

  it('tells the shapes apart by geometry: a point in a square corner is outside the circle of the same area', () => {
    const sq = single('square', 12, 0).shapes[0]!;
    const circle = single('circle', 12).shapes[0]!;
    const h = 12 * (Math.sqrt(Math.PI) / 2) - 0.1;
    expect(inside(sq, 32 + h, 32 + h)).toBe(true);
    expect(inside(circle, 32 + h, 32 + h)).toBe(false);
    const tri = single('triangle', 12, 0).shapes[0]!;
    expect(inside(tri, 32 + 12 * 1.5, 32)).toBe(true); // towards the vertex on +x
    expect(inside(tri, 32 - 12 * 0.9, 32)).toBe(false); // past the opposite edge
  });
});
