/**
 * Where the canvas looks. `startViewport` is the first view of a graph: the whole graph when it
 * fits at a readable zoom, else the readable zoom from its top-left corner, where the inputs are
 * (a 300-layer model opens at its input, not at its middle). `fitViewport` shows everything.
 * `zoomLevel` names the semantic zoom levels the nodes are drawn at. Pure.
 */
import type { Viewport } from '@xyflow/react';
import type { Rect } from './routing';

/** Below this zoom a node shows only its name and output shape; below `FAR_ZOOM`, a coloured bar. */
export const MID_ZOOM = 0.6;
export const FAR_ZOOM = 0.3;
/** The smallest zoom at which a first view fits a graph (names stay readable at the mid level). */
export const READABLE_ZOOM = 0.35;
const MAX_ZOOM = 1.1;
const PADDING = 0.06;

export type ZoomLevel = 'near' | 'mid' | 'far';
export const zoomLevel = (zoom: number): ZoomLevel => (zoom < FAR_ZOOM ? 'far' : zoom < MID_ZOOM ? 'mid' : 'near');

/** The bounding box of `boxes` (an empty box at 0,0 when there are none). */
export function boundsOf(boxes: Iterable<Rect>): Rect {
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 0, height: 0 };
}

/** The zoom that shows all of `b` in a `width` × `height` pane with a margin, at most `max`. */
export function fitZoom(b: Rect, width: number, height: number, max = MAX_ZOOM): number {
  const pw = width * (1 - 2 * PADDING);
  const ph = height * (1 - 2 * PADDING);
  return Math.min(max, pw / Math.max(b.width, 1), ph / Math.max(b.height, 1));
}

/** Everything in view, centred. */
export function fitViewport(b: Rect, width: number, height: number): Viewport {
  const zoom = fitZoom(b, width, height);
  return { zoom, x: width / 2 - (b.x + b.width / 2) * zoom, y: height / 2 - (b.y + b.height / 2) * zoom };
}

/** The first view of a graph: fitted when readable, else readable from its top-left corner. */
export function startViewport(b: Rect, width: number, height: number): Viewport {
  const zoom = fitZoom(b, width, height);
  if (zoom >= READABLE_ZOOM) return fitViewport(b, width, height);
  const margin = Math.min(width, height) * PADDING;
  const x =
    b.width * READABLE_ZOOM <= width - 2 * margin
      ? width / 2 - (b.x + b.width / 2) * READABLE_ZOOM
      : margin - b.x * READABLE_ZOOM;
  return { zoom: READABLE_ZOOM, x, y: margin - b.y * READABLE_ZOOM };
}
