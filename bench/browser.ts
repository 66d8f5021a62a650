/**
 * Browser figures for `npm run bench`: the production build served by Vite's preview server and
 * driven in Debian Chromium through the e2e harness (test/e2e/harness.ts). Every figure is a
 * median of repetitions or a size; nothing here asserts a time.
 *
 * - first_render_ms: navigation start → the canvas shows ≥ 20 nodes (ApesNet, first visit, a fresh
 *   profile per load), from a MutationObserver installed before the page's scripts run.
 * - js_gzip_kb_before_tfjs: the scripts a first visit loads (until the network is idle), each
 *   gzipped with node:zlib (level 9), summed; a script holding tfjs kernels is reported too.
 * - drag_fps_300: requestAnimationFrame callbacks per second while a node of a 300-node graph
 *   (residualChain(300), opened through a share link) is dragged by a scripted mouse; the long
 *   tasks (PerformanceObserver 'longtask', > 50 ms) seen during the drags are counted.
 * - longest_task_ms_training: the longest main-thread task from Start to the end of a short
 *   ApesNet-mini run on shapes-seg through the Training panel (one run).
 * - classic_cnn_sps: the classic CNN example on `digits` through the Training panel, samples per
 *   second from the Start click to the end of epoch 2, and the longest main-thread task of the run.
 * - backends, train_ratio_webgl: on the training bench page (bench/training.ts, bench/train/).
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { encodeShareHash } from '../src/editor/model/share';
import { startHarness } from '../test/e2e/harness';
import { type CanvasFigures, canvasFigures, skippedCanvasFigures } from './canvas';
import { residualChain } from './graphs';
import { median, round } from './stats';
import { type BackendsFigure, backendFigures, type RatioFigures, serveBenchPage, trainRatioWebgl } from './training';

export interface BrowserOptions {
  readonly quick: boolean;
  readonly log: (s: string) => void;
}

type Figure<T> = T | { skipped: string };

export interface BrowserFigures extends CanvasFigures {
  first_render_ms: Figure<number>;
  first_render_samples_ms: number[];
  js_gzip_kb_before_tfjs: Figure<number>;
  js_before_tfjs: Figure<{ scripts: { url: string; gzip_kb: number; tfjs: boolean }[]; tfjs_loaded: boolean }>;
  drag_fps_300: Figure<number>;
  drag_300: Figure<{
    fps_samples: number[];
    longest_frame_ms: number;
    long_tasks: number;
    longest_task_ms: number;
    nodes_rendered: number;
  }>;
  longest_task_ms_training: Figure<number>;
  training_run: Figure<{ backend: string; samples: number; batch: number; epochs: number; wall_s: number }>;
  /** Per model (apesnet_mini, spirals): samples/s per backend, the default choice, the fastest. */
  backends: Figure<BackendsFigure>;
  classic_cnn_sps: Figure<number>;
  classic_cnn_longest_task_ms: Figure<number>;
  classic_cnn_run: Figure<ClassicCnnRun>;
  /** Samples/s of the compiled ApesNet-mini ÷ the hand-written one, webgl (≥ 1: as fast). */
  train_ratio_webgl: Figure<number>;
  train_ratio_webgl_run: Figure<Omit<RatioFigures, 'ratio'>>;
}

export interface ClassicCnnRun {
  readonly dataset: string;
  /** Samples in the data set, and those trained on (the rest validate). */
  readonly samples: number;
  readonly train_samples: number;
  /** 2 × train_samples: what classic_cnn_sps divides by the time from Start to the end of epoch 2. */
  readonly measured_samples: number;
  readonly batch: number;
  readonly optimizer: string;
  readonly learning_rate: number;
  readonly epochs: number;
  readonly backend: string;
  /** Start click → the panel shows epoch 2 (worker start, tfjs, backend, data, both epochs). */
  readonly start_to_epoch2_s: number;
  /** The trainer's own figure at the end (training steps only: no start-up, no validation). */
  readonly trainer_sps: number | undefined;
  /** Main-thread tasks over 50 ms (the longtask API's threshold) from Start to the end. */
  readonly long_tasks: number;
  /** The longest main-thread task from choosing the data set (its check included) to the end. */
  readonly longest_task_ms_from_data_choice: number;
}

