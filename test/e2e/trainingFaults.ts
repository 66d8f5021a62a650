/**
 * What the training-fault tests of reliability.test.ts share: a spirals page on WebGL with the
 * current training worker, a long run started, the fault awaited, and the checks that training
 * and editing work again afterwards.
 */
import type { Page, Worker } from 'playwright-core';
import { expect } from 'vitest';
import type { Harness } from './harness';

const nodeCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);

/** The page, and the current training worker (a fresh one replaces a crashed one). */
export async function trainingPage(h: Harness) {
  const { page } = await h.browser();
  let worker: Worker | undefined;
  page.on('worker', (w) => {
    if (w.url().includes('/worker')) worker = w;
  });
  await page.goto(`${h.url}?example=spirals`);
  await page.waitForSelector('.react-flow__node');
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.locator('[data-testid="training-panel"]').waitFor();
  // The automatic choice trains this small model on wasm; these faults are about WebGL.
  await page.getByRole('combobox', { name: 'Backend' }).selectOption('webgl');
  const epochs = page.locator('[data-setting="epochs"] input');
  await epochs.fill('500');
  await epochs.press('Enter');
  const current = () => {
    if (!worker) throw new Error('no training worker yet');
    return worker;
  };
  return { page, current };
}

/** Starts a long run and waits until a few batches have been trained. */
export async function startRun(page: Page): Promise<void> {
  await page.locator('[data-testid="train-start"]').click();
  await page.waitForFunction(
    () => /batch ([3-9]|\d\d)/.test(document.querySelector('[data-testid="train-progress"]')?.textContent ?? ''),
    null,
    { timeout: 2 * 60_000 },
  );
}

/** Waits for the fault of `kind` at the panel and returns its text. */
export async function faultShown(page: Page, kind: string): Promise<string> {
  const fault = page.locator(`[data-testid="train-fault"][data-kind="${kind}"]`);
  await fault.waitFor({ timeout: 60_000 });
  await page.locator('[data-testid="training-panel"][data-phase="idle"]').waitFor();
  return (await fault.textContent()) ?? '';
}

export const tensors = async (page: Page) =>
  Number(await page.locator('[data-testid="train-tensors"]').getAttribute('data-count'));
export const tensorsAre = (page: Page, n: number) =>
  page.waitForFunction(
    (want) => document.querySelector('[data-testid="train-tensors"]')?.getAttribute('data-count') === String(want),
    n,
  );

/** A short run to the end: training works again. */
export async function trainsAgain(page: Page): Promise<void> {
  const epochs = page.locator('[data-setting="epochs"] input');
  await epochs.fill('1');
  await epochs.press('Enter');
  await page.locator('[data-testid="train-start"]').click();
  const finished = await page
    .waitForFunction(
      () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 1 epoch'),
      null,
      { timeout: 2 * 60_000 },
    )
    .then(
      () => true,
      () => false,
    );
  // When the run does not finish, say where it stands (the panel's text) instead of a bare timeout.
  if (!finished) {
    const panel = await page.locator('[data-testid="training-panel"]').textContent();
    throw new Error(`the second run did not finish within 2 minutes; the Training panel reads: ${panel}`);
  }
  expect(await page.locator('[data-testid="train-fault"]').count()).toBe(0);
  expect(await page.locator('[data-testid="train-backend"]').textContent()).toBe('webgl');
}

/** The editor still edits: a layer added from the palette appears, and Ctrl+Z takes it away. */
export async function editorWorks(page: Page): Promise<void> {
  const before = await page.locator('.react-flow__node').count();
  await page.locator('[data-layer-type="dense"]').first().dblclick();
  await nodeCount(page, before + 1);
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await nodeCount(page, before);
}
