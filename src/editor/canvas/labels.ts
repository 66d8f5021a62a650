/**
 * Where each wire's shape label goes: on the wire's route, over no node and over no other label.
 * Pure. Wires that leave one output carry the same tensor: only the first is labelled, close to
 * the output they share. A label that finds no free place is left out (its wire still shows the
 * shape on hover).
 */
import type { Position } from '../../compile';
import { BoxIndex, type Rect, type Routed } from './routing';

export interface LabelRequest {
  readonly id: string;
  readonly text: string;
  /** Wires with the same key (source node and port) share one label. */
  readonly key: string;
}

const HEIGHT = 16;
/** Width of a label's box: the text at about 6.2 px a character (10 px tabular figures) plus padding. */
export const labelWidth = (text: string) => Math.ceil(text.length * 6.2) + 10;
export const LABEL_HEIGHT = HEIGHT;

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Points along the route to try, longest vertical stretches first, each from its middle out. */
function candidates(points: readonly Position[], nearStart: boolean): Position[] {
  const segs: { a: Position; b: Position; len: number; i: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Position;
    const b = points[i] as Position;
    segs.push({ a, b, len: Math.abs(b.x - a.x) + Math.abs(b.y - a.y), i });
  }
  const vertical = (s: (typeof segs)[number]) => (s.a.x === s.b.x ? 1 : 0);
  segs.sort((s, t) => (nearStart ? s.i - t.i : vertical(t) - vertical(s) || t.len - s.len));
  const out: Position[] = [];
  for (const s of segs)
    for (const f of nearStart ? [0.5, 0.25, 0.75] : [0.5, 0.35, 0.65, 0.2, 0.8])
      out.push({ x: s.a.x + (s.b.x - s.a.x) * f, y: s.a.y + (s.b.y - s.a.y) * f });
  return out;
}

/** The centre of each placed label, by wire id. */
export function placeLabels(
  requests: readonly LabelRequest[],
  routes: ReadonlyMap<string, Routed>,
  boxes: readonly Rect[],
): Map<string, Position> {
  const nodes = new BoxIndex(boxes.map((b) => ({ x: b.x - 2, y: b.y - 2, width: b.width + 4, height: b.height + 4 })));
  const fanOut = new Map<string, number>();
  for (const r of requests) fanOut.set(r.key, (fanOut.get(r.key) ?? 0) + 1);
  const placed: Rect[] = [];
  const done = new Set<string>();
  const out = new Map<string, Position>();
  for (const r of requests) {
    if (done.has(r.key)) continue;
    const route = routes.get(r.id);
    if (!route) continue;
    const w = labelWidth(r.text);
    for (const c of candidates(route.points, (fanOut.get(r.key) ?? 0) > 1)) {
      const box = { x: c.x - w / 2, y: c.y - HEIGHT / 2, width: w, height: HEIGHT };
      const corner = { x: box.x + box.width, y: box.y + box.height };
      if ([...nodes.near(box, corner)].some((n) => overlaps(n, box))) continue;
      if (placed.some((p) => overlaps(p, box))) continue;
      placed.push(box);
      out.set(r.id, c);
      done.add(r.key);
      break;
    }
  }
  return out;
}
