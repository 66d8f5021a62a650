/**
 * Training in a real browser (Debian Chromium through playwright-core, production build): ApesNet-
 * mini learns shapes-seg on WebGL in the worker while the page stays responsive. Software WebGL
 * (SwiftShader) is slow on this net (about 0.6 samples/s at batch 8 on 2 cores), so the runs are
 * tiny. Conditions are awaited; there are no fixed sleeps.
 *
 * `SKIPWIRE_SCREENSHOTS=1` also writes docs/screenshot-training.png from a longer run.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

const MINUTE = 60_000;

/** Chromium's WebGPU behind its flag; here it gives a SwiftShader (software) adapter. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan'];

/** Records every main-thread long task (over 50 ms) from the first script on. */
async function watchLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: { start: number; duration: number }[] };
    w.longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The longest main-thread task since `since` (page time, ms). */
const longestTaskSince = (page: Page, since: number) =>
  page.evaluate(
    (t) =>
      Math.max(
        0,
        ...(window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks
          .filter((e) => e.start >= t)
          .map((e) => e.duration),
      ),
    since,
  );

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Traces the page's main thread (Chrome's trace through CDP) until the returned function is
 * called; that gives its longest task in CPU time (`tdur`, the thread's own time), which a loaded
 * machine does not stretch as it stretches wall time, and in wall time.
 */
async function traceMainThread(page: Page): Promise<() => Promise<{ cpuMs: number; wallMs: number; tasks: number }>> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'disabled-by-default-devtools.timeline', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  return async () => {
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    const main = new Set(
      events
        .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
        .map((e) => `${e.pid}:${e.tid}`),
    );
    const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`));
    return {
      cpuMs: Math.max(0, ...tasks.map((e) => e.tdur ?? 0)) / 1000,
      wallMs: Math.max(0, ...tasks.map((e) => e.dur ?? 0)) / 1000,
      tasks: tasks.length,
    };
  };
}

async function openTraining(page: Page): Promise<void> {
  await page.goto(`${h.url}?example=apesnet-mini`);
  await page.waitForSelector('.react-flow__node');
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.locator('[data-testid="training-panel"]').waitFor();
}

/** Types a value into a settings field and commits it with Enter. */
async function setField(page: Page, key: string, value: string): Promise<void> {
  const input = page.locator(`[data-setting="${key}"] input`);
  await input.fill(value);
  await input.press('Enter');
}

async function configure(page: Page, o: { samples: number; batch: number; epochs: number }): Promise<void> {
  await page.locator('[data-testid="train-dataset"]').selectOption('shapes-seg');
  await setField(page, 'samples', String(o.samples));
  await setField(page, 'batchSize', String(o.batch));
  await setField(page, 'epochs', String(o.epochs));
  await page.waitForFunction(
    (n) =>
      document.querySelector('[data-testid="train-check-status"]')?.textContent?.includes(`${n} samples of 32×32×3`),
    o.samples,
  );
}

/** Waits until the run is over and the panel has the worker's tensor count after it. */
const idle = (page: Page) => page.locator('[data-testid="training-panel"][data-phase="idle"]').waitFor();

const text = async (page: Page, id: string) => (await page.locator(`[data-testid="${id}"]`).textContent()) ?? '';

/** Waits until the worker's tensor count has been refreshed to `n`. */
const tensorsAre = (page: Page, n: number) =>
  page.waitForFunction(
    (want) => document.querySelector('[data-testid="train-tensors"]')?.getAttribute('data-count') === String(want),
    n,
  );

/** Per canvas under `selector`: drawn (opaque) pixels and distinct colours. */
const canvasStats = (page: Page, selector: string) =>
  page.$$eval(selector, (canvases) =>
    (canvases as HTMLCanvasElement[]).map((c) => {
      const d = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? new Uint8ClampedArray();
      const colours = new Set<number>();
      let opaque = 0;
      for (let i = 0; i < d.length; i += 4) {
        if ((d[i + 3] as number) > 0) opaque++;
        colours.add(((d[i] as number) << 16) | ((d[i + 1] as number) << 8) | (d[i + 2] as number));
      }
      return { opaque, colours: colours.size, pixels: d.length / 4 };
    }),
  );

describe('training (Chromium, WebGL in a worker)', () => {
  it(
    'trains ApesNet-mini on shapes-seg on wasm (chosen automatically over software WebGL): epoch, loss, charts, masks; Stop and Reset release the tensors',
    async () => {
      const { page } = await h.browser();
      await watchLongTasks(page);
      await openTraining(page);
      await configure(page, { samples: 16, batch: 8, epochs: 1 });

      const t0 = await page.evaluate(() => performance.now());
      const wall = Date.now();
      const traced = await traceMainThread(page);
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="train-backend"]')?.textContent === 'wasm');
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-epoch"]')?.textContent === '1',
        null,
        {
          timeout: 4 * MINUTE,
        },
      );
      const loss = Number(await text(page, 'train-loss'));
      expect(Number.isFinite(loss) && loss > 0).toBe(true);
      await page.locator('[data-testid="train-done"]').waitFor({ timeout: 2 * MINUTE });
      const seconds = (Date.now() - wall) / 1000;
      const longest = await longestTaskSince(page, t0);
      const main = await traced();
      const progress = await text(page, 'train-progress');
      console.log(
        `training: first run ${seconds.toFixed(1)} s (${progress}); longest main-thread task ${longest} ms (observer), ` +
          `${main.wallMs.toFixed(0)} ms wall / ${main.cpuMs.toFixed(0)} ms CPU (trace, ${main.tasks} tasks)`,
      );
      // The page never froze while the worker trained: no main-thread task took a second of the
      // thread's own time. (Alone the longest is 0–190 ms. Wall time is no measure on a loaded
      // machine: with three suites on 2 cores a 190 ms task lasted 1.5 s.)
      expect(main.tasks).toBeGreaterThan(0);
      expect(main.cpuMs).toBeLessThan(1000);
      // The observer does see long tasks: a 150 ms busy loop on the page is recorded.
      await page.evaluate(() => {
        const end = performance.now() + 150;
        while (performance.now() < end);
      });
      await page.waitForFunction(() =>
        (window as unknown as { longTasks: { duration: number }[] }).longTasks.some((e) => e.duration >= 150),
      );

      // The charts: loss, and accuracy, drawn by uPlot.
      await page.locator('[data-testid="train-chart-loss"] canvas').waitFor();
      await page.locator('[data-testid="train-chart-metric"] canvas').waitFor();
      for (const chart of await canvasStats(page, '.sw-train-chart canvas')) expect(chart.opaque).toBeGreaterThan(100);

      // The segmentation preview: input, truth and prediction masks, drawn.
      await page.locator('[data-testid="train-preview-segmentation"] canvas').first().waitFor();
      const masks = await canvasStats(page, '[data-testid="train-preview-segmentation"] canvas');
      expect(masks).toHaveLength(9); // 3 validation samples × input, truth, prediction
      for (const m of masks) expect(m.opaque).toBe(m.pixels);
      const inputs = masks.slice(0, 3);
      for (const m of inputs) expect(m.colours).toBeGreaterThan(50); // textured, noisy images
      const truths = masks.slice(3, 6);
      for (const m of truths) expect(m.colours).toBeGreaterThan(1); // background and at least one shape

      // Between runs the worker keeps the trained model (its weights) and nothing else.
      await idle(page);
      const kept = Number(await page.locator('[data-testid="train-tensors"]').getAttribute('data-count'));
      expect(kept).toBeGreaterThan(0);

      // A second run from the trained weights (shaders compiled), stopped after its first batch.
      await setField(page, 'epochs', '3');
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(
        () => /batch [1-9]/.test(document.querySelector('[data-testid="train-progress"]')?.textContent ?? ''),
        null,
        { timeout: 2 * MINUTE },
      );
      console.log(`training: second run, first batch: ${await text(page, 'train-progress')}`);
      await page.locator('[data-testid="train-stop"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Stopped'),
        null,
        { timeout: 2 * MINUTE },
      );
      await idle(page);
      expect(Number(await page.locator('[data-testid="train-tensors"]').getAttribute('data-count'))).toBe(kept);

      // Reset weights: the model is released too, back to no tensors at all.
      await page.locator('[data-testid="train-reset"]').click();
      await tensorsAre(page, 0);

      // tfjs never loaded on the page: none of its scripts has tfjs-core's environment flags.
      const scripts = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.endsWith('.js')),
      );
      expect(scripts.length).toBeGreaterThan(0);
      for (const url of scripts) expect(await (await fetch(url)).text()).not.toContain('IS_BROWSER');
    },
    10 * MINUTE,
  );

  it(
    'trains the classic CNN on the built-in digits, picked automatically for the example, on wasm (WebGL here is SwiftShader)',
    async () => {
      const { page } = await h.browser();
      await page.goto(`${h.url}?example=classic-cnn`);
      await page.waitForSelector('.react-flow__node');
      await page.getByRole('tab', { name: 'Training' }).click();
      await page.locator('[data-testid="training-panel"]').waitFor();
      // The example's own settings: digits, SGD 0.01, batch 64.
      expect(await page.locator('[data-testid="train-dataset"]').inputValue()).toBe('digits');
      expect(await page.locator('[data-setting="batchSize"] input').inputValue()).toBe('64');
      await setField(page, 'samples', '160');
      await setField(page, 'epochs', '1');
      await page.waitForFunction(() =>
        document
          .querySelector('[data-testid="train-check-status"]')
          ?.textContent?.includes('160 samples of 28×28×1 · classification · 10 classes'),
      );
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 1 epoch'),
        null,
        { timeout: 4 * MINUTE },
      );
      // A conv net and a software-rendered GPU: the automatic choice is wasm, and says why.
      expect(await text(page, 'train-backend')).toBe('wasm');
      expect(await text(page, 'train-backend-why')).toBe(
        ' · chosen automatically: convolutions train fastest on wasm: WebGL here is drawn in software (SwiftShader)',
      );
      const matrix = page.locator('[data-testid="train-preview-confusion"] table');
      await matrix.waitFor();
      expect(await matrix.locator('tbody tr').count()).toBe(10);
    },
    6 * MINUTE,
  );

  it(
    'trains spirals and the classic CNN on WebGPU when Chromium gives an adapter (--enable-unsafe-webgpu), else skips saying why',
    async (ctx) => {
      const { page } = await h.browser(undefined, undefined, WEBGPU_ARGS);
      const runs = [
        { example: 'spirals', fields: { epochs: '2' }, done: 'Finished after 2 epochs' },
        { example: 'classic-cnn', fields: { samples: '64', epochs: '1' }, done: 'Finished after 1 epoch' },
      ];
      for (const run of runs) {
        await page.goto(`${h.url}?example=${run.example}`);
        await page.waitForSelector('.react-flow__node');
        await page.getByRole('tab', { name: 'Training' }).click();
        await page.locator('[data-testid="training-panel"]').waitFor();
        await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgpu');
        for (const [key, value] of Object.entries(run.fields)) await setField(page, key, value);
        await page.waitForFunction(() => {
          const start = document.querySelector<HTMLButtonElement>('[data-testid="train-start"]');
          return start && !start.disabled && !document.querySelector('[aria-busy="true"]');
        });
        await page.locator('[data-testid="train-start"]').click();
        await page.waitForFunction(
          () => (document.querySelector('[data-testid="train-backend"]')?.textContent ?? '—') !== '—',
          null,
          { timeout: 2 * MINUTE },
        );
        const used = await text(page, 'train-backend');
        if (used !== 'webgpu') {
          const passed = await page.getByRole('list', { name: 'Backends passed over' }).textContent();
          const why = `no WebGPU training here (Chromium flags: ${WEBGPU_ARGS.join(' ')}): ${run.example} trained on ${used}; passed over: ${passed}`;
          console.log(why);
          await idle(page);
          ctx.skip(why);
          return;
        }
        await page.waitForFunction(
          (done) => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith(done),
          run.done,
          { timeout: 3 * MINUTE },
        );
        const loss = Number(await text(page, 'train-loss'));
        expect(Number.isFinite(loss) && loss > 0).toBe(true);
        console.log(`webgpu: ${run.example} ${run.done} (${await text(page, 'train-progress')}), loss ${loss}`);
        await idle(page);
      }
    },
    8 * MINUTE,
  );

  it.runIf(process.env.SKIPWIRE_SCREENSHOTS)(
    'writes docs/screenshot-training.png from a longer run',
    async () => {
      const { page } = await h.browser({ width: 1440, height: 900 });
      await openTraining(page);
      await configure(page, { samples: 48, batch: 8, epochs: 4 });
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-epoch"]')?.textContent === '4',
        null,
        {
          timeout: 15 * MINUTE,
        },
      );
      await idle(page);
      await page.locator('[data-testid="train-preview-segmentation"] canvas').first().waitFor();
      for (const close of await page.locator('.sw-notice button').all()) await close.click();
      // Show the run: the side panel scrolled to its Training section.
      await page.getByRole('heading', { name: 'Training' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: 'docs/screenshot-training.png' });
    },
    20 * MINUTE,
  );
});
