/**
 * Page probes for the browser figures of `npm run bench` (bench/browser.ts): scripts installed
 * before a page's own (first render, long tasks, frames), polling helpers, and the first-render
 * and drag measurements of the editor. Page code is kept in strings, because tsx (esbuild
 * keepNames) would wrap functions in a `__name` helper the page does not have.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { startHarness } from '../test/e2e/harness';

/**
 * Installed before any page script: records when the canvas first shows ≥ 20 nodes. Page code is
 * kept in strings, because tsx (esbuild keepNames) would wrap functions in a `__name` helper the
 * page does not have.
 */
const WATCH_FIRST_RENDER = `(() => {
  const observer = new MutationObserver(() => {
    if (window.__swFirstRender === undefined && document.querySelectorAll('.react-flow__node').length >= 20) {
      window.__swFirstRender = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** Installed before any page script: every main-thread long task (> 50 ms) with its start. */
export const WATCH_LONG_TASKS = `(() => {
  window.__swLong = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__swLong.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
})();`;

/** The rendered node nearest (cx, cy): where to grab it. */
const NEAREST_NODE = (cx: number, cy: number) => `(() => {
  let best;
  for (const el of document.querySelectorAll('.react-flow__node')) {
    const b = el.getBoundingClientRect();
    if (b.width === 0) continue;
    const x = b.left + b.width / 2;
    const y = b.top + Math.min(b.height / 2, 10);
    const d = (x - ${cx}) ** 2 + (y - ${cy}) ** 2;
    if (!best || d < best.d) best = { x, y, d };
  }
  return best;
})()`;

/** Starts counting requestAnimationFrame callbacks. */
const START_FRAMES = `(() => {
  window.__swFrames = [];
  window.__swLongTasks = [];
  window.__swObserver?.disconnect();
  window.__swObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__swLongTasks.push(e.duration);
  });
  window.__swObserver.observe({ type: 'longtask' });
  window.__swCounting = true;
  const tick = (t) => {
    window.__swFrames.push(t);
    if (window.__swCounting) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP_FRAMES = `(() => {
  window.__swCounting = false;
  for (const e of window.__swObserver.takeRecords()) window.__swLongTasks.push(e.duration);
  window.__swObserver.disconnect();
  return { frames: window.__swFrames, tasks: window.__swLongTasks };
})()`;

/**
 * A string only tfjs-core puts in a bundle (one of its error messages). Not a kernel name: the
 * layer catalogue, which the first page loads, names the gradient kernels each layer needs.
 */
const TFJS_MARKER = 'Tensor is disposed';

/** Polls `expression` in the page until it is truthy (waitForFunction would eval it, which the CSP forbids). */
export async function waitFor(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

export async function firstRenders(
  h: Awaited<ReturnType<typeof startHarness>>,
  loads: number,
): Promise<{ times: number[]; scripts: { url: string; gzip_kb: number; tfjs: boolean }[] }> {
  const times: number[] = [];
  let scripts: { url: string; gzip_kb: number; tfjs: boolean }[] = [];
  for (let i = 0; i < loads; i++) {
    const { context, page } = await h.browser();
    try {
      await page.addInitScript(WATCH_FIRST_RENDER);
      const bodies: Promise<{ url: string; gzip_kb: number; tfjs: boolean }>[] = [];
      if (i === 0) {
        page.on('response', (r) => {
          if (r.request().resourceType() !== 'script') return;
          bodies.push(
            r.body().then((b) => ({
              url: new URL(r.url()).pathname,
              gzip_kb: gzipSync(b, { level: 9 }).length / 1024,
              tfjs: b.includes(TFJS_MARKER),
            })),
          );
        });
      }
      await page.goto(h.url);
      await waitFor(page, 'window.__swFirstRender !== undefined');
      times.push(await page.evaluate<number>('window.__swFirstRender'));
      if (i === 0) {
        await page.waitForLoadState('networkidle');
        scripts = await Promise.all(bodies);
      }
    } finally {
      await context.close();
    }
  }
  return { times, scripts };
}

export async function dragFps(
  page: Page,
  reps: number,
): Promise<{ fps: number[]; longest: number; longTasks: number[]; rendered: number }> {
  const view = page.viewportSize() ?? { width: 1440, height: 900 };
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!pane) throw new Error('no canvas pane');
  const cx = pane.x + pane.width / 2;
  const cy = pane.y + pane.height / 2;
  const fps: number[] = [];
  let longest = 0;
  const longTasks: number[] = [];
  for (let r = 0; r < reps; r++) {
    // The rendered node nearest the middle of the canvas (it moves with each drag, so re-find it).
    const target = await page.evaluate<{ x: number; y: number } | undefined>(NEAREST_NODE(cx, cy));
    if (!target) throw new Error('no node to drag');
    await page.mouse.move(target.x, target.y);
    await page.mouse.down();
    await page.evaluate(START_FRAMES);
    // A ~2 s scripted drag: a loop of small moves, as a hand would make them.
    const t0 = Date.now();
    let k = 0;
    while (Date.now() - t0 < 2000) {
      k += 1;
      const dx = 120 * Math.sin(k / 10);
      const dy = 60 * Math.sin(k / 7);
      await page.mouse.move(
        Math.min(view.width - 5, Math.max(5, target.x + dx)),
        Math.min(view.height - 5, Math.max(5, target.y + dy)),
      );
    }
    const { frames, tasks } = await page.evaluate<{ frames: number[]; tasks: number[] }>(STOP_FRAMES);
    longTasks.push(...tasks);
    await page.mouse.up();
    const first = frames[0] ?? 0;
    const last = frames[frames.length - 1] ?? 0;
    if (frames.length < 2 || last <= first) throw new Error('no frames were drawn during the drag');
    fps.push(((frames.length - 1) * 1000) / (last - first));
    for (let i = 1; i < frames.length; i++)
      longest = Math.max(longest, (frames[i] as number) - (frames[i - 1] as number));
  }
  const rendered = await page.locator('.react-flow__node').count();
  return { fps, longest, longTasks, rendered };
}

/**
 * The toolbar's Fit button, by a CSS selector: a role query (`getByRole('button', { name })`)
 * computes the accessible name of every button in the page, inside the page, and with a 302-layer
 * model drawn (a button per node name) that is a 75 ms task the canvas figures would count.
 */
export const FIT = 'button[title="Fit the view (F)"]';
