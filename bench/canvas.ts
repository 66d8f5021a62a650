/**
 * Canvas figures for `npm run bench` (browser part): a ~300-layer MobileNetV2-style model (built
 * with real tfjs, test/e2e/mobilenet.ts) imported through Import… in Chromium, production build.
 *
 * - import_layout_ms_300: file chosen → every node drawn and every wire routed (reading and
 *   converting the model, elkjs' layout in its worker, the first drawing), one run.
 * - drag_fps_300_fit: frames per second while a node is dragged with the whole model in view
 *   (after Fit: all ~300 nodes and their wires drawn), median of the drags.
 * - longest_task_ms_300_after_layout: the longest main-thread task from the end of the first
 *   layout to the end of the drags (Fit included).
 * The load average goes with the figures: on a shared machine it says how fair they are.
 * `npx tsx bench/canvasRun.ts [--quick]` measures these alone. Page code is kept in strings (tsx would wrap functions in a helper the page does not have).
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import type { Harness } from '../test/e2e/harness';
import { mobileNetV2Like } from '../test/e2e/mobilenet';
import { FIT } from './probes';
import { median, round } from './stats';

type Figure<T> = T | { skipped: string };

export interface CanvasFigures {
  import_layout_ms_300: Figure<number>;
  drag_fps_300_fit: Figure<number>;
  longest_task_ms_300_after_layout: Figure<number>;
  canvas_300: Figure<{
    layers: number;
    wires: number;
    zoom_at_fit: number;
    fps_samples: number[];
    long_tasks: number;
    /** The 1-minute load average (os.loadavg) before the import and after the drags. */
    load_average: [number, number];
  }>;
}

export const skippedCanvasFigures = (reason: string): CanvasFigures => ({
  import_layout_ms_300: { skipped: reason },
  drag_fps_300_fit: { skipped: reason },
  longest_task_ms_300_after_layout: { skipped: reason },
  canvas_300: { skipped: reason },
});

export type DragFps = (
  page: Page,
  reps: number,
) => Promise<{ fps: number[]; longest: number; longTasks: number[]; rendered: number }>;

async function until(page: Page, expression: string, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${expression}`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => r()))');
  }
}

const WATCH_TASKS = `(() => {
  window.__swCanvasTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__swCanvasTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
})()`;

export async function canvasFigures(h: Harness, quick: boolean, dragFps: DragFps): Promise<CanvasFigures> {
  const model = mobileNetV2Like(tf, 2);
  const layers = model.layers.length;
  const json = model.toJSON(null, true) as string;
  const { context, page } = await h.browser({ width: 1400, height: 900 });
  const loadBefore = loadavg()[0] as number;
  try {
    await page.goto(`${h.url}?example=apes-block`);
    await until(page, "document.querySelectorAll('.react-flow__node').length === 3");
    await page.evaluate(WATCH_TASKS);
    const start = await page.evaluate<number>('performance.now()');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'mobilenet_v2_300.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    await until(
      page,
      `document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '${layers}' && document.querySelectorAll('.react-flow__edge path[data-routed="true"]').length > 0 && [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].every((p) => p.dataset.routed === 'true')`,
    );
    const laidOut = await page.evaluate<number>('performance.now()');
    await page.locator(FIT).click();
    await until(page, `document.querySelectorAll('.react-flow__node').length === ${layers}`);
    const zoom = await page.evaluate<number>(
      "Number(/scale\\(([\\d.]+)\\)/.exec(document.querySelector('.react-flow__viewport').style.transform)?.[1])",
    );
    const wires = await page.locator('.react-flow__edge').count();
    const d = await dragFps(page, quick ? 3 : 5);
    const tasks = await page.evaluate<[number, number][]>('window.__swCanvasTasks');
    const after = tasks.filter(([t]) => t >= laidOut).map(([, dur]) => dur);
    return {
      import_layout_ms_300: round(laidOut - start, 0),
      drag_fps_300_fit: round(median(d.fps), 1),
      longest_task_ms_300_after_layout: round(Math.max(0, ...after), 1),
      canvas_300: {
        layers,
        wires,
        zoom_at_fit: round(zoom, 3),
        fps_samples: d.fps.map((f) => round(f, 1)),
        long_tasks: after.length,
        load_average: [round(loadBefore, 2), round(loadavg()[0] as number, 2)],
      },
    };
  } finally {
    await context.close();
  }
}
