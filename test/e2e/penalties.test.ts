/**
 * Regularizers and constraints in a real browser: a Dense layer gets an L2 kernel regularizer and
 * a NonNeg kernel constraint in the inspector; the node line names the penalty, the parameter count
 * is unchanged. Conditions are awaited; there are no fixed sleeps.
 * Writes the inspector's picture to $SKIPWIRE_SHOTS/penalties.png when that folder is given.
 */
import { describe, expect, it } from 'vitest';
import { DocBuilder } from '../../src/compile';
import { fileHarness } from './fileHarness';

const h = fileHarness();

function mlp() {
  const b = new DocBuilder('mlp');
  const x = b.layer('input', 'features', { shape: [8] });
  const d = b.layer('dense', 'hidden', { units: 16, activation: 'relu' }, [x]);
  // As a Keras 2.0 file has it: `L1L2(l1=0, l2=0.01)`, its class kept (`kerasClass`).
  b.layer(
    'dense',
    'out',
    { units: 3, activation: 'softmax', kernelRegularizer: { l1: 0, l2: 0.01, kerasClass: 'L1L2' } },
    [d],
  );
  return b.build();
}

describe('regularizers and constraints in the inspector (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('sets an L2 kernel regularizer and a NonNeg kernel constraint on a Dense layer', async () => {
    const { page } = await h.browser({ width: 1280, height: 900 });
    await page.goto(h.url);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="open-file"]').setInputFiles({
      name: 'mlp.skipwire.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(mlp())),
    });
    const hidden = page.locator('.react-flow__node').filter({ hasText: 'hidden' });
    await hidden.click();
    const reg = page.locator('.sw-field[data-param="kernelRegularizer"] select');
    await reg.selectOption('L2');
    const l2 = page.getByLabel('kernel regularizer: l2');
    await l2.fill('0.001');
    await l2.press('Enter');
    await hidden.getByText('L2(0.001)').waitFor();
    await page.locator('.sw-field[data-param="kernelConstraint"] select').selectOption('NonNeg');
    await page.locator('.sw-facts').getByText('144').waitFor(); // 8 × 16 + 16: unchanged
    expect(await page.locator('.sw-field[data-param="kernelConstraint"] select').inputValue()).toBe('NonNeg');
    await page.locator('.sw-field[data-param="kernelConstraint"]').scrollIntoViewIfNeeded();
    const dir = process.env.SKIPWIRE_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/penalties.png` });
    // A file's L1L2 with no L1 factor shows as L1L2 (both boxes), not as L2.
    const out = page.locator('.react-flow__node').filter({ hasText: 'out' });
    await out.getByText('L1L2(0, 0.01)').waitFor();
    await out.click();
    expect(await page.locator('.sw-field[data-param="kernelRegularizer"] select').inputValue()).toBe('L1L2');
    await page.getByLabel('kernel regularizer: l1').waitFor();
    await page.getByLabel('kernel regularizer: l2').waitFor();
    if (dir) await page.screenshot({ path: `${dir}/penalties-l1l2.png` });
  });
});
