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
import { CLEAR, gridPath, type Rect } from './gridRoute';

export { CLEAR, type Rect } from './gridRoute';

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

const around = (ps: readonly Position[], pad: number): Rect => {
  const xs = ps.map((p) => p.x);
  const ys = ps.map((p) => p.y);
  const x = Math.min(...xs) - pad;
  const y = Math.min(...ys) - pad;
  return { x, y, width: Math.max(...xs) + pad - x, height: Math.max(...ys) + pad - y };
};

const meets = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Candidate x of a vertical channel between the columns of `from` and `to`: beside the boxes there. */
function channels(from: Position, to: Position, index: BoxIndex): number[] {
  const lo = Math.min(from.x, to.x);
  const hi = Math.max(from.x, to.x);
  const out: number[] = [];
  for (const b of index.near({ x: lo, y: Math.min(from.y, to.y) }, { x: hi, y: Math.max(from.y, to.y) })) {
    if (b.x + b.width + CLEAR > lo && b.x + b.width + CLEAR < hi) out.push(b.x + b.width + CLEAR);
    if (b.x - CLEAR > lo && b.x - CLEAR < hi) out.push(b.x - CLEAR);
  }
  return [...new Set(out)].sort((a, b) => Math.abs(a - (lo + hi) / 2) - Math.abs(b - (lo + hi) / 2)).slice(0, 6);
}

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
  if (to.y - from.y < 2 * CLEAR) {
    // Into a node level with or above the source (a wrapped column): down, across a channel, up
    // above the target, across, down.
    const below = from.y + CLEAR;
    const over = to.y - CLEAR;
    for (const x of [Math.round((from.x + to.x) / 2), ...channels(from, to, index)])
      direct.push([from, { x: from.x, y: below }, { x, y: below }, { x, y: over }, { x: to.x, y: over }, to]);
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

/** The routes of one drawing, and the boxes they were made for. */
export interface RouteState {
  readonly routes: ReadonlyMap<string, Routed>;
  readonly boxes: ReadonlyMap<string, Rect>;
}

const sameRect = (a: Rect | undefined, b: Rect) =>
  a !== undefined && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * Routes every wire: reusing the previous route where its ends did not move and no box moved onto
 * it (only the boxes that changed are checked: the route was clear of the others), else the
 * `preferred` route (the last auto-layout's) when its ends match and it is clear, else a new one.
 */
export function routeWires(
  wires: readonly Wire[],
  boxes: ReadonlyMap<string, Rect>,
  prev: RouteState | undefined,
  preferred: ReadonlyMap<string, readonly Position[]>,
): RouteState {
  let all: BoxIndex | undefined;
  const index = () => {
    all ??= new BoxIndex([...boxes.values()]);
    return all;
  };
  const changed: Rect[] = [];
  for (const [id, b] of boxes) if (!sameRect(prev?.boxes.get(id), b)) changed.push(b);
  const changedIndex = new BoxIndex(changed);
  const out = new Map<string, Routed>();
  for (const w of wires) {
    const old = prev?.routes.get(w.id);
    if (
      old &&
      same(old.from, w.from) &&
      same(old.to, w.to) &&
      (changed.length === 0 || isClear(old.points, changedIndex))
    ) {
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
      if (isClear(fixed, index())) {
        out.set(w.id, { from: w.from, to: w.to, points: fixed });
        continue;
      }
    }
    out.set(w.id, { from: w.from, to: w.to, points: routeWire(w.from, w.to, index()) });
  }
  return { routes: out, boxes };
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
