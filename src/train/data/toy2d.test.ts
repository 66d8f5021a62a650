import { describe, expect, it } from 'vitest';
import { circles, spirals, xor } from './toy2d';
import type { ClassificationSet } from './types';

const points = (d: ClassificationSet) =>
  Array.from({ length: d.count }, (_, i) => ({
    x: (d.x[2 * i] as number) * 5,
    y: (d.x[2 * i + 1] as number) * 5,
    label: d.labels[i] as number,
  }));

describe.each([
  ['spirals', spirals],
  ['xor', xor],
  ['circles', circles],
] as const)('%s', (name, make) => {
  it('has the asked size, 2 features, 2 balanced-ish classes, in the domain', () => {
    const d = make({ samples: 301, seed: 4 });
    expect(d).toMatchObject({ name, task: 'classification', count: 301, inputShape: [2] });
    expect(d.x).toHaveLength(602);
    expect(d.labels).toHaveLength(301);
    const ones = d.labels.reduce((s, l) => s + l, 0);
    expect(ones).toBeGreaterThan(100);
    expect(ones).toBeLessThan(201);
    for (const v of d.x) expect(Math.abs(v)).toBeLessThanOrEqual(1.2);
  });

  it('is deterministic by seed', () => {
    expect(make({ samples: 50, seed: 9, noise: 0.2 })).toEqual(make({ samples: 50, seed: 9, noise: 0.2 }));
    expect(make({ samples: 50, seed: 9, noise: 0.2 }).x).not.toEqual(make({ samples: 50, seed: 10, noise: 0.2 }).x);
  });
});

describe('geometry without noise', () => {
  it('xor labels are the sign of x·y, away from the axes', () => {
    for (const p of points(xor({ samples: 200, seed: 1 }))) {
      expect(p.label).toBe(p.x * p.y >= 0 ? 1 : 0);
      expect(Math.min(Math.abs(p.x), Math.abs(p.y))).toBeGreaterThanOrEqual(0.3 - 1e-5);
    }
  });

  it('circles: positives inside radius 2.5, negatives in the ring 3.5…5', () => {
    for (const p of points(circles({ samples: 200, seed: 1 }))) {
      const r = Math.hypot(p.x, p.y);
      if (p.label === 1) expect(r).toBeLessThan(2.5 + 1e-5);
      else expect(r).toBeGreaterThan(3.5 - 1e-5);
    }
  });

  it('spirals: the two arms are point reflections of each other', () => {
    const d = spirals({ samples: 100, seed: 1 });
    const p = points(d);
    for (let i = 0; i < 50; i++) {
      const a = p[i] as { x: number; y: number; label: number };
      const b = p[50 + i] as { x: number; y: number; label: number };
      expect([a.label, b.label]).toEqual([1, 0]);
      expect(b.x).toBeCloseTo(-a.x, 4);
      expect(b.y).toBeCloseTo(-a.y, 4);
    }
  });
});
