/**
 * Incremental placement: where new nodes go in a graph the user has already arranged. Nothing
 * here re-lays out the graph; existing nodes keep their positions unless a new node needs their
 * place, and then only the nodes below it move, all by the same amount, so that their
 * arrangement is kept. Pure box geometry (graph coordinates, y grows downwards).
 *
 * - `clearOffset`: a paste keeps its own arrangement and lands over no node, nothing moves.
 * - `freeSpot`: a dropped (or centred) node lands at the nearest free place, nothing moves.
 * - `spliceRoom`: a node inserted below another goes one row under it; the layers it feeds
 *   below it move down a row only when the new node would otherwise overlap them.
 *
 * @example
 * const { position, moves } = spliceRoom(boxes, 'flatten', { width: 210, height: 84 }, below);
 */
import type { Position } from '../compile';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The least free space kept between two boxes. */
export const GAP = 20;
/** The pitch of a chain's rows (the examples' and the palette's). */
const ROW = 120;
/** Space between a box's bottom and the next row's top, for boxes taller than a row. */
const SPACE = 36;

/** True when a and b are at least GAP apart on one axis. */
export const apart = (a: Box, b: Box): boolean =>
  a.x + a.width + GAP <= b.x ||
  b.x + b.width + GAP <= a.x ||
  a.y + a.height + GAP <= b.y ||
  b.y + b.height + GAP <= a.y;

/**
 * The offset at which a group of new boxes (a paste) keeps its own arrangement and overlaps none
 * of the boxes already there — `preferred` when that is free, else the nearest free spot to its
 * right. The existing boxes never move.
 */
export function clearOffset(existing: readonly Box[], group: readonly Box[], preferred: Position): Position {
  const fits = (dx: number) =>
    group.every((g) => existing.every((e) => apart({ ...g, x: g.x + dx, y: g.y + preferred.y }, e)));
  for (let dx = preferred.x; dx < preferred.x + 200 * 40; dx += 20) if (fits(dx)) return { x: dx, y: preferred.y };
  return preferred;
}

/**
 * The free position nearest to `at` (on a 10-unit grid, searched ring by ring) for a box of
 * `size` that overlaps none of `existing`: `at` itself when that is free. The existing boxes
 * never move.
 */
export function freeSpot(existing: readonly Box[], at: Position, size: { width: number; height: number }): Position {
  const free = (p: Position) => existing.every((e) => apart({ ...p, ...size }, e));
  if (free(at)) return at;
  const step = 10;
  for (let ring = 1; ring <= 400; ring++) {
    let best: Position | undefined;
    let bestD = Number.POSITIVE_INFINITY;
    for (let i = -ring; i <= ring; i++)
      for (const [dx, dy] of [
        [i, -ring],
        [i, ring],
        [-ring, i],
        [ring, i],
      ] as const) {
        const p = { x: at.x + dx * step, y: at.y + dy * step };
        const d = dx * dx + dy * dy;
        if (d < bestD && free(p)) {
          best = p;
          bestD = d;
        }
      }
    if (best) return best;
  }
  return at;
}

/**
 * Room for a node of `size` inserted under `anchor` (a palette insert with one node selected).
 * It goes one row below the anchor's box (its measured height included). When it would overlap a
 * node of `downstream` (the layers the anchor feeds, directly or not), every node of `downstream`
 * below the anchor moves down by the same amount — a row, or more for a tall new node — and any
 * other node below the anchor that they would then cover moves with them. When it would overlap
 * another node (a side branch), it moves right instead. Returns the new node's position and the
 * nodes that move; none moves when nothing is in the way.
 */
export function spliceRoom(
  boxes: ReadonlyMap<string, Box>,
  anchor: string,
  size: { width: number; height: number },
  downstream: ReadonlySet<string>,
): { position: Position; moves: Map<string, Position> } {
  const moves = new Map<string, Position>();
  const a = boxes.get(anchor);
  if (!a) return { position: { x: 0, y: 0 }, moves };
  let position = { x: a.x, y: a.y + Math.max(ROW, Math.ceil((a.height + SPACE) / 10) * 10) };
  const fresh = () => ({ ...position, ...size });
  const below = [...boxes].filter(([id, b]) => id !== anchor && b.y > a.y);
  const hit = below.filter(([id, b]) => downstream.has(id) && !apart(fresh(), b));
  if (hit.length) {
    const top = Math.min(...hit.map(([, b]) => b.y));
    const by = Math.max(ROW, Math.ceil((position.y + size.height + GAP - top) / 10) * 10);
    const pushed = new Set(below.filter(([id]) => downstream.has(id)).map(([id]) => id));
    const at = (id: string, b: Box) => (pushed.has(id) ? { ...b, y: b.y + by } : b);
    // Whatever the pushed nodes would now cover below the anchor goes down with them.
    for (let grew = true; grew; ) {
      grew = false;
      for (const [id, b] of below)
        if (
          !pushed.has(id) &&
          below.some(([other, ob]) => pushed.has(other) && !apart(at(other, ob), b) && apart(b, ob))
        ) {
          pushed.add(id);
          grew = true;
        }
    }
    for (const [id, b] of below) if (pushed.has(id)) moves.set(id, { x: b.x, y: b.y + by });
  }
  const final = [...boxes].map(([id, b]) => (moves.has(id) ? { ...b, ...moves.get(id) } : b));
  while (!final.every((b) => apart(fresh(), b))) position = { x: position.x + 10, y: position.y };
  return { position, moves };
}
