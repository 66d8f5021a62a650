/**
 * Keras Python in a real browser (Debian Chromium, production build): the seed snippet pasted on
 * the canvas becomes Input → Conv2D → Add in one undo step; a `.py` dropped on the canvas is read
 * with its helper as a block and the import report names the skipped statements; the Import…
 * picker offers `.py`. The Python reader (lezer) loads only on first use.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';
import { pasteOnCanvas, SEED } from './pythonPaste';

const h = fileHarness();

const nodeCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);
const params = (page: Page) => page.locator('.sw-status [data-total-params]').textContent();

describe('Keras Python in the editor (Chromium)', () => {
  it('pasting the seed snippet on the canvas imports it; one undo brings the model back', async () => {
    const { page } = await h.browser();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${h.url}?example=classic-cnn`);
    await nodeCount(page, 5);
    const before = await params(page);
    await pasteOnCanvas(page, SEED);
    await page.getByText('Imported pasted.py (Keras Python script): 3 layers.').waitFor();
    await nodeCount(page, 3);
    expect(await params(page)).toBe('9,248');
    for (const name of ['input_layer', 'conv2d', 'add'])
      await page.locator(`.react-flow__node[data-id]`).filter({ hasText: name }).first().waitFor();
    await page.keyboard.press('Control+z');
    await nodeCount(page, 5);
    expect(await params(page)).toBe(before);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import…' }).click();
    expect(await (await chooser).element().getAttribute('accept')).toContain('.py');
  }, 180_000);

  it('a .py dropped on the canvas: its helper becomes a block, the report names what was skipped', async () => {
    const { page } = await h.browser();
    await page.goto(`${h.url}?example=apes-block`);
    await nodeCount(page, 3);
    const bytes = await readFile('test/fixtures/real/python/apesnet_keras1.py');
    const data = await page.evaluateHandle(
      (b) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(b)], 'apesnet_keras1.py'));
        return dt;
      },
      [...bytes],
    );
    const pane = page.locator('.react-flow__pane');
    await pane.dispatchEvent('dragover', { dataTransfer: data });
    await pane.dispatchEvent('drop', { dataTransfer: data });
    await page.getByText('Imported apesnet_keras1.py (Keras Python script): 33 layers.').waitFor();
    expect(await params(page)).toBe('923,556');
    const report = page.locator('.sw-import-report[role="status"]');
    await report.waitFor();
    expect(await report.textContent()).toContain(
      'skipped 4 statements that do not build the model (lines 57, 58, 59, 60)',
    );
    await page.locator('.react-flow__node[data-id]').filter({ hasText: 'apes_block' }).first().waitFor();
  }, 180_000);
});
