/**
 * Live layer statistics in a real browser (production build, the training worker): the classic
 * CNN trains on its sample data (digits) and, during its first (and only) epoch, statistics appear
 * on the nodes, each with its health and the reason in its tooltip; a click opens the history.
 * Conditions are awaited; there are no fixed sleeps.
 *
 * `SKIPWIRE_SCREENSHOTS=1` also writes docs/screenshot-node-stats.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness';

let h: Harness;
const MINUTE = 60_000;

beforeAll(async () => {
  h = await startHarness();
}, 5 * MINUTE);

afterAll(async () => {
  await h?.close();
});

describe('live layer statistics on the canvas', () => {
  it(
    'appear on at least 3 nodes of the classic CNN during its first epoch, with the reason on hover',
    async () => {
      const { page } = await h.browser({ width: 1440, height: 900 });
      await page.goto(`${h.url}?example=classic-cnn`);
      await page.waitForSelector('.react-flow__node');
      await page.getByRole('tab', { name: 'Training' }).click();
      await page.locator('[data-testid="training-panel"]').waitFor();
      expect(await page.locator('[data-testid="train-stats"]').isChecked()).toBe(true); // on by default
      for (const [key, value] of [
        ['samples', '1600'],
        ['epochs', '1'],
      ] as const) {
        const input = page.locator(`[data-setting="${key}"] input`);
        await input.fill(value);
        await input.press('Enter');
      }
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="train-check-status"]')?.textContent?.includes('1,600 samples'),
      );
      expect(await page.locator('[data-testid="node-stats"]').count()).toBe(0);
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="node-stats"]').length >= 3, null, {
        timeout: 4 * MINUTE,
      });
      // Still in the first epoch: the run has not finished it.
      expect(await page.locator('[data-testid="train-done"]').count()).toBe(0);
      const overlays = page.locator('[data-testid="node-stats"]');
      const conv = page.locator('.react-flow__node[data-id="conv"] [data-testid="node-stats"]');
      const first = (await conv.count()) ? conv : overlays.first();
      expect(await first.getAttribute('data-level')).toMatch(/^(ok|warn|bad)$/);
      await first.hover();
      const title = (await first.getAttribute('title')) ?? '';
      expect(title).toMatch(/^Layer statistics: (healthy|needs a look|problem)\n/);
      expect(title).toMatch(/mean -?[\d.e+-]+ · std [\d.e+-]+ · zeros \d+%/);
      // A problem names its reason; a healthy layer shows its figures.
      if ((await first.getAttribute('data-level')) !== 'ok')
        expect(title).toMatch(/Dead units|gradient|updates|Saturat|Exploding/);
      await first.click();
      const history = page.locator('[data-testid="node-stats-history"]');
      await history.waitFor();
      expect(await history.textContent()).toMatch(/\d+ samples?/);
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 1 epoch'),
        null,
        { timeout: 6 * MINUTE },
      );
      // The history stays open and kept every sample of the run.
      expect(await history.textContent()).toMatch(/\d+ samples?/);
      // After training: the validation samples it got wrong, as pictures with truth → predicted.
      const wrong = page.locator('[data-testid="train-misclassified"]');
      await wrong.waitFor();
      expect(await wrong.textContent()).toMatch(/\d+ of the validation samples predicted wrong/);
      expect(await wrong.locator('canvas[role="img"]').count()).toBeGreaterThan(0);
      expect(await wrong.locator('canvas').first().getAttribute('aria-label')).toMatch(
        /^sample \d+: truth \d, predicted \d \(\d+(\.\d)?%\)$/,
      );
      // The feature maps of the selected layer (the convolution: 16 channels of 26×26) for a sample.
      await page.locator('.react-flow__node[data-id="conv"] .sw-node-detail').click();
      const maps = page.locator('[data-testid="train-feature-maps"]');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="train-feature-maps"] canvas').length === 16,
        null,
        { timeout: MINUTE },
      );
      expect(await maps.textContent()).toContain('26×26×16: 16 channels');
      await maps.getByRole('spinbutton', { name: 'Validation sample' }).fill('3');
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="train-feature-maps"] h4')?.textContent?.includes('conv'),
      );
    },
    12 * MINUTE,
  );

  it.runIf(process.env.SKIPWIRE_SCREENSHOTS)(
    'writes docs/screenshot-node-stats.png from a 3-epoch run',
    async () => {
      const { page } = await h.browser({ width: 1440, height: 900 });
      await page.goto(`${h.url}?example=classic-cnn`);
      await page.waitForSelector('.react-flow__node');
      await page.getByRole('tab', { name: 'Training' }).click();
      for (const [key, value] of [
        ['samples', '1600'],
        ['epochs', '3'],
      ] as const) {
        const input = page.locator(`[data-setting="${key}"] input`);
        await input.fill(value);
        await input.press('Enter');
      }
      await page.waitForFunction(() =>
        document.querySelector('[data-testid="train-check-status"]')?.textContent?.includes('1,600 samples'),
      );
      await page.locator('[data-testid="train-start"]').click();
      await page.waitForFunction(
        () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 3 epochs'),
        null,
        { timeout: 8 * MINUTE },
      );
      await page.locator('.react-flow__node[data-id="hidden"] [data-testid="node-stats"]').click();
      await page.locator('[data-testid="node-stats-history"]').waitFor();
      await page.locator('[data-testid="train-misclassified"]').evaluate((el) => el.scrollIntoView({ block: 'end' }));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.screenshot({ path: 'docs/screenshot-node-stats.png' });
    },
    12 * MINUTE,
  );
});
