/**
 * Training through the editor's own Training panel, for `npm run bench` (bench/browser.ts):
 *
 * - longest_task_ms_training: the longest main-thread task from Start to the end of a short
 *   ApesNet-mini run on shapes-seg.
 * - classic_cnn_sps: the classic CNN example on `digits`, samples per second from the Start click
 *   to the end of epoch 2, and the longest main-thread task of the run.
 */
import type { startHarness } from '../test/e2e/harness';
import { WATCH_LONG_TASKS, waitFor } from './probes';
import { round } from './stats';

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

/**
 * The longest main-thread task from Start to the end of a short run: ApesNet-mini on shapes-seg
 * (16 samples, batch 8, 1 epoch) through the Training panel; the training itself is in the worker.
 */
export async function trainingLongTask(
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
export const CLASSIC_CNN_SAMPLES = { quick: 1000, full: undefined } as const;

/**
 * The classic CNN example (`?example=classic-cnn`) on `digits` through the Training panel: batch
 * 64, SGD 0.01, 2 epochs, the default backend (webgl). Samples/s = 2 × training samples ÷ the
 * time from the Start click to the panel showing epoch 2; the longest main-thread task from Start
 * to the end of the run (and from choosing the data set, its preparation and check included).
 */
export async function classicCnn(
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
