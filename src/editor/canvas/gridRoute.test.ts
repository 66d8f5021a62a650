import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Position } from '../../compile';
import { CLEAR, gridPath, type Rect } from './gridRoute';

/** The search's own cost: length (upward runs ×1.5) plus 36 per bend, leaving and arriving downwards. */
function cost(path: readonly Position[]): number {
  let total = 0;
  let dir = 'down';
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1] as Position;
    const b = path[i] as Position;
    const d = b.x > a.x ? 'right' : b.x < a.x ? 'left' : b.y < a.y ? 'up' : 'down';
    total += Math.abs(b.x - a.x) + Math.abs(b.y - a.y) * (d === 'up' ? 1.5 : 1) + (d === dir ? 0 : 36);
    dir = d;
  }
  return total + (dir === 'down' ? 0 : 36);
}

const inside = (pt: Position, r: Rect) => pt.x > r.x && pt.x < r.x + r.width && pt.y > r.y && pt.y < r.y + r.height;

describe('gridPath', () => {
  it('finds paths as cheap as plain Dijkstra (the A* estimate never overshoots), clear of every box', () => {
    // Boxes on a coarse lattice (as a layout places nodes), two free points between them.
    const box = fc.record({ c: fc.integer({ min: 0, max: 5 }), r: fc.integer({ min: 0, max: 7 }) });
    fc.assert(
      fc.property(fc.uniqueArray(box, { maxLength: 30, selector: (b) => `${b.c},${b.r}` }), box, box, (cells, a, b) => {
        const boxes = cells
          .filter((c) => !(c.c === a.c && c.r === a.r) && !(c.c === b.c && c.r === b.r))
          .map((c) => ({ x: c.c * 300, y: c.r * 110, width: 210, height: 66 }));
        const p = { x: a.c * 300 + 105, y: a.r * 110 + 66 + CLEAR };
        const q = { x: b.c * 300 + 105, y: b.r * 110 - CLEAR };
        const bounds = { x: -300, y: -300, width: 2400, height: 1500 };
        const fast = gridPath(p, q, boxes, bounds);
        const plain = gridPath(p, q, boxes, bounds, false);
        expect(fast === undefined).toBe(plain === undefined);
        if (!fast || !plain) return;
        expect(cost(fast)).toBeCloseTo(cost(plain), 6);
        expect(fast[0]).toEqual(p);
        expect(fast.at(-1)).toEqual(q);
        for (const pt of fast) for (const r of boxes) expect(inside(pt, r)).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
