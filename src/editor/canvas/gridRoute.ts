/**
 * The search behind a wire's route when no simple shape fits: a shortest path with few bends on
 * the sparse orthogonal grid of lines that run CLEAR away from the boxes (plus the centre line of
 * every wide gap), by A* over (grid point, direction) with a cost per bend; the estimate is the
 * Manhattan distance left, which no step's cost undercuts, so the path is as short as Dijkstra's
 * and far fewer states are opened. The grid's blocked points and segments come from rasterizing
 * the boxes. Pure.
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

/** Binary min-heap of (key, state) pairs in two growing typed arrays: no allocation per push. */
class Heap {
  private keys = new Float64Array(256);
  private states = new Int32Array(256);
  size = 0;
  /** The state of the last `pop`, and its key. */
  state = 0;
  key = 0;
  push(key: number, state: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const states = new Int32Array(this.size * 2);
      states.set(this.states);
      this.states = states;
    }
    const k = this.keys;
    const st = this.states;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((k[p] as number) <= key) break;
      k[i] = k[p] as number;
      st[i] = st[p] as number;
      i = p;
    }
    k[i] = key;
    st[i] = state;
  }
  /** Removes the smallest pair into `key` and `state`. */
  pop(): void {
    const k = this.keys;
    const st = this.states;
    this.key = k[0] as number;
    this.state = st[0] as number;
    const n = --this.size;
    if (n === 0) return;
    const key = k[n] as number;
    const state = st[n] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && (k[r] as number) < (k[l] as number) ? r : l;
      if ((k[m] as number) >= key) break;
      k[i] = k[m] as number;
      st[i] = st[m] as number;
      i = m;
    }
    k[i] = key;
    st[i] = state;
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

/**
 * Shortest few-bend orthogonal path from p to q avoiding `boxes`, leaving and arriving downwards.
 * `estimate: false` searches without the A* estimate (plain Dijkstra: same cost, more states).
 */
export function gridPath(
  p: Position,
  q: Position,
  boxes: readonly Rect[],
  bounds: Rect,
  estimate = true,
): Position[] | undefined {
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
  const qx = xs[goal % nx] as number;
  const qy = ys[Math.floor(goal / nx)] as number;
  // The cost still to come is at least the Manhattan distance (moves cost their length or more).
  const rest = (cell: number) =>
    !estimate ? 0 : Math.abs((xs[cell % nx] as number) - qx) + Math.abs((ys[Math.floor(cell / nx)] as number) - qy);
  dist[start * 4] = 0;
  heap.push(rest(start), start * 4);
  let end = -1;
  let best = Number.POSITIVE_INFINITY;
  while (heap.size) {
    heap.pop();
    const state = heap.state;
    const cell = state >> 2;
    const i = cell % nx;
    const j = (cell - i) / nx;
    const h = estimate ? Math.abs((xs[i] as number) - qx) + Math.abs((ys[j] as number) - qy) : 0;
    // Popped in order of cost so far + estimate: nothing left can beat the best arrival.
    if (heap.key >= best) break;
    const cost = dist[state] as number;
    if (heap.key > cost + h + 1e-6) continue; // a stale entry
    const dir = state & 3;
    if (cell === goal) {
      const total = cost + (dir === 0 ? 0 : BEND);
      if (total < best) {
        best = total;
        end = state;
      }
      continue;
    }
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
        heap.push(c + rest(next), s);
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
