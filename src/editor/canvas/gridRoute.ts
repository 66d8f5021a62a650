/**
 * The search behind a wire's route when no simple shape fits: a shortest path with few bends on
 * the sparse orthogonal grid of lines that run CLEAR away from the boxes (plus the centre line of
 * every wide gap), by Dijkstra over (grid point, direction) with a cost per bend. The grid's
 * blocked points and segments come from rasterizing the boxes. Pure.
 */
import type { Position } from '../../compile';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** How far a wire keeps from a box it passes. */
export const CLEAR = 14;
const BEND = 36;

/** Sorted distinct values, with a centre line added in every gap wider than three clearances. */
function lines(values: number[]): number[] {
  const sorted = [...new Set(values.map((v) => Math.round(v)))].sort((a, b) => a - b);
  const out: number[] = [];
  sorted.forEach((v, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && v - prev > 3 * CLEAR) out.push(Math.round((v + prev) / 2));
    out.push(v);
  });
  return out;
}

/** Binary min-heap of [cost, state]. */
class Heap {
  private readonly items: [number, number][] = [];
  get size(): number {
    return this.items.length;
  }
  push(cost: number, state: number): void {
    const a = this.items;
    a.push([cost, state]);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((a[p] as [number, number])[0] <= cost) break;
      [a[i], a[p]] = [a[p] as [number, number], a[i] as [number, number]];
      i = p;
    }
  }
  pop(): [number, number] {
    const a = this.items;
    const top = a[0] as [number, number];
    const last = a.pop() as [number, number];
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as [number, number])[0] < (a[m] as [number, number])[0]) m = l;
        if (r < a.length && (a[r] as [number, number])[0] < (a[m] as [number, number])[0]) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as [number, number], a[i] as [number, number]];
        i = m;
      }
    }
    return top;
  }
}

// Directions: 0 down, 1 up, 2 right, 3 left.
const DX = [0, 0, 1, -1];
const DY = [1, -1, 0, 0];

/** First index i with xs[i] > v (xs sorted). */
function above(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index i with xs[i] >= v (xs sorted). */
function atLeast(xs: readonly number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The grid's blocked points and segments, by rasterizing each box grown by CLEAR − 1 (the grid
 * lines themselves, CLEAR away, stay free): cost in proportion to the cells the boxes cover.
 */
function blockedGrid(xs: readonly number[], ys: readonly number[], boxes: readonly Rect[]) {
  const nx = xs.length;
  const ny = ys.length;
  const point = new Uint8Array(nx * ny);
  const right = new Uint8Array(nx * ny); // segment (i, j) → (i + 1, j)
  const down = new Uint8Array(nx * ny); // segment (i, j) → (i, j + 1)
  const g = CLEAR - 1;
  for (const b of boxes) {
    const x0 = b.x - g;
    const x1 = b.x + b.width + g;
    const y0 = b.y - g;
    const y1 = b.y + b.height + g;
    // Points strictly inside, in x and in y.
    const pi0 = above(xs, x0);
    const pi1 = atLeast(xs, x1) - 1;
    const pj0 = above(ys, y0);
    const pj1 = atLeast(ys, y1) - 1;
    // Horizontal segments [xs[i], xs[i+1]] overlapping (x0, x1): xs[i] < x1 and xs[i+1] > x0.
    const si0 = Math.max(0, above(xs, x0) - 1);
    const si1 = Math.min(nx - 2, atLeast(xs, x1) - 1);
    const sj0 = Math.max(0, above(ys, y0) - 1);
    const sj1 = Math.min(ny - 2, atLeast(ys, y1) - 1);
    for (let j = pj0; j <= pj1; j++) {
      for (let i = pi0; i <= pi1; i++) point[j * nx + i] = 1;
      for (let i = si0; i <= si1; i++) right[j * nx + i] = 1;
    }
    for (let i = pi0; i <= pi1; i++) for (let j = sj0; j <= sj1; j++) down[j * nx + i] = 1;
  }
  return { point, right, down };
}

/** Shortest few-bend orthogonal path from p to q avoiding `boxes`, leaving and arriving downwards. */
export function gridPath(p: Position, q: Position, boxes: readonly Rect[], bounds: Rect): Position[] | undefined {
  const xs = lines([
    p.x,
    q.x,
    bounds.x,
    bounds.x + bounds.width,
    ...boxes.flatMap((b) => [b.x - CLEAR, b.x + b.width + CLEAR]),
  ]);
  const ys = lines([
    p.y,
    q.y,
    bounds.y,
    bounds.y + bounds.height,
    ...boxes.flatMap((b) => [b.y - CLEAR, b.y + b.height + CLEAR]),
  ]);
  const nx = xs.length;
  const ny = ys.length;
  const blocked = blockedGrid(xs, ys, boxes);
  const start = ys.indexOf(Math.round(p.y)) * nx + xs.indexOf(Math.round(p.x));
  const goal = ys.indexOf(Math.round(q.y)) * nx + xs.indexOf(Math.round(q.x));
  blocked.point[start] = 0;
  blocked.point[goal] = 0;
  const n = nx * ny * 4;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n).fill(-1);
  const heap = new Heap();
  dist[start * 4] = 0;
  heap.push(0, start * 4);
  let end = -1;
  let best = Number.POSITIVE_INFINITY;
  while (heap.size) {
    const [cost, state] = heap.pop();
    if (cost > (dist[state] as number) || cost >= best) continue;
    const cell = state >> 2;
    const dir = state & 3;
    if (cell === goal) {
      const total = cost + (dir === 0 ? 0 : BEND);
      if (total < best) {
        best = total;
        end = state;
      }
      continue;
    }
    const i = cell % nx;
    const j = (cell - i) / nx;
    for (let d = 0; d < 4; d++) {
      if ((d === 0 && dir === 1) || (d === 1 && dir === 0) || (d === 2 && dir === 3) || (d === 3 && dir === 2))
        continue;
      const ni = i + (DX[d] as number);
      const nj = j + (DY[d] as number);
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) continue;
      const next = nj * nx + ni;
      if (blocked.point[next]) continue;
      const seg = d === 0 ? cell : d === 1 ? next : d === 2 ? cell : next;
      if ((d < 2 ? blocked.down : blocked.right)[seg]) continue;
      const len = Math.abs((xs[ni] as number) - (xs[i] as number)) + Math.abs((ys[nj] as number) - (ys[j] as number));
      const c = cost + len * (d === 1 ? 1.5 : 1) + (d === dir ? 0 : BEND);
      const s = next * 4 + d;
      if (c < (dist[s] as number)) {
        dist[s] = c;
        from[s] = state;
        heap.push(c, s);
      }
    }
  }
  if (end < 0) return undefined;
  const path: Position[] = [];
  for (let s = end; s >= 0; s = from[s] as number) {
    const cell = s >> 2;
    path.push({ x: xs[cell % nx] as number, y: ys[Math.floor(cell / nx)] as number });
  }
  return path.reverse();
}
