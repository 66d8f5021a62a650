/**
 * What a model costs, in Chromium (production build): the Summary's MACs and activation columns
 * with their totals, the status bar, the node-footer toggle, and the Training panel's batch
 * warning for ApesNet at batch 64 with its one-click fix. Conditions are awaited; no sleeps.
 *
 * `SKIPWIRE_SCREENSHOTS=1` also writes docs/screenshot-cost.png.
 */
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

describe('model cost (Chromium)', () => {
  it('shows MACs and activations in the Summary, the status bar and the node footers', async () => {
    const { page } = await h.browser({ width: 1600, height: 900 });
    await page.goto(`${h.url}?example=apesnet`);
    await page.waitForSelector('.react-flow__node[data-id="conv_block1_conv"]');
    expect(await page.locator('.sw-status [data-total-macs]').textContent()).toBe('11.3 G MACs');

    await page.getByRole('tab', { name: 'Summary' }).click();
    const row = page.locator('.sw-summary-table tr[data-path="conv_block1_conv"]');
    await expect.poll(() => row.textContent()).toContain('406 M');
    expect(await row.locator('td').nth(4).getAttribute('title')).toBe('406,425,600 multiply-accumulates');
    expect(await row.textContent()).toContain('10.5 MB');
    expect(await page.locator('.sw-summary-totals [data-total-macs]').textContent()).toBe('11.3 G MACs');
    const headers = await page.locator('.sw-summary-table th').allTextContents();
    expect(headers).toEqual(['Layer', 'Type', 'Output shape', 'Params', 'MACs', 'Activations', 'Connected to']);

    const foot = page.locator('.react-flow__node[data-id="conv_block1_conv"] .sw-node-params');
    expect(await foot.textContent()).toBe('2,368 params');
    await page.getByRole('button', { name: 'MACs', exact: true }).click();
    await expect.poll(() => foot.textContent()).toBe('406 M MACs');
    // A block instance sums its layers: two BatchNorms, a 1×1 and a 7×7 convolution at 45×60×64.
    const block = page.locator('.react-flow__node[data-id="apes_block1"] .sw-node-params');
    expect(await block.textContent()).toBe('553 M MACs');
    await page.getByRole('button', { name: 'Activations', exact: true }).click();
    await expect.poll(() => foot.textContent()).toBe('10.5 MB');
    if (process.env.SKIPWIRE_SCREENSHOTS === '1') {
      await page.getByRole('button', { name: 'MACs', exact: true }).click();
      await page.locator('.sw-summary-table tr[data-path="conv_block2_conv"]').click();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 400))));
      await page.screenshot({ path: 'docs/screenshot-cost.png' });
    }
    await page.getByRole('button', { name: 'Params', exact: true }).click();
    await expect.poll(() => foot.textContent()).toBe('2,368 params');
  }, 120_000);

  it('warns that ApesNet at batch 64 will not fit, and offers the largest batch that does', async () => {
    const { page } = await h.browser();
    await page.goto(`${h.url}?example=apesnet`);
    await page.waitForSelector('.react-flow__node');
    await page.getByRole('tab', { name: 'Training' }).click();
    const input = page.locator('[data-setting="batchSize"] input');
    await input.fill('64');
    await input.press('Enter');
    const warning = page.locator('[data-testid="batch-warning"]');
    await warning.waitFor();
    expect(await warning.textContent()).toMatch(
      /A batch of 64 needs about [\d.]+ GB: it will not fit in the 2 GB budget/,
    );
    const fix = warning.getByRole('button', { name: /Use batch size \d+/ });
    const largest = Number((await fix.textContent())?.match(/\d+/)?.[0]);
    expect(largest).toBeGreaterThanOrEqual(1);
    expect(largest).toBeLessThan(64);
    await fix.click();
    await page.locator('[data-testid="batch-memory"]').waitFor();
    expect(await input.inputValue()).toBe(String(largest));
    expect(await warning.count()).toBe(0);
  }, 120_000);
});
