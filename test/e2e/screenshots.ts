/**
 * Writes the README screenshots (docs/screenshot-*.png) from a production build in Chromium:
 * `npm run screenshots`. Same harness as the end-to-end tests.
 */
import type { Page } from 'playwright-core';
import { twoBranches } from './fixtures';
import { startHarness } from './harness';

const OUT = 'docs';

async function shot(page: Page, name: string): Promise<void> {
  for (const close of await page.locator('.sw-notice button').all()) await close.click();
  // Let the centring animation (250 ms) and the fonts settle before the picture.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 400))));
  await page.screenshot({ path: `${OUT}/screenshot-${name}.png` });
  console.log(`${OUT}/screenshot-${name}.png`);
}

const h = await startHarness();
try {
  const { page } = await h.browser({ width: 1440, height: 900 });

  // 1. ApesNet on a first visit, a convolution selected: its schema-driven form in the inspector.
  await page.goto(h.url);
  await page.waitForSelector('.react-flow__node[data-id="apes_block1"]');
  await page.locator('.react-flow__node[data-id="decoder1_conv"]').click();
  await page.locator('.sw-field[data-param="filters"]').waitFor();
  await shot(page, 'apesnet');

  // 2. A shape error at an Add, with its message and the fix.
  await page.locator('[data-testid="open-file"]').setInputFiles({
    name: 'two_branches.skipwire.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(twoBranches(true))),
  });
  await page.locator('.react-flow__node[data-id="add"] .sw-node.has-error').waitFor();
  await page.locator('.react-flow__node[data-id="add"]').click();
  await page.getByRole('button', { name: /Apply fix/ }).waitFor();
  await shot(page, 'shape-error');

  // 3. ApesNet's ApesBlock open: the skip connection inside, the breadcrumb back.
  await page.goto(`${h.url}?example=apesnet`);
  await page.locator('.react-flow__node[data-id="apes_block1"]').dblclick();
  await page.locator('.sw-canvas[data-scope="apes_block"] .react-flow__node[data-id="add"]').waitFor();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.getByRole('button', { name: 'Undo' }).and(page.locator(':enabled')).waitFor();
  await page.locator('.react-flow__node[data-id="add"]').click();
  await shot(page, 'block');
} finally {
  await h.close();
}
