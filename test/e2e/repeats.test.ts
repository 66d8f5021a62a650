/**
 * Repeated blocks found on import, in a real browser: a MobileNetV2-style model (152 layers, made
 * with tfjs) picked with Import…, the import report's offer ("Group 16 repeated blocks": ten inverted
 * residuals and six without shortcut, with the blocks' layers), one click that puts the sixteen
 * instances on the canvas with the same parameter count, and one Ctrl+Z that brings the flat model
 * and the offer back. Conditions are awaited; there are no fixed sleeps.
 *
 * `SKIPWIRE_SCREENSHOTS=1` also writes docs/screenshot-repeats-offer.png and
 * docs/screenshot-repeats-grouped.png.
 */
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';
import { mobileNetV2Like } from './mobilenet';

const h = fileHarness();

const nodeCount = (page: Page, n: number, timeout = 150_000) =>
  page.waitForFunction(
    (want) => document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === String(want),
    n,
    { timeout },
  );

const params = (page: Page) => page.locator('.sw-status [data-total-params]').textContent();

async function shot(page: Page, name: string): Promise<void> {
  if (!process.env.SKIPWIRE_SCREENSHOTS) return;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 400))));
  await page.screenshot({ path: `docs/screenshot-${name}.png` });
}

describe('repeated blocks found on import (Chromium)', { timeout: 5 * 60_000 }, () => {
  it('offers the MobileNetV2 blocks (with and without shortcut), groups them in one click, undoes in one Ctrl+Z', async () => {
    const { page } = await h.browser({ width: 1400, height: 900 });
    await page.goto(`${h.url}?example=apes-block`);
    await page.locator('.react-flow__node').first().waitFor();
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'mobilenet_v2.json',
      mimeType: 'application/json',
      buffer: Buffer.from(mobileNetV2Like(tf).toJSON(null, true) as string),
    });
    await nodeCount(page, 152);
    const offer = page.getByRole('region', { name: 'Repeated blocks' });
    await offer.waitFor();
    const offered = await offer.textContent();
    expect(offered).toContain(
      '10 × inverted residual (Conv2D → BatchNormalization → ReLU → DepthwiseConv2D → … → Add)',
    );
    expect(offered).toContain('6 × inverted residual without shortcut (Conv2D → BatchNormalization → ReLU →');
    const flatParams = await params(page);
    await shot(page, 'repeats-offer');

    await page.getByRole('button', { name: 'Group 16 repeated blocks' }).click();
    // 152 layers − 10 × 9 − 6 × 8 grouped + 16 instances.
    await nodeCount(page, 30);
    await page.locator('.react-flow__node[data-id="block_1"]').waitFor();
    await page.locator('.react-flow__node[data-id="block_2"]').waitFor();
    await page.locator('.react-flow__node[data-id="block_15"]').waitFor();
    expect(await params(page)).toBe(flatParams);
    await offer.waitFor({ state: 'detached' });
    await page.getByText(/^Grouped 16 repeated blocks into 2 definitions/).waitFor();
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await page.locator('.react-flow__node[data-id="block_2"]').click();
    await shot(page, 'repeats-grouped');

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await nodeCount(page, 152, 30_000);
    expect(await page.locator('.react-flow__node[data-id="block_2"]').count()).toBe(0);
    expect(await params(page)).toBe(flatParams);
    // The flat model is back, and so is the offer.
    await page.getByRole('button', { name: 'Group 16 repeated blocks' }).waitFor();
  });
});
