/**
 * The wrapper param in a real browser: an LSTM made Bidirectional in the inspector shows its merge
 * mode, its doubled output and parameter count on the node and in the inspector; a Dense made
 * TimeDistributed applies to every step; an Input shape typed with ? leaves the steps unknown.
 * Conditions are awaited; there are no fixed sleeps.
 * Writes the inspector's picture to $SKIPWIRE_SHOTS/wrapper.png when that folder is given.
 */
import { describe, expect, it } from 'vitest';
import { DocBuilder } from '../../src/compile';
import { fileHarness } from './fileHarness';

const h = fileHarness();

function tagger() {
  const b = new DocBuilder('tagger');
  const x = b.layer('input', 'steps', { shape: [12, 8] });
  const rnn = b.layer('lstm', 'encoder', { units: 16, returnSequences: true }, [x]);
  b.layer('dense', 'tags', { units: 5, activation: 'softmax' }, [rnn]);
  return b.build();
}

describe('wrappers in the inspector (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('makes an LSTM Bidirectional and a Dense TimeDistributed, with shapes and counts', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    await page.goto(h.url);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="open-file"]').setInputFiles({
      name: 'tagger.skipwire.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(tagger())),
    });
    const encoder = page.locator('.react-flow__node').filter({ hasText: 'encoder' });
    await encoder.click();
    const wrapper = page.locator('.sw-field[data-param="wrapper"] select');
    await wrapper.waitFor();
    // No merge mode until the layer is Bidirectional.
    expect(await page.locator('.sw-field[data-param="mergeMode"]').count()).toBe(0);
    await wrapper.selectOption({ label: 'Bidirectional' });
    await page.locator('.sw-field[data-param="mergeMode"] select').waitFor();
    // 2 × 4 × 16 × (8 + 16 + 1) = 3,200 params; concat doubles the units: 12×32.
    await page.locator('.sw-facts').getByText('3,200').waitFor();
    await page.locator('.sw-facts').getByText('12×32').waitFor();
    await encoder.getByText('bidirectional').waitFor();

    // The Dense after it stops at a rank-2 input: TimeDistributed applies it per step.
    const tags = page.locator('.react-flow__node').filter({ hasText: 'tags' });
    await tags.click();
    await page.locator('.sw-field[data-param="wrapper"] select').selectOption({ label: 'TimeDistributed' });
    await page.locator('.sw-facts').getByText('12×5').waitFor();
    await page.locator('.sw-facts').getByText('165').waitFor(); // 32 × 5 + 5
    // Sequences of any length: ? in the Input's shape; the counts stay, the steps show ?.
    await page.locator('.react-flow__node').filter({ hasText: 'steps' }).click();
    const shapeField = page.locator('.sw-field[data-param="shape"] input');
    await shapeField.fill('?, 8');
    await shapeField.press('Enter');
    await page.locator('.react-flow__node').filter({ hasText: 'steps' }).getByText('?×8').first().waitFor();
    await encoder.click();
    await page.locator('.sw-facts').getByText('?×32').waitFor();
    // The totals that need the length say they do not know it.
    await page.locator('[data-total-macs]').getByText('? MACs').waitFor();
    await page.locator('.sw-facts').getByText('3,200').waitFor();
    await page.locator('.sw-field[data-param="mergeMode"] select').scrollIntoViewIfNeeded();
    await page.locator('.sw-kind').getByText('Bidirectional(LSTM)').waitFor();
    const dir = process.env.SKIPWIRE_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/wrapper.png` });
  });
});
