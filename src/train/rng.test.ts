import { describe, expect, it } from 'vitest';
import { Rng, withRandom } from './rng';

describe('Rng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(7)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(7)),
    );
    const c = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.next()
      )(new Rng(8)),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    for (const v of a) expect(v >= 0 && v < 1).toBe(true);
  });

  it('permutes every index exactly once', () => {
    const p = new Rng(3).permutation(50);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('draws normals with about the asked mean and spread', () => {
    const r = new Rng(1);
    const xs = Array.from({ length: 4000 }, () => r.normal(2, 3));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(2, 0);
    expect(sd).toBeGreaterThan(2.7);
    expect(sd).toBeLessThan(3.3);
  });

  it('withRandom routes Math.random through the generator and restores it, even on a throw', () => {
    const original = Math.random;
    const inside = withRandom(new Rng(5), () => [Math.random(), Math.random()]);
    const again = withRandom(new Rng(5), () => [Math.random(), Math.random()]);
    expect(inside).toEqual(again);
    expect(() =>
      withRandom(new Rng(5), () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Math.random).toBe(original);
  });
});
