/**
 * The real stateful text-generation model (test/fixtures/real/README.md) opened in a real browser:
 * the Input shows its batch size 64, the LSTM its Stateful switch; clearing the batch size puts the
 * located message on the LSTM, and one undo brings it back; turning Stateful off is one undo step
 * too. Conditions are awaited; there are no fixed sleeps.
 * Writes the editor's picture to $SKIPWIRE_SHOTS/stateful.png when that folder is given.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

describe('stateful layers and the batch size in the inspector (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('shows and edits the Input’s batch size and the LSTM’s Stateful switch, one undo step each', async () => {
    const { page } = await h.browser({ width: 1280, height: 900 });
    await page.goto(h.url);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'model.json',
      mimeType: 'application/json',
      buffer: readFileSync('test/fixtures/real/text-generation-stateful-lstm.model.json'),
    });
    const dir = process.env.SKIPWIRE_SHOTS;
    const input = page.locator('.react-flow__node').filter({ hasText: 'embedding_1_input' });
    await input.getByText('batch 64').waitFor();
    const lstm = page.locator('.react-flow__node').filter({ hasText: /^lstm/ });
    await lstm.getByText('stateful').waitFor();
    await page.locator('.sw-status, .sw-facts').getByText('5,372,514').first().waitFor();

    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    for (let i = 0; i < 5 && (await dismiss.count()) > 0; i++) await dismiss.first().click();
    await input.click();
    const batch = page.locator('.sw-field[data-param="batchSize"]');
    expect(await batch.locator('input.sw-input, input[type="text"]').first().inputValue()).toBe('64');
    if (dir) await page.screenshot({ path: `${dir}/stateful-input.png` });
    // Any batch size: the stateful LSTM says what it needs, at its node.
    await batch.locator('.sw-null-toggle input').check();
    await page
      .getByText(/stateful LSTM needs a fixed batch size/)
      .first()
      .waitFor();
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await input.getByText('batch 64').waitFor();
    expect(await page.getByText(/stateful LSTM needs a fixed batch size/).count()).toBe(0);

    await lstm.click();
    await page.locator('.sw-facts').getByText('64 · Keras (64, None, 1024)').waitFor();
    if (dir) await page.screenshot({ path: `${dir}/stateful-facts.png` });
    const stateful = page.locator('.sw-field[data-param="stateful"] input[type="checkbox"]');
    expect(await stateful.isChecked()).toBe(true);
    await page.locator('.sw-field[data-param="stateful"]').scrollIntoViewIfNeeded();
    if (dir) await page.screenshot({ path: `${dir}/stateful.png` });
    await stateful.uncheck();
    await lstm.getByText('stateful').waitFor({ state: 'detached' });
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await lstm.getByText('stateful').waitFor();
  });
});