const trainingSkipped = (reason: string) => ({
  backends: { skipped: reason },
  classic_cnn_sps: { skipped: reason },
  classic_cnn_longest_task_ms: { skipped: reason },
  classic_cnn_run: { skipped: reason },
  train_ratio_webgl: { skipped: reason },
  train_ratio_webgl_run: { skipped: reason },
});

/** Every browser key, each marked skipped with `reason` (for --no-browser or a failed start). */
export function skippedBrowserFigures(reason: string): BrowserFigures {
  return {
    first_render_ms: { skipped: reason },
    first_render_samples_ms: [],
    js_gzip_kb_before_tfjs: { skipped: reason },
    js_before_tfjs: { skipped: reason },
    drag_fps_300: { skipped: reason },
    drag_300: { skipped: reason },
    longest_task_ms_training: { skipped: reason },
    training_run: { skipped: reason },
    ...trainingSkipped(reason),
    ...skippedCanvasFigures(reason),
  };
}

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
const WATCH_LONG_TASKS = `(() => {
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

/** A string that only tfjs-core's kernel registry puts in a bundle. */
const TFJS_MARKER = 'Conv2DBackpropFilter';

/** Polls `expression` in the page until it is truthy (waitForFunction would eval it, which the CSP forbids). */
async function waitFor(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e));

async function firstRenders(
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
 * The longest main-thread task from Start to the end of a short run: ApesNet-mini on shapes-seg
 * (16 samples, batch 8, 1 epoch) through the Training panel; the training itself is in the worker.
 */
async function trainingLongTask(
  h: Awaited<ReturnType<typeof startHarness>>,
): Promise<{ longest: number; backend: string; wall_s: number }> {
  const { context, page } = await h.browser();
  try {
    await page.addInitScript(WATCH_LONG_TASKS);
    await page.goto(`${h.url}?example=apesnet-mini`);
    await waitFor(page, "document.querySelector('.react-flow__node')");
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.locator('[data-testid="training-panel"]').waitFor();
    await page.locator('[data-testid="train-dataset"]').selectOption('shapes-seg');
    for (const [key, value] of [
      ['samples', '16'],
      ['batchSize', '8'],
      ['epochs', '1'],
    ] as const) {
      const input = page.locator(`[data-setting="${key}"] input`);
      await input.fill(value);
      await input.press('Enter');
    }
    await waitFor(
      page,
      `document.querySelector('[data-testid="train-check-status"]')?.textContent?.includes('16 samples of 32×32×3')`,
    );
    const t0 = await page.evaluate<number>('performance.now()');
    const wall = Date.now();
    await page.locator('[data-testid="train-start"]').click();
    await waitFor(page, `document.querySelector('[data-testid="train-epoch"]')?.textContent === '1'`, 240_000);
    await page.locator('[data-testid="training-panel"][data-phase="idle"]').waitFor({ timeout: 60_000 });
    const wall_s = (Date.now() - wall) / 1000;
    const backend = (await page.locator('[data-testid="train-backend"]').textContent()) ?? '?';
    const longest = await page.evaluate<number>(
      `Math.max(0, ...window.__swLong.filter(([s]) => s >= ${t0}).map(([, d]) => d))`,
    );
    return { longest, backend, wall_s };
  } finally {
    await context.close();
  }
}

/**
 * Installed before any page script: stamps the Start click and the moment the panel shows epoch 2
 * (page time, ms).
 */
const WATCH_CLASSIC_CNN = `(() => {
  window.__swCnn = {};
  document.addEventListener('click', (e) => {
    if (window.__swCnn.start === undefined && e.target instanceof Element && e.target.closest('[data-testid="train-start"]'))
      window.__swCnn.start = performance.now();
  }, true);
  new MutationObserver(() => {
    if (window.__swCnn.start === undefined || window.__swCnn.epoch2 !== undefined) return;
    if (document.querySelector('[data-testid="train-epoch"]')?.textContent === '2') window.__swCnn.epoch2 = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
})();`;

/**
 * The classic CNN's settings, typed into the Training panel as a user would. A quick run makes
 * 1000 digits (800 to train) instead of the set's default 2000: about 50–70 samples/s on SwiftShader.
 */
const CLASSIC_CNN = { dataset: 'digits', batch: 64, optimizer: 'sgd', learningRate: 0.01, epochs: 2 } as const;
const CLASSIC_CNN_SAMPLES = { quick: 1000, full: undefined } as const;

/**
 * The classic CNN example (`?example=classic-cnn`) on `digits` through the Training panel: batch
 * 64, SGD 0.01, 2 epochs, the default backend (webgl). Samples/s = 2 × training samples ÷ the
 * time from the Start click to the panel showing epoch 2; the longest main-thread task from Start
 * to the end of the run (and from choosing the data set, its preparation and check included).
 */
async function classicCnn(
  h: Awaited<ReturnType<typeof startHarness>>,
  samplesWanted: number | undefined,
): Promise<{ sps: number; longest: number; run: ClassicCnnRun }> {
  const { context, page } = await h.browser();
  try {
    await page.addInitScript(WATCH_LONG_TASKS);
    await page.addInitScript(WATCH_CLASSIC_CNN);
    await page.goto(`${h.url}?example=classic-cnn`);
    await waitFor(page, "document.querySelector('.react-flow__node')");
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.locator('[data-testid="training-panel"]').waitFor();
    const chosen = await page.evaluate<number>('performance.now()');
    await page.locator('[data-testid="train-dataset"]').selectOption(CLASSIC_CNN.dataset);
    await page.locator('[data-setting="optimizer"] select').selectOption(CLASSIC_CNN.optimizer);
    for (const [key, value] of [
      ['learningRate', CLASSIC_CNN.learningRate],
      ['batchSize', CLASSIC_CNN.batch],
      ['epochs', CLASSIC_CNN.epochs],
      ...(samplesWanted === undefined ? [] : ([['samples', samplesWanted]] as const)),
    ] as const) {
      const input = page.locator(`[data-setting="${key}"] input`);
      await input.fill(String(value));
      await input.press('Enter');
    }
    // The data check of the final settings: ready, on 28×28×1 digits, no check pending.
    const status = `document.querySelector('[data-testid="train-check-status"]')`;
    await waitFor(
      page,
      `${status}?.textContent?.includes('Ready to train') && ${status}.textContent.includes('of 28×28×1') && !document.querySelector('[aria-busy="true"]') && !document.querySelector('[data-testid="train-start"]').disabled`,
      120_000,
    );
    const text = (await page.locator('[data-testid="train-check-status"]').textContent()) ?? '';
    const samples = Number(/([\d,]+) samples? of/.exec(text)?.[1]?.replaceAll(',', ''));
    const train = Number(/([\d,]+) to train/.exec(text)?.[1]?.replaceAll(',', ''));
    if (!(samples > 0 && train > 0)) throw new Error(`cannot read the sample counts from "${text}"`);
    await page.locator('[data-testid="train-start"]').click();
    await waitFor(page, 'window.__swCnn.epoch2 !== undefined', 240_000);
    await page.locator('[data-testid="training-panel"][data-phase="idle"]').waitFor({ timeout: 60_000 });
    const { start, epoch2 } = await page.evaluate<{ start: number; epoch2: number }>('window.__swCnn');
    const tasksSince = (t: number) =>
      page.evaluate<number[]>(`window.__swLong.filter(([s]) => s >= ${t}).map(([, d]) => d)`);
    const tasks = await tasksSince(start);
    const longest = Math.max(0, ...tasks);
    const fromChoice = Math.max(0, ...(await tasksSince(chosen)));
    const backend = (await page.locator('[data-testid="train-backend"]').textContent()) ?? '?';
    const progress = (await page.locator('[data-testid="train-progress"]').textContent()) ?? '';
    const trainerSps = /([\d.]+) samples\/s/.exec(progress)?.[1];
    const seconds = (epoch2 - start) / 1000;
    return {
      sps: (2 * train) / seconds,
      longest,
      run: {
        dataset: CLASSIC_CNN.dataset,
        samples,
        train_samples: train,
        measured_samples: 2 * train,
        batch: CLASSIC_CNN.batch,
        optimizer: CLASSIC_CNN.optimizer,
        learning_rate: CLASSIC_CNN.learningRate,
        epochs: CLASSIC_CNN.epochs,
        backend,
        start_to_epoch2_s: round(seconds, 2),
        trainer_sps: trainerSps === undefined ? undefined : Number(trainerSps),
        long_tasks: tasks.length,
        longest_task_ms_from_data_choice: round(fromChoice, 1),
      },
    };
  } finally {
    await context.close();
  }
}

/**
 * ApesNet-mini trains at about half a sample per second on SwiftShader: a few samples per `fit`,
 * interleaved repetitions (plus one untimed fit of each model first).
 */
const RATIO_RUN = {
  quick: { samples: 1, batch: 1, reps: 7 },
  full: { samples: 4, batch: 4, reps: 7 },
} as const;

export async function browserFigures({ quick, log }: BrowserOptions): Promise<BrowserFigures> {
  const t0 = Date.now();
  const h = await startHarness();
  log(`browser: built and serving in ${round((Date.now() - t0) / 1000, 1)} s`);
  const out: BrowserFigures = {
    first_render_ms: { skipped: 'not measured' },
    first_render_samples_ms: [],
    js_gzip_kb_before_tfjs: { skipped: 'not measured' },
    js_before_tfjs: { skipped: 'not measured' },
    drag_fps_300: { skipped: 'not measured' },
    drag_300: { skipped: 'not measured' },
    longest_task_ms_training: { skipped: 'not measured' },
    training_run: { skipped: 'not measured' },
    ...trainingSkipped('not measured'),
    ...skippedCanvasFigures('not measured'),
  };
  try {
    try {
      const { times, scripts } = await firstRenders(h, quick ? 3 : 7);
      out.first_render_samples_ms = times.map((t) => round(t, 1));
      out.first_render_ms = round(median(times), 1);
      log(`first render (ApesNet, ≥ 20 nodes): ${out.first_render_ms} ms (median of ${times.length} cold loads)`);
      const before = scripts.filter((s) => !s.tfjs);
      const kb = before.reduce((a, s) => a + s.gzip_kb, 0);
      out.js_gzip_kb_before_tfjs = round(kb, 1);
      out.js_before_tfjs = {
        scripts: scripts.map((s) => ({ ...s, gzip_kb: round(s.gzip_kb, 1) })),
        tfjs_loaded: scripts.some((s) => s.tfjs),
      };
      log(
        `JS before tfjs: ${out.js_gzip_kb_before_tfjs} KB gzip in ${before.length} script(s)` +
          (scripts.some((s) => s.tfjs) ? ' (a first visit also loads tfjs!)' : ''),
      );
    } catch (e) {
      out.first_render_ms = { skipped: `failed: ${errorText(e)}` };
      out.js_gzip_kb_before_tfjs = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      const { context, page } = await h.browser();
      try {
        await page.goto(`${h.url}${encodeShareHash(residualChain(300))}`);
        // Graphs over 100 nodes render only the nodes in view (React Flow's
        // onlyRenderVisibleElements), about 10 here: wait for some, not for 20.
        await waitFor(page, "document.querySelectorAll('.react-flow__node').length >= 5");
        // Let the initial fit and autosave settle before measuring.
        await page.waitForTimeout(1000);
        const d = await dragFps(page, quick ? 3 : 5);
        out.drag_fps_300 = round(median(d.fps), 1);
        out.drag_300 = {
          fps_samples: d.fps.map((f) => round(f, 1)),
          longest_frame_ms: round(d.longest, 1),
          long_tasks: d.longTasks.length,
          longest_task_ms: round(Math.max(0, ...d.longTasks), 1),
          nodes_rendered: d.rendered,
        };
        log(`drag on a 300-node graph: ${out.drag_fps_300} fps (median of ${d.fps.length} drags of ~2 s)`);
      } finally {
        await context.close();
      }
    } catch (e) {
      out.drag_fps_300 = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      Object.assign(out, await canvasFigures(h, quick, dragFps));
      log(
        `import + layout of a ${JSON.stringify(out.canvas_300)} model: ${out.import_layout_ms_300} ms; drag with all in view: ${out.drag_fps_300_fit} fps; longest task after the layout: ${out.longest_task_ms_300_after_layout} ms`,
      );
    } catch (e) {
      Object.assign(out, skippedCanvasFigures(`failed: ${errorText(e)}`));
    }
    try {
      const t = await trainingLongTask(h);
      out.longest_task_ms_training = round(t.longest, 1);
      out.training_run = { backend: t.backend, samples: 16, batch: 8, epochs: 1, wall_s: round(t.wall_s, 1) };
      log(
        `training (ApesNet-mini, shapes-seg, ${t.backend}): longest main-thread task ${out.longest_task_ms_training} ms`,
      );
    } catch (e) {
      out.longest_task_ms_training = { skipped: `failed: ${errorText(e)}` };
      out.training_run = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      const c = await classicCnn(h, CLASSIC_CNN_SAMPLES[quick ? 'quick' : 'full']);
      out.classic_cnn_sps = round(c.sps, 1);
      out.classic_cnn_longest_task_ms = round(c.longest, 1);
      out.classic_cnn_run = c.run;
      log(
        `classic CNN (${c.run.dataset}, ${c.run.train_samples} training samples, batch ${c.run.batch}, ${c.run.backend}): ${out.classic_cnn_sps} samples/s from Start to the end of epoch 2 (${c.run.start_to_epoch2_s} s); longest main-thread task ${out.classic_cnn_longest_task_ms} ms`,
      );
    } catch (e) {
      Object.assign(out, {
        classic_cnn_sps: { skipped: `failed: ${errorText(e)}` },
        classic_cnn_longest_task_ms: { skipped: `failed: ${errorText(e)}` },
        classic_cnn_run: { skipped: `failed: ${errorText(e)}` },
      });
    }
    let bench: Awaited<ReturnType<typeof serveBenchPage>> | undefined;
    try {
      const t1 = Date.now();
      bench = await serveBenchPage();
      log(`training bench page: built and serving in ${round((Date.now() - t1) / 1000, 1)} s`);
    } catch (e) {
      const reason = `the training bench page did not build: ${errorText(e)}`;
      log(reason);
      out.backends = { skipped: reason };
      out.train_ratio_webgl = { skipped: reason };
      out.train_ratio_webgl_run = { skipped: reason };
    }
    if (bench) {
      try {
        try {
          out.backends = await backendFigures(h, bench, { quick }, log);
        } catch (e) {
          out.backends = { skipped: `failed: ${errorText(e)}` };
        }
        try {
          const { ratio, ...run } = await trainRatioWebgl(h, bench, RATIO_RUN[quick ? 'quick' : 'full'], log);
          out.train_ratio_webgl = ratio;
          out.train_ratio_webgl_run = run;
        } catch (e) {
          out.train_ratio_webgl = { skipped: `failed: ${errorText(e)}` };
          out.train_ratio_webgl_run = { skipped: `failed: ${errorText(e)}` };
        }
      } finally {
        await bench.close();
      }
    }
  } finally {
    await h.close();
  }
  log(`browser figures took ${round((Date.now() - t0) / 1000, 1)} s`);
  return out;
}
