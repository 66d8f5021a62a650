import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { DIGIT_CLASSES, type DigitStyle, digits, drawDigit, GLYPHS } from './digits';
import { type ClassificationSet, classCounts } from './types';

const opts = { samples: 40, seed: 3, height: 28, width: 28, channels: 1 };

/** Upright, unwarped, no jitter: the glyph as designed, 20 pixels high in a 28×28 image. */
const PLAIN: DigitStyle = {
  a: 20,
  b: 0,
  c: 0,
  d: 20,
  tx: 14,
  ty: 14,
  thickness: 2.5,
  ink: 1,
  warp: [0, 0, 0, 0, 0, 0],
  jitter: 0,
};

function plain(digit: number): Float32Array {
  const ink = new Float32Array(28 * 28);
  drawDigit(digit, PLAIN, new Rng(1), ink, 28, 28);
  return ink;
}

/** Sample `n` of a grey set as a flat image. */
const image = (d: ClassificationSet, n: number): Float32Array => {
  const px = d.inputShape[0]! * d.inputShape[1]!;
  return d.x.subarray(n * px, (n + 1) * px);
};

/** Share of held-out samples a nearest-class-mean classifier gets right. */
function nearestMeanAccuracy(train: ClassificationSet, test: ClassificationSet): number {
  const px = train.x.length / train.count;
  const means = DIGIT_CLASSES.map(() => new Float64Array(px));
  const counts = classCounts(train);
  for (let n = 0; n < train.count; n++) {
    const m = means[train.labels[n]!]!;
    for (let i = 0; i < px; i++) m[i]! += train.x[n * px + i]! / counts[train.labels[n]!]!;
  }
  let right = 0;
  for (let n = 0; n < test.count; n++) {
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    means.forEach((m, c) => {
      let distance = 0;
      for (let i = 0; i < px; i++) distance += (test.x[n * px + i]! - m[i]!) ** 2;
      if (distance < bestDistance) [best, bestDistance] = [c, distance];
    });
    if (best === test.labels[n]) right++;
  }
  return right / test.count;
}

describe('digits', () => {
  it('has grey images of the asked size in [0, 1] and 10 classes "0"…"9"', () => {
    const d = digits(opts);
    expect(d).toMatchObject({ name: 'digits', task: 'classification', count: 40, inputShape: [28, 28, 1] });
    expect(d.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(d.x).toHaveLength(40 * 28 * 28);
    expect(d.labels).toHaveLength(40);
    expect(d.x.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(d.labels.every((l) => l >= 0 && l < 10)).toBe(true);
  });

  it('is deterministic by seed and the seed matters', () => {
    const a = digits(opts);
    expect(digits(opts)).toEqual(a);
    const b = digits({ ...opts, seed: 4 });
    expect(b.x).not.toEqual(a.x);
    expect(b.labels).not.toEqual(a.labels);
  });

  it('has every class in equal numbers (±1), in a random order', () => {
    expect(classCounts(digits({ ...opts, samples: 1000 }))).toEqual(Array(10).fill(100));
    const counts = classCounts(digits({ ...opts, samples: 205 }));
    expect(Math.min(...counts)).toBe(20);
    expect(Math.max(...counts)).toBe(21);
    expect([...digits(opts).labels.slice(0, 10)]).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('draws white strokes on black, inside the image', () => {
    const d = digits({ ...opts, samples: 200, noise: 0 });
    const px = 28 * 28;
    let border = 0;
    for (let n = 0; n < d.count; n++) {
      const img = image(d, n);
      const lit = img.filter((v) => v > 0.5).length / px;
      // A digit covers some of the image, never most of it; the rest is exactly black.
      expect(lit).toBeGreaterThan(0.02);
      expect(lit).toBeLessThan(0.4);
      expect(img.filter((v) => v === 0).length / px).toBeGreaterThan(0.5);
      expect(Math.max(...img)).toBeGreaterThanOrEqual(0.8);
      for (let i = 0; i < 28; i++) border += img[i]! + img[27 * 28 + i]! + img[i * 28]! + img[i * 28 + 27]!;
    }
    expect(border / (d.count * 4 * 28)).toBeLessThan(0.01);
  });

  it('adds per-pixel noise of the asked size', () => {
    const clean = digits({ ...opts, noise: 0 });
    const noisy = digits({ ...opts, noise: 0.2 });
    const background = clean.x.filter((v) => v === 0).length;
    const dark = noisy.x.filter((v) => v === 0).length;
    // Noise lifts about half the background off 0 (the other half is clipped to 0).
    expect(dark / background).toBeGreaterThan(0.4);
    expect(dark / background).toBeLessThan(0.65);
    expect(digits(opts)).toEqual(digits({ ...opts, noise: 0.05 }));
  });

  it('is made at other sizes, and in RGB as the same grey in every channel', () => {
    const d = digits({ ...opts, samples: 10, height: 16, width: 20, channels: 3, noise: 0 });
    expect(d.inputShape).toEqual([16, 20, 3]);
    expect(d.x).toHaveLength(10 * 16 * 20 * 3);
    for (let i = 0; i < d.x.length; i += 3) {
      expect(d.x[i + 1]).toBe(d.x[i]);
      expect(d.x[i + 2]).toBe(d.x[i]);
    }
    expect(d.x.some((v) => v > 0.8)).toBe(true);
    const small = digits({ ...opts, samples: 10, height: 8, width: 8 });
    expect(small.x).toHaveLength(10 * 64);
  });

  it('draws each glyph as designed: 1 is a vertical bar, 0 a ring with a dark middle, 7 a bar on top', () => {
    expect(GLYPHS).toHaveLength(10);
    const one = plain(1);
    const column = (img: Float32Array, x: number) => Array.from({ length: 28 }, (_, y) => img[y * 28 + x]!);
    // The stem of a 1 runs from y = 4 to 24 at x ≈ 14.
    expect(
      column(one, 14)
        .slice(6, 23)
        .every((v) => v > 0.9),
    ).toBe(true);
    expect(column(one, 6).every((v) => v === 0)).toBe(true);
    const zero = plain(0);
    expect(zero[14 * 28 + 14]).toBe(0);
    expect(Math.max(...zero.subarray(14 * 28, 15 * 28))).toBeGreaterThan(0.9);
    const seven = plain(7);
    expect(Array.from({ length: 10 }, (_, i) => seven[4 * 28 + 9 + i]!).every((v) => v > 0.5)).toBe(true);
    // Every pair of glyphs differs in many pixels.
    const drawn = GLYPHS.map((_, i) => plain(i));
    for (let i = 0; i < 10; i++)
      for (let j = i + 1; j < 10; j++) {
        const differ = drawn[i]!.filter((v, k) => Math.abs(v - drawn[j]![k]!) > 0.5).length;
        expect(differ, `${i} vs ${j}`).toBeGreaterThan(20);
      }
  });

  it('tells the digits apart: a nearest-class-mean classifier is right on well over half of new samples', () => {
    const train = digits({ ...opts, samples: 600, seed: 1 });
    const test = digits({ ...opts, samples: 300, seed: 2 });
    // Chance is 10%; about 70% on these (MNIST: about 80%).
    expect(nearestMeanAccuracy(train, test)).toBeGreaterThan(0.6);
  });

  it('makes 2,000 digits at 28×28 quickly', () => {
    const t0 = performance.now();
    digits({ ...opts, samples: 2000 });
    // About 0.1–0.2 s; the bound leaves room for a busy machine.
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});
