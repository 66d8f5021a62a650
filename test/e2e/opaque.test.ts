/**
 * Opaque layers in a real browser (Debian Chromium, production build): a Keras 2 file with a Lambda
 * and a custom class opens with both kept as opaque nodes; the custom one says "output shape
 * unknown: enter it" on its node until the shape is entered in the inspector; the Keras JSON export
 * then passes its read-back check. Conditions are awaited; no fixed sleeps.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
/** Where a screenshot of this test goes when SKIPWIRE_SHOTS names a folder. */
const SHOTS = process.env.SKIPWIRE_SHOTS;

describe('opaque layers in the editor (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('imports a Lambda and a custom layer, asks for the unknown shape, and exports Keras JSON', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${h.url}?example=apes-block`);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'with_lambda.json',
      mimeType: 'application/json',
      buffer: await readFile('test/fixtures/opaque/keras2_lambda_custom.json'),
    });
    await node(page, 'att').waitFor();
    await page
      .getByText(/kept as opaque layers/)
      .first()
      .waitFor();
    expect(await node(page, 'to_pairs').locator('.sw-node-shape').textContent()).toBe('3×2');
    const message = node(page, 'att').locator('.sw-node-message');
    expect(await message.textContent()).toContain('output shape unknown: enter it');

    await node(page, 'att').click();
    if (SHOTS) {
      await mkdir(SHOTS, { recursive: true });
      const close = page.locator('.sw-notice button, .sw-import-report button');
      for (let i = 0; i < 4 && (await close.count()) > 0; i++) await close.first().click();
      await page.screenshot({ path: `${SHOTS}/opaque-unknown.png` });
    }
    await page.locator('.sw-field[data-param="config"] textarea').waitFor();
    const field = page.locator('.sw-field[data-param="outputShape"]');
    await field.locator('.sw-null-toggle input').uncheck();
    const input = field.locator('input.sw-input');
    await input.fill('3, 2');
    await input.press('Enter');
    await page.waitForFunction(
      () =>
        !document
          .querySelector('.react-flow__node[data-id="att"] .sw-node-message')
          ?.textContent?.includes('output shape unknown'),
    );
    // What remains on the node is why training stops there.
    expect(await message.textContent()).toContain('tfjs cannot run MyAttention');
    expect(await node(page, 'out').locator('.sw-node-shape').textContent()).toBe('2');
    if (SHOTS) {
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/opaque-inspector.png` });
    }

    await page.getByRole('button', { name: 'Export ▾' }).click();
    const download = page.waitForEvent('download');
    await page.locator('[data-export="keras-json"]').click();
    await page.locator('.sw-export-menu [data-fidelity="pass"]').waitFor();
    const json = JSON.parse(await readFile((await (await download).path()) as string, 'utf8'));
    const att = json.config.layers.find((l: { name: string }) => l.name === 'att');
    expect(att.class_name).toBe('MyAttention');
    expect(att.config).toEqual({
      name: 'att',
      trainable: true,
      dtype: 'float32',
      heads: 2,
      keyDim: 4,
      dropout_rate: 0.1,
    });
  });
});
