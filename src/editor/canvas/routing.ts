/**
 * Wire routing around node boxes. Pure geometry, no React: every wire leaves its output port
 * downwards and enters its input port from above, and between them runs as an orthogonal polyline
 * that never passes through a node it does not connect (nor the two it does).
 *
 * A wire keeps its route while its ends stay put and nothing moved onto it; else it takes the
 * route the last auto-layout gave it (elkjs' bend points) when that one still fits; else the
 * direct shapes (straight, one dog-leg) when clear; else a shortest path with few bends on the
 * sparse grid of lines that run `CLEAR` away from the boxes nearby (Dijkstra, bends cost extra).
 */
import type { Position } from '../../compile';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Wire {
  readonly id: string;
  readonly from: Position;
  readonly to: Position;
}

export interface Routed {
  readonly from: Position;
  readonly to: Position;
  readonly points: readonly Position[];
}

/** How far a wire keeps from a box it passes. */
export const CLEAR = 14;
const BEND = 36;
const PAD = 260;
const CELL = 256;

/** Boxes bucketed on a coarse grid, to find those near a segment quickly. */
export class BoxIndex {
  private readonly cells = new Map<string, Rect[]>();
  constructor(readonly boxes: readonly Rect[]) {
    for (const b of boxes)
      for (let i = Math.floor(b.x / CELL); i <= Math.floor((b.x + b.width) / CELL); i++)
        for (let j = Math.floor(b.y / CELL); j <= Math.floor((b.y + b.height) / CELL); j++) {
          const key = `${i},${j}`;
          const list = this.cells.get(key);
          if (list) list.push(b);
          else this.cells.set(key, [b]);
        }
  }
  /** The boxes whose cells meet the rectangle spanned by a and b. */
  near(a: Position, b: Position): Set<Rect> {
    const out = new Set<Rect>();
    for (let i = Math.floor(Math.min(a.x, b.x) / CELL); i <= Math.floor(Math.max(a.x, b.x) / CELL); i++)
      for (let j = Math.floor(Math.min(a.y, b.y) / CELL); j <= Math.floor(Math.max(a.y, b.y) / CELL); j++)
        for (const r of this.cells.get(`${i},${j}`) ?? []) out.add(r);
    return out;
  }
}

/** True when segment a→b passes through the open inside of `r` grown by `grow` (Liang–Barsky). */
export function segmentHits(a: Position, b: Position, r: Rect, grow = 0): boolean {
  const x0 = r.x - grow;
  const x1 = r.x + r.width + grow;
  const y0 = r.y - grow;
  const y1 = r.y + r.height + grow;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q > 0;
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
    return true;
  };
  const eps = 1e-6;
  if (
    !clip(-dx, a.x - x0 - eps) ||
    !clip(dx, x1 - a.x - eps) ||
    !clip(-dy, a.y - y0 - eps) ||
    !clip(dy, y1 - a.y - eps)
  )
    return false;
  return t1 - t0 > eps;
}

/** True when the polyline passes through no box (the wire's own ends touch its boxes' borders only). */
export function isClear(points: readonly Position[], index: BoxIndex, grow = 0): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Position;
    const b = points[i] as Position;
    for (const r of index.near(a, b)) if (segmentHits(a, b, r, grow)) return false;
  }
  return true;
}

/** Drops repeated and collinear middle points. */
export function simplify(points: readonly Position[]): Position[] {
  const out: Position[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const prev = out[out.length - 2];
    if (prev && last && ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y))) out.pop();
    out.push(p);
  }
  return out;
}

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

