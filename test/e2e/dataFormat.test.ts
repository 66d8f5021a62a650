/**
 * The data format param in a real browser: a real Keras 1 "th" model (Theano ordering) imports with
 * its convolutions channels-first, the inspector shows the layout as a select, switching it is one
 * undo step and the shapes follow. Conditions are awaited; there are no fixed sleeps.
 * Writes the inspector's picture to $SKIPWIRE_SHOTS/data-format.png when that folder is given.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

describe('data format in the inspector (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('imports a Keras 1 "th" CNN channels-first; the select switches the layout in one undo step', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    await page.goto(h.url);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'mnist_cnn_th.json',
      mimeType: 'application/json',
      buffer: readFileSync('test/fixtures/real/dl4j-mnist-cnn-th.keras1.json'),
    });
    const conv = page.locator('.react-flow__node[data-id="convolution2d_1"]');
    await conv.click();
    const select = page.locator('.sw-field[data-param="dataFormat"] select');
    await select.waitFor();
    expect(await select.inputValue()).toBe('channels_first');
    // (1, 28, 28) → 32 filters of 3×3: (32, 26, 26), 320 parameters.
    await page.locator('.sw-facts').getByText('32×26×26').waitFor();
    await page.locator('.sw-facts').getByText('320').first().waitFor();
    await conv.getByText('NCHW', { exact: false }).waitFor();
    await select.scrollIntoViewIfNeeded();
    const dir = process.env.SKIPWIRE_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/data-format.png` });

    // Read channels-last, the same input is 1 row of 28 columns with 28 channels: the kernel cannot fit.
    await select.selectOption({ label: 'channels last (H, W, C)' });
    await page.locator('.react-flow__node .sw-node.has-error').first().waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.locator('.sw-facts').getByText('32×26×26').waitFor();
    expect(await page.locator('.react-flow__node .sw-node.has-error').count()).toBe(0);
    expect(await page.locator('.sw-field[data-param="dataFormat"] select').inputValue()).toBe('channels_first');

    // The Keras 1 Flatten has no data_format: unset, which flattens as channels-last does (no transpose).
    await page.locator('.react-flow__node[data-id="flatten_1"]').click();
    const flat = page.locator('.sw-field[data-param="dataFormat"]');
    await flat.getByText('unset (channels last)').first().waitFor();
    if (dir) await page.screenshot({ path: `${dir}/data-format-flatten.png` });
  });
});
