/**
 * `npx tsx bench/routing.ts <other checkout root> [rounds]`: the wire router's grid search
 * (`gridPath`, what a drag spends its script time on when a wire cannot run straight) on this
 * checkout and another, side by side in one process: wrapped columns of 210×66 boxes like a
 * 300-layer model at Fit, 200 wires from a node to one in another column. Each round times both
 * on the same wires, interleaved; prints the median ratio other ÷ this (how many times faster
 * this is) and checks that both find paths of the same cost (same length and bends).
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Position } from '../src/compile';
import type { Rect } from '../src/editor/canvas/gridRoute';
import { median, round } from './stats';

type GridPath = (p: Position, q: Position, boxes: readonly Rect[], bounds: Rect) => Position[] | undefined;

const other = process.argv[2];
if (!other) throw new Error('usage: routing.ts <other checkout root> [rounds]');
const rounds = Number(process.argv[3] ?? 9);
const mine = (await import('../src/editor/canvas/gridRoute')).gridPath as GridPath;
const theirs = (await import(join(other, 'src/editor/canvas/gridRoute.ts'))).gridPath as GridPath;

// 8 columns of 38 boxes, 300 px apart, 110 px rows.
const boxes: Rect[] = [];
for (let c = 0; c < 8; c++) for (let r = 0; r < 38; r++) boxes.push({ x: c * 300, y: r * 110, width: 210, height: 66 });
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const cases = Array.from({ length: 200 }, () => {
  const a = boxes[Math.floor(rand() * boxes.length)] as Rect;
  const b = boxes[Math.floor(rand() * boxes.length)] as Rect;
  const p = { x: a.x + 105, y: a.y + 66 + 14 };
  const q = { x: b.x + 105, y: b.y - 14 };
  const pad = 260;
  const region = {
    x: Math.min(p.x, q.x) - pad,
    y: Math.min(p.y, q.y) - pad,
    width: Math.abs(p.x - q.x) + 2 * pad,
    height: Math.abs(p.y - q.y) + 2 * pad,
  };
  const near = boxes.filter(
    (r) =>
      r.x < region.x + region.width &&
      region.x < r.x + r.width &&
      r.y < region.y + region.height &&
      region.y < r.y + r.height,
  );
  const bounds = { x: region.x - 42, y: region.y - 42, width: region.width + 84, height: region.height + 84 };
  return { p, q, near, bounds };
});

/** Length (upward runs ×1.5) plus 36 per bend, the search's own cost, leaving and arriving downwards. */
function cost(path: Position[] | undefined): number {
  if (!path) return Number.POSITIVE_INFINITY;
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

let differ = 0;
for (const c of cases)
  if (Math.abs(cost(mine(c.p, c.q, c.near, c.bounds)) - cost(theirs(c.p, c.q, c.near, c.bounds))) > 1e-6) differ++;
const time = (f: GridPath) => {
  const t0 = performance.now();
  for (const c of cases) f(c.p, c.q, c.near, c.bounds);
  return performance.now() - t0;
};
for (let i = 0; i < 3; i++) {
  // warm-up
  time(mine);
  time(theirs);
}
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const a = time(mine);
  const b = time(theirs);
  ratios.push(b / a);
  console.log(`round ${r + 1}: this ${round(a, 1)} ms, other ${round(b, 1)} ms for ${cases.length} wires`);
}
console.log(
  `median other ÷ this: ${round(median(ratios), 2)}; paths of a different cost: ${differ} of ${cases.length}`,
);