/** Shortest few-bend orthogonal path from p to q avoiding `boxes`, leaving and arriving downwards. */
function gridPath(p: Position, q: Position, boxes: readonly Rect[], bounds: Rect): Position[] | undefined {
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
  const inside = (x: number, y: number) =>
    boxes.some(
      (b) =>
        x > b.x - CLEAR + 1 && x < b.x + b.width + CLEAR - 1 && y > b.y - CLEAR + 1 && y < b.y + b.height + CLEAR - 1,
    );
  const free = new Uint8Array(nx * ny);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++) free[j * nx + i] = inside(xs[i] as number, ys[j] as number) ? 0 : 1;
  const start = ys.indexOf(Math.round(p.y)) * nx + xs.indexOf(Math.round(p.x));
  const goal = ys.indexOf(Math.round(q.y)) * nx + xs.indexOf(Math.round(q.x));
  free[start] = 1;
  free[goal] = 1;
  const n = nx * ny * 4;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const from = new Int32Array(n).fill(-1);
  const heap = new Heap();
  dist[start * 4] = 0;
  heap.push(0, start * 4);
  let end = -1;
  while (heap.size) {
    const [cost, state] = heap.pop();
    if (cost > (dist[state] as number)) continue;
    const cell = state >> 2;
    const dir = state & 3;
    if (cell === goal) {
      const total = cost + (dir === 0 ? 0 : BEND);
      if (end < 0 || total < (dist[end] as number) + ((end & 3) === 0 ? 0 : BEND)) end = state;
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
      if (!free[next]) continue;
      const mx = ((xs[i] as number) + (xs[ni] as number)) / 2;
      const my = ((ys[j] as number) + (ys[nj] as number)) / 2;
      if (inside(mx, my)) continue;
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

const around = (ps: readonly Position[], pad: number): Rect => {
  const xs = ps.map((p) => p.x);
  const ys = ps.map((p) => p.y);
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad;
  return { x, y, width: Math.max(...xs) + pad - x, height: Math.max(...ys) + pad - y };
};

const meets = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A route for one wire that passes through no box of `index`. */
export function routeWire(from: Position, to: Position, index: BoxIndex): Position[] {
  const direct: Position[][] = [];
  if (from.x === to.x && to.y > from.y) direct.push([from, to]);
  if (to.y - from.y >= 2 * CLEAR) {
    const mid = Math.round((from.y + to.y) / 2);
    direct.push([from, { x: from.x, y: mid }, { x: to.x, y: mid }, to]);
    direct.push([from, { x: from.x, y: to.y - CLEAR }, { x: to.x, y: to.y - CLEAR }, to]);
    direct.push([from, { x: from.x, y: from.y + CLEAR }, { x: to.x, y: from.y + CLEAR }, to]);
  }
  for (const d of direct) if (isClear(d, index)) return simplify(d);
  const p = { x: from.x, y: from.y + CLEAR };
  const q = { x: to.x, y: to.y - CLEAR };
  for (const pad of [PAD, 4 * PAD]) {
    const region = around([p, q], pad);
    const boxes = index.boxes.filter((b) => meets(b, region));
    const all = around([p, q, ...boxes.flatMap((b) => [b, { x: b.x + b.width, y: b.y + b.height }])], 3 * CLEAR);
    const path = gridPath(p, q, boxes, all);
    if (path) return simplify([from, ...path, to]);
  }
  return simplify(direct[1] ?? [from, { x: from.x, y: from.y + CLEAR }, { x: to.x, y: from.y + CLEAR }, to]);
}

const same = (a: Position, b: Position) => a.x === b.x && a.y === b.y;
const near = (a: Position, b: Position) => Math.abs(a.x - b.x) <= 2 && Math.abs(a.y - b.y) <= 2;

/**
 * Routes every wire: reusing `prev` where its ends did not move and it is still clear, else the
 * `preferred` route (the last auto-layout's) when its ends match and it is clear, else a new one.
 */
export function routeWires(
  wires: readonly Wire[],
  boxes: readonly Rect[],
  prev: ReadonlyMap<string, Routed>,
  preferred: ReadonlyMap<string, readonly Position[]>,
): Map<string, Routed> {
  const index = new BoxIndex(boxes);
  const out = new Map<string, Routed>();
  for (const w of wires) {
    const old = prev.get(w.id);
    if (old && same(old.from, w.from) && same(old.to, w.to) && isClear(old.points, index)) {
      out.set(w.id, old);
      continue;
    }
    const elk = preferred.get(w.id);
    if (elk && elk.length >= 2 && near(elk[0] as Position, w.from) && near(elk[elk.length - 1] as Position, w.to)) {
      const points = simplify([w.from, ...elk.slice(1, -1), w.to]);
      // ELK's first and last segments are vertical: keep them so when the ends moved a pixel or two.
      const fixed = points.map((pt, i) =>
        i === 1 && Math.abs(pt.x - w.from.x) <= 2
          ? { ...pt, x: w.from.x }
          : i === points.length - 2 && Math.abs(pt.x - w.to.x) <= 2
            ? { ...pt, x: w.to.x }
            : pt,
      );
      if (isClear(fixed, index)) {
        out.set(w.id, { from: w.from, to: w.to, points: fixed });
        continue;
      }
    }
    out.set(w.id, { from: w.from, to: w.to, points: routeWire(w.from, w.to, index) });
  }
  return out;
}

/** SVG path of an orthogonal polyline with rounded corners. */
export function roundedPath(points: readonly Position[], radius = 8): string {
  const first = points[0];
  if (!first) return '';
  let d = `M${first.x},${first.y}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i] as Position;
    const next = points[i + 1];
    if (!next) {
      d += ` L${p.x},${p.y}`;
      break;
    }
    const prev = points[i - 1] as Position;
    const r = Math.min(radius, Math.hypot(p.x - prev.x, p.y - prev.y) / 2, Math.hypot(next.x - p.x, next.y - p.y) / 2);
    const inX = p.x - Math.sign(p.x - prev.x) * r;
    const inY = p.y - Math.sign(p.y - prev.y) * r;
    const outX = p.x + Math.sign(next.x - p.x) * r;
    const outY = p.y + Math.sign(next.y - p.y) * r;
    d += ` L${inX},${inY} Q${p.x},${p.y} ${outX},${outY}`;
  }
  return d;
}
