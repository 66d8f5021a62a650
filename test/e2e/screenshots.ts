/**
 * Writes the README screenshots (docs/screenshot-*.png) from a production build in Chromium:
 * `npm run screenshots`. Same harness as the end-to-end tests.
 */
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { twoBranches } from './fixtures';
import { startHarness } from './harness';
import { mobileNetV2Like } from './mobilenet';
import { pasteOnCanvas, SEED } from './pythonPaste';

const OUT = 'docs';

async function shot(page: Page, name: string): Promise<void> {
  for (const close of await page.locator('.sw-notice button').all()) await close.click();
  // Let the centring animation (250 ms) and the fonts settle before the picture.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 400))));
  await page.screenshot({ path: `${OUT}/screenshot-${name}.png` });
  console.log(`${OUT}/screenshot-${name}.png`);
}

/** Pastes the seed's `Add()([x, y])` snippet on the canvas and takes its picture. */
export async function pythonPaste(page: Page): Promise<void> {
  await page.goto(`${h.url}?example=classic-cnn`);
  await page.locator('.react-flow__node').first().waitFor();
  await pasteOnCanvas(page, SEED);
  await page.getByText('Imported pasted.py (Keras Python script): 3 layers.').waitFor();
  await page.locator('.react-flow__edge path[data-routed="true"]').first().waitFor({ state: 'attached' });
  await page.locator('.react-flow__node').filter({ hasText: 'add' }).first().click();
  await shot(page, 'python-paste');
}

const h = await startHarness();
try {
  const { page } = await h.browser({ width: 1440, height: 900 });

  // 0. The minimal skip connection: the shortcut drawn around the convolution, into the Add.
  await page.goto(`${h.url}?example=apes-block`);
  await page.locator('.react-flow__edge path[data-routed="true"]').first().waitFor({ state: 'attached' });
  await shot(page, 'apes-block');

  // 1. ApesNet on a first visit (its stages in columns), a convolution selected: its
  // schema-driven form in the inspector.
  await page.goto(`${h.url}?example=apesnet`);
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

  // 4. An imported MobileNetV2-style model (152 layers, made with tfjs): every inverted residual
  // block's shortcut beside its branch, the model wrapped into columns, all of it in view.
  await page.locator('[data-testid="import-file"]').setInputFiles({
    name: 'mobilenet_v2.json',
    mimeType: 'application/json',
    buffer: Buffer.from(mobileNetV2Like(tf).toJSON(null, true) as string),
  });
  await page.waitForFunction(
    () => document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '152',
    undefined,
    {
      timeout: 120_000,
    },
  );
  // The import report offers its repeated blocks (docs/screenshot-repeats-offer.png shows that):
  // this picture is about the layout, so the report is closed.
  await page.locator('.sw-import-report').getByRole('button', { name: 'Dismiss' }).click();
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await shot(page, 'mobilenet');

  // 5. The seed's Python snippet pasted on the canvas: Input → Conv2D → Add, the shortcut drawn.
  await pythonPaste(page);

  // 6. What ApesNet costs before training: the Summary's MACs and activation columns and totals,
  // the nodes' footers showing MACs, the totals in the status bar.
  await page.goto(`${h.url}?example=apesnet`);
  await page.waitForSelector('.react-flow__node[data-id="apes_block1"]');
  await page.getByRole('button', { name: 'MACs', exact: true }).click();
  await page.getByRole('tab', { name: 'Summary' }).click();
  await page.locator('dd[data-total-macs]').waitFor();
  await shot(page, 'cost');
} finally {
  await h.close();
}
