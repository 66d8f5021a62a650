/**
 * A seq2seq Keras script in the editor (Chromium, production build): the keras-io character
 * seq2seq (test/fixtures/real/python/char_seq2seq.py) dropped as it is says which Input size comes
 * from its data, at its line, and keeps the model; pasted with the two sizes written, it opens as an
 * encoder whose h and c handles start the decoder, with tfjs' parameter count, and the report says
 * the sampling models (built from a loaded model) were skipped. Writes the canvas' picture to
 * $SKIPWIRE_SHOTS/python-states.png when that folder is given.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';
import { pasteOnCanvas } from './pythonPaste';

const h = fileHarness();

describe('a seq2seq script in the editor (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('refuses data-derived sizes at their line; with numbers, opens with the state wires', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${h.url}?example=classic-cnn`);
    await page.waitForSelector('.react-flow__node');
    const text = await readFile('test/fixtures/real/python/char_seq2seq.py', 'utf8');
    await pasteOnCanvas(page, text);
    const alert = page.locator('.sw-import-report[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      'line 80:18: `keras.Input(shape=(None, num_encoder_tokens))`: the size `num_encoder_tokens = len(input_characters)` is computed from something the script loads',
    );
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
    await alert.getByRole('button', { name: 'Dismiss' }).click();

    await pasteOnCanvas(
      page,
      text
        .replace('num_encoder_tokens = len(input_characters)', 'num_encoder_tokens = 71')
        .replace('num_decoder_tokens = len(target_characters)', 'num_decoder_tokens = 93'),
    );
    await page.getByText('Imported pasted.py (Keras Python script): 5 layers.').waitFor();
    expect(await page.locator('.sw-status [data-total-params]').textContent()).toBe('718,173');
    const report = page.locator('.sw-import-report[role="status"]');
    expect(await report.textContent()).toContain('is made of a model loaded from a file, not built here: skipped');
    const encoder = page.locator('.react-flow__node').filter({ hasText: /^lstm(?!_1)/ });
    const handles = encoder.first().locator('.react-flow__handle.source');
    await expect.poll(() => handles.count()).toBe(3);
    expect(await handles.evaluateAll((els) => els.map((e) => e.getAttribute('title')))).toEqual([
      'output 1 (256)',
      'output 2: h (256)',
      'output 3: c (256)',
    ]);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    expect(await page.locator('.sw-node-message').count()).toBe(0);
    const dir = process.env.SKIPWIRE_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/python-states.png` });
  });
});
