/**
 * The editor in a real browser (Debian Chromium through playwright-core), against a production
 * build served by Vite's preview server. Every test starts a browser with an empty profile, so
 * "first visit" really is one. Conditions are awaited; there are no fixed sleeps.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze, EXAMPLES, thousands } from '../../src/compile';
import { fileHarness } from './fileHarness';
import { twoBranches } from './fixtures';

const h = fileHarness();

const nodes = (page: Page) => page.locator('.react-flow__node');
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

async function nodeCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);
}

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${h.url}${query}`);
  await page.waitForSelector('.react-flow__node');
}

/**
 * Drags a wire from a node's output handle to another node's input handle. `whileOver` runs with
 * the pointer over the target, before the button is released.
 */
async function wire(
  page: Page,
  from: string,
  to: string,
  port: number,
  whileOver?: () => Promise<void>,
): Promise<void> {
  const src = page.locator(`.react-flow__handle[data-nodeid="${from}"][data-handleid="out-0"]`);
  const dst = page.locator(`.react-flow__handle[data-nodeid="${to}"][data-handleid="in-${port}"]`);
  const a = await src.boundingBox();
  const b = await dst.boundingBox();
  if (!a || !b) throw new Error(`handles of ${from} → ${to} not found`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await whileOver?.();
  await page.mouse.up();
}

describe('editor (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('shows ApesNet on a first visit, with its 923,556 params', async () => {
    const { page } = await h.browser();
    await open(page);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length >= 20);
    expect(await nodes(page).count()).toBeGreaterThanOrEqual(20);
    await expect(page.locator('.sw-status [data-total-params]').textContent()).resolves.toBe('923,556');
    await page.getByText('apes_block1', { exact: true }).waitFor();
  });

  it('adds a Conv2D dragged from the palette, and Ctrl+Z takes it away', async () => {
    const { page } = await h.browser();
    await open(page);
    await nodeCount(page, 36);
    await page
      .locator('[data-layer-type="conv2d"]')
      .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: 120, y: 200 } });
    await nodeCount(page, 37);
    await node(page, 'conv2d_1').waitFor();
    await page.keyboard.press('Control+z');
    await nodeCount(page, 36);
    expect(await node(page, 'conv2d_1').count()).toBe(0);
  });

  it('reports an Add fed 16 and 8 channels, naming both shapes, and its fix clears it', async () => {
    const { page } = await h.browser();
    await open(page);
    await page.locator('[data-testid="open-file"]').setInputFiles({
      name: 'two_branches.skipwire.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(twoBranches())),
    });
    await nodeCount(page, 4);
    await page.locator('.react-flow__handle[data-nodeid="add"][data-handleid="in-1"]').waitFor();
    await wire(page, 'wide', 'add', 0);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 3);
    await wire(page, 'narrow', 'add', 1);
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__edge').length === 4);

    // A second wire into a taken input is refused while dragging, and says why.
    await wire(page, 'input', 'add', 0, async () => {
      await page.locator('.sw-connection-hint', { hasText: 'input 1 already has a wire' }).waitFor();
    });
    expect(await page.locator('.react-flow__edge').count()).toBe(4);

    const add = node(page, 'add');
    await add.locator('.sw-node.has-error').waitFor();
    const message = (await add.locator('.sw-node-message').textContent()) ?? '';
    expect(message).toContain('32×32×16');
    expect(message).toContain('32×32×8');

    await add.click();
    const fix = page.getByRole('button', { name: /Apply fix: Insert a 1×1 Conv2D with 16 filters/ });
    await fix.click();
    await nodeCount(page, 5);
    await add.locator('.sw-node:not(.has-error)').waitFor();
    expect(await add.locator('.sw-node-message').count()).toBe(0);
    await expect(add.locator('.sw-node-shape').textContent()).resolves.toBe('32×32×16');
  });

  it('makes a block of 3 layers, places a second instance, and an edit of the definition changes both', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apesnet-mini');
    // Centre the decoder's last stage (a summary row selects and centres its layer).
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.locator('.sw-summary-table tr[data-path="decoder3_conv"]').click();
    await page.locator('.react-flow__node.selected[data-id="decoder3_conv"]').waitFor();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    await node(page, 'decoder3_bn').click({ modifiers: ['Shift'] });
    await node(page, 'decoder3_act').click({ modifiers: ['Shift'] });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node.selected').length === 3);
    await page.keyboard.press('Control+g');
    const first = node(page, 'block1_1');
    await first.waitFor();
    expect(await first.locator('.sw-node-type').textContent()).toBe('Block1');

    // Place a second instance: the palette's Blocks entry, inserted below the selected instance.
    const entry = page.locator('[data-block-id="block1"]');
    await entry.focus();
    await entry.press('Enter');
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-kind="block"] .sw-node-type')].filter((e) => e.textContent === 'Block1')
          .length === 2,
    );
    const shapes = page.locator('[data-kind="block"]:has(.sw-node-type:text-is("Block1")) .sw-node-shape');
    expect(await shapes.allTextContents()).toEqual(['out 32×32×8', 'out 32×32×8']);

    // Edit the definition: 12 filters instead of 8.
    await first.dblclick();
    await page.locator('.sw-canvas[data-scope="block1"]').waitFor();
    await node(page, 'decoder3_conv').click();
    const filters = page.locator('.sw-field[data-param="filters"] input');
    await filters.fill('12');
    await filters.press('Enter');
    await page.getByRole('button', { name: '← Back' }).click();
    await page.locator('.sw-canvas[data-scope=""]').waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-kind="block"]')]
        .filter((e) => e.querySelector('.sw-node-type')?.textContent === 'Block1')
        .every((e) => e.querySelector('.sw-node-shape')?.textContent === 'out 32×32×12'),
    );
    expect(await shapes.allTextContents()).toEqual(['out 32×32×12', 'out 32×32×12']);
  });

  it('keeps the last edit, the selection and the viewport across a reload', async () => {
    const { page } = await h.browser();
    await open(page);
    // The summary selects and centres the layer; the inspector then edits it.
    await page.getByRole('tab', { name: 'Summary' }).click();
    await page.locator('.sw-summary-table tr[data-path="conv_block1_conv"]').click();
    await page.locator('.react-flow__node.selected[data-id="conv_block1_conv"]').waitFor();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const name = page.locator('.sw-inspector-head input');
    await name.fill('stem_conv');
    await name.press('Enter');
    await node(page, 'conv_block1_conv').getByText('stem_conv').waitFor();
    await page.locator('[data-save-state="saved"]').waitFor();
    const viewport = await page.locator('.react-flow__viewport').getAttribute('style');
    await page.reload();
    await node(page, 'conv_block1_conv').getByText('stem_conv').waitFor();
    await page.locator('.react-flow__node.selected[data-id="conv_block1_conv"]').waitFor();
    await expect(page.locator('.sw-inspector-head input').inputValue()).resolves.toBe('stem_conv');
    expect(await page.locator('.react-flow__viewport').getAttribute('style')).toBe(viewport);
  });

  it('opens ?example=apesnet-mini', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apesnet-mini');
    const mini = analyze((EXAMPLES['apesnet-mini'] as () => never)());
    const total = thousands(mini.totals.trainable + mini.totals.nonTrainable);
    await page.locator('.sw-breadcrumb [aria-current="page"]', { hasText: 'apesnet_mini' }).waitFor();
    await expect(page.locator('.sw-status [data-total-params]').textContent()).resolves.toBe(total);
    expect(total).not.toBe('923,556');
  });
});
