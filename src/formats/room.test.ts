/** Incremental placement: new boxes go beside their neighbours; existing ones move only when in the way. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apart, type Box, freeSpot, spliceRoom } from './room';

const SIZE = { width: 210, height: 84 };
const box = (x: number, y: number, height = 84): Box => ({ x, y, width: 210, height });
const chain = (ys: number[]) => new Map(ys.map((y, i) => [`n${i}`, box(0, y)]));

describe('spliceRoom', () => {
  it('pushes the layers below down one row when the new node would cover the next one', () => {
    const boxes = chain([0, 110, 220, 330]);
    const { position, moves } = spliceRoom(boxes, 'n1', SIZE, new Set(['n2', 'n3']));
    expect(position).toEqual({ x: 0, y: 230 });
    expect(moves).toEqual(
      new Map([
        ['n2', { x: 0, y: 340 }],
        ['n3', { x: 0, y: 450 }],
      ]),
    );
  });

  it('moves nothing when the successor is far enough below', () => {
    const boxes = chain([0, 400, 510]);
    const { position, moves } = spliceRoom(boxes, 'n0', SIZE, new Set(['n1', 'n2']));
    expect(position).toEqual({ x: 0, y: 120 });
    expect(moves.size).toBe(0);
  });

  it('goes below a tall anchor (a node showing an error), not over its message', () => {
    const boxes = new Map([
      ['add', box(0, 0, 190)],
      ['next', box(0, 320)],
    ]);
    const { position, moves } = spliceRoom(boxes, 'add', SIZE, new Set(['next']));
    expect(position.y).toBeGreaterThanOrEqual(190 + 20);
    expect(apart({ ...position, ...SIZE }, box(0, 0, 190))).toBe(true);
    const next = moves.get('next') ?? { x: 0, y: 320 };
    expect(apart({ ...position, ...SIZE }, { ...next, ...SIZE })).toBe(true);
  });

  it('steps right of a node that is not downstream (a side branch) instead of moving it', () => {
    const boxes = new Map([
      ['a', box(0, 0)],
      ['side', box(0, 120)],
    ]);
    const { position, moves } = spliceRoom(boxes, 'a', SIZE, new Set());
    expect(moves.size).toBe(0);
    expect(position.y).toBe(120);
    expect(position.x).toBeGreaterThanOrEqual(230);
  });

  it('takes along a node below that the pushed layers would cover', () => {
    // n1 feeds n2; `other` (not downstream) sits just below n2's row in the same column.
    const boxes = new Map([
      ['n1', box(0, 0)],
      ['n2', box(0, 110)],
      ['other', box(0, 240)],
    ]);
    const { position, moves } = spliceRoom(boxes, 'n1', SIZE, new Set(['n2']));
    expect(moves.has('other')).toBe(true);
    const after = [...boxes].map(([id, b]) => ({ ...b, ...(moves.get(id) ?? {}) }));
    for (let i = 0; i < after.length; i++)
      for (let j = i + 1; j < after.length; j++) expect(apart(after[i] as Box, after[j] as Box)).toBe(true);
    for (const b of after) expect(apart({ ...position, ...SIZE }, b)).toBe(true);
  });

  it('never leaves the new node over another, nor creates an overlap among nodes that were apart', () => {
    const arb = fc.uniqueArray(fc.record({ x: fc.integer({ min: 0, max: 8 }), y: fc.integer({ min: 0, max: 12 }) }), {
      minLength: 2,
      maxLength: 12,
      selector: (p) => `${p.x},${p.y}`,
    });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 4095 }), (cells, k, mask) => {
        // A grid of boxes with room between them (as after a layout), each 230 × 120 apart.
        const boxes = new Map(cells.map((c, i) => [`n${i}`, box(c.x * 230, c.y * 120)]));
        const anchor = `n${k % cells.length}`;
        const a = boxes.get(anchor) as Box;
        // Any subset of the nodes below as the anchor's downstream (a branch, a merge, none).
        const down = new Set([...boxes.keys()].filter((id, i) => id !== anchor && (mask >> i) & 1));
        const { position, moves } = spliceRoom(boxes, anchor, SIZE, down);
        const after = [...boxes].map(([id, b]) => ({ ...b, ...(moves.get(id) ?? {}) }));
        for (const b of after) expect(apart({ ...position, ...SIZE }, b)).toBe(true);
        for (const id of moves.keys()) expect((boxes.get(id) as Box).y).toBeGreaterThan(a.y);
        for (let i = 0; i < after.length; i++)
          for (let j = i + 1; j < after.length; j++) expect(apart(after[i] as Box, after[j] as Box)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('freeSpot', () => {
  it('keeps a free drop point, and moves a drop onto a node to the nearest free place', () => {
    expect(freeSpot([box(0, 0)], { x: 0, y: 300 }, SIZE)).toEqual({ x: 0, y: 300 });
    const p = freeSpot([box(0, 0), box(0, 120)], { x: 10, y: 60 }, SIZE);
    expect(apart({ ...p, ...SIZE }, box(0, 0))).toBe(true);
    expect(apart({ ...p, ...SIZE }, box(0, 120))).toBe(true);
    // The nearest free place: no more than a box's width plus the gap away.
    expect(Math.hypot(p.x - 10, p.y - 60)).toBeLessThanOrEqual(250);
  });
});
