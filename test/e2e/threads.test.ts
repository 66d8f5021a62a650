/**
 * Multithreaded wasm in the editor, as a person gets it: the production build (minified) served
 * by `vite preview` with vite.config.ts's COOP/COEP headers is cross-origin isolated, the Backend
 * menu offers "WebAssembly, multithreaded", and a run on it trains the classic CNN in the training
 * worker with 2 threads in XNNPACK's pool, as the panel reports them from tfjs (`getThreadsCount`).
 * Fails when the threads silently fall back to 1 (tfjs's half-the-cores cap) or cannot start (a
 * minified factory). Whether the second thread shares the work is measured, not tested
 * (bench/threadsCpu.ts, BENCHMARKS.md).
 * Conditions are awaited; there are no fixed sleeps.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();
const MINUTE = 60_000;

const text = async (page: Page, id: string) => (await page.locator(`[data-testid="${id}"]`).textContent()) ?? '';

async function setField(page: Page, key: string, value: string): Promise<void> {
  const input = page.locator(`[data-setting="${key}"] input`);
  await input.fill(value);
  await input.press('Enter');
}

describe('multithreaded wasm in the editor (production build, cross-origin isolated)', () => {
  it(
    'is offered where the page is isolated, and the classic CNN trains on it with tfjs reporting 2 threads',
    async () => {
      const { page } = await h.browser();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${h.url}?example=classic-cnn`);
      await page.waitForSelector('.react-flow__node');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.getByRole('tab', { name: 'Training' }).click();
      await page.locator('[data-testid="training-panel"]').waitFor();
      await page.getByRole('combobox', { name: 'Backend' }).selectOption('wasm-threads');
      await setField(page, 'samples', '64');
      await setField(page, 'epochs', '1');
      await page.waitForFunction(() => {
        const start = document.querySelector<HTMLButtonElement>('[data-testid="train-start"]');
        return start && !start.disabled && !document.querySelector('[aria-busy="true"]');
      });
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 1 epoch'),
        null,
        { timeout: 4 * MINUTE },
      );
      expect(await text(page, 'train-backend')).toBe('wasm');
      expect(await text(page, 'train-backend-why')).toBe(' · multithreaded: 2 threads');
      expect(errors.filter((e) => /is not defined|pthread|worker/i.test(e))).toEqual([]);
    },
    6 * MINUTE,
  );
});
