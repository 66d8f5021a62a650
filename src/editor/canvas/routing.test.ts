/** Wire routing: around boxes, leaving downwards and arriving from above, reusing what still fits. */
import { describe, expect, it } from 'vitest';
import type { Position } from '../../compile';
import { placeLabels } from './labels';
import { BoxIndex, isClear, type Rect, roundedPath, routeWire, routeWires, segmentHits } from './routing';

const box = (x: number, y: number, width = 200, height = 70): Rect => ({ x, y, width, height });

function orthogonal(points: readonly Position[]): boolean {
  return points.every(
    (p, i) => i === 0 || p.x === (points[i - 1] as Position).x || p.y === (points[i - 1] as Position).y,
  );
}

describe('routing', () => {
  it('segmentHits: through the inside only, borders and corners do not count', () => {
    const r = box(0, 0, 100, 100);
    expect(segmentHits({ x: 50, y: -10 }, { x: 50, y: 110 }, r)).toBe(true);
    expect(segmentHits({ x: 0, y: -10 }, { x: 0, y: 110 }, r)).toBe(false);
    expect(segmentHits({ x: 50, y: 100 }, { x: 50, y: 150 }, r)).toBe(false);
    expect(segmentHits({ x: -10, y: -10 }, { x: 110, y: 110 }, r)).toBe(true);
    expect(segmentHits({ x: 101, y: 0 }, { x: 150, y: 40 }, r)).toBe(false);
  });

  it('a skip wire goes around the node between its ends, leaving down and arriving from above', () => {
    // input (0,0) → add (0,300), with conv at (0,150) in between, all in one column.
    const boxes = [box(0, 0), box(0, 150), box(0, 300)];
    const from = { x: 100, y: 70 };
    const to = { x: 66, y: 300 };
    const points = routeWire(from, to, new BoxIndex(boxes));
    expect(points[0]).toEqual(from);
    expect(points.at(-1)).toEqual(to);
    expect(orthogonal(points)).toBe(true);
    expect(isClear(points, new BoxIndex(boxes))).toBe(true);
    expect((points[1] as Position).x).toBe(from.x);
    expect((points[1] as Position).y).toBeGreaterThan(from.y);
    expect((points.at(-2) as Position).x).toBe(to.x);
    expect((points.at(-2) as Position).y).toBeLessThan(to.y);
  });

  it('a wire to a node above (a wrapped column) loops around both ends', () => {
    const boxes = [box(0, 0), box(0, 400), box(300, 0), box(300, 400)];
    const points = routeWire({ x: 100, y: 470 }, { x: 400, y: 0 }, new BoxIndex(boxes));
    expect(orthogonal(points)).toBe(true);
    expect(isClear(points, new BoxIndex(boxes))).toBe(true);
  });

  it('keeps a route that still fits, and re-routes one a node was moved onto', () => {
    const boxes = [box(0, 0), box(0, 300)];
    const wire = { id: 'w', from: { x: 100, y: 70 }, to: { x: 100, y: 300 } };
    const first = routeWires([wire], boxes, new Map(), new Map());
    const again = routeWires([wire], boxes, first, new Map());
    expect(again.get('w')).toBe(first.get('w'));
    const blocked = routeWires([wire], [...boxes, box(20, 150)], first, new Map());
    expect(blocked.get('w')).not.toBe(first.get('w'));
    expect(isClear(blocked.get('w')?.points ?? [], new BoxIndex([...boxes, box(20, 150)]))).toBe(true);
  });

  it("takes the auto-layout's route when its ends match and it is clear", () => {
    const boxes = [box(0, 0), box(0, 300)];
    const elk = [
      { x: 100, y: 70 },
      { x: 100, y: 120 },
      { x: 240, y: 120 },
      { x: 240, y: 250 },
      { x: 100, y: 250 },
      { x: 100, y: 300 },
    ];
    const wire = { id: 'w', from: { x: 100, y: 70 }, to: { x: 100, y: 300 } };
    expect(routeWires([wire], boxes, new Map(), new Map([['w', elk]])).get('w')?.points).toEqual(elk);
    // Not when a node now stands on it.
    const moved = routeWires([wire], [...boxes, box(200, 150, 100, 60)], new Map(), new Map([['w', elk]]));
    expect(moved.get('w')?.points).not.toEqual(elk);
  });

  it('draws rounded corners', () => {
    expect(
      roundedPath([
        { x: 0, y: 0 },
        { x: 0, y: 50 },
        { x: 50, y: 50 },
      ]),
    ).toBe('M0,0 L0,42 Q0,50 8,50 L50,50');
  });
});

describe('labels', () => {
  it('never over a node or another label; wires from one output share one label', () => {
    const boxes = [box(0, 0), box(-150, 200), box(150, 200)];
    const routes = routeWires(
      [
        { id: 'a', from: { x: 100, y: 70 }, to: { x: -50, y: 200 } },
        { id: 'b', from: { x: 100, y: 70 }, to: { x: 250, y: 200 } },
      ],
      boxes,
      new Map(),
      new Map(),
    );
    const placed = placeLabels(
      [
        { id: 'a', text: '32×32×3', key: 'input:out-0' },
        { id: 'b', text: '32×32×3', key: 'input:out-0' },
      ],
      routes,
      boxes,
    );
    expect(placed.size).toBe(1);
    const at = placed.get('a') as Position;
    for (const b of boxes)
      expect(at.x > b.x && at.x < b.x + b.width && at.y > b.y - 10 && at.y < b.y + b.height + 10).toBe(false);
  });
});
