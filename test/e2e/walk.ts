/**
 * The user actions of the random walk (test/e2e/randomwalk.test.ts), each as a user would do it
 * in Chromium: palette drops and inserts, wires between handles, deletes, parameter edits (valid
 * and invalid), group/ungroup, open block/back, undo/redo, copy/paste, an example, a reload.
 * An action picks its targets from what is on screen with the numbers it was drawn with.
 */
import fc from 'fast-check';
import type { Page } from 'playwright-core';

export type Action =
  | { kind: 'drop'; type: number; x: number; y: number }
  | { kind: 'insert'; type: number }
  | { kind: 'wire'; from: number; to: number; port: number }
  | { kind: 'delete'; node: number }
  | { kind: 'param'; node: number; field: number; value: string }
  | { kind: 'group'; a: number; b: number }
  | { kind: 'ungroup'; node: number }
  | { kind: 'openBlock'; node: number }
  | { kind: 'back' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'copyPaste'; node: number }
  | { kind: 'example'; name: string }
  | { kind: 'reload' };

/** Layer types from the palette (with and without parameters, merges, shape changers). */
export const TYPES = ['dense', 'dropout', 'flatten', 'conv2d', 'add', 'activation', 'batchNormalization', 'reshape'];
export const EXAMPLES = ['apes-block', 'classic-cnn', 'spirals'];
const VALUES = ['8', '2', '0.5', '3', '-3', 'abc', '', '1e9', '0'];

const n = fc.nat(1000);
export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('drop' as const), type: n, x: fc.nat(100), y: fc.nat(100) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), type: n }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wire' as const), from: n, to: n, port: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), node: n }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('param' as const), node: n, field: n, value: fc.constantFrom(...VALUES) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('group' as const), a: n, b: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('ungroup' as const), node: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('openBlock' as const), node: n }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'back' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redo' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('copyPaste' as const), node: n }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('example' as const), name: fc.constantFrom(...EXAMPLES) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' as const }) },
);

const nodesOf = (page: Page) => page.locator('.react-flow__node');

/** The `i`-th node on screen (modulo), fitted into view; undefined when the canvas is empty. */
async function nodeAt(page: Page, i: number) {
  const count = await nodesOf(page).count();
  if (!count) return undefined;
  const node = nodesOf(page).nth(i % count);
  if (!(await node.isVisible()) || !(await inView(page, node))) {
    await page.keyboard.press('f');
    await page.waitForFunction(() => !document.querySelector('.react-flow__viewport')?.getAnimations?.().length);
  }
  return node;
}

async function inView(page: Page, node: ReturnType<typeof nodesOf>): Promise<boolean> {
  const [box, pane] = await Promise.all([node.boundingBox(), page.locator('.react-flow__pane').boundingBox()]);
  return (
    !!box &&
    !!pane &&
    box.x >= pane.x &&
    box.y >= pane.y &&
    box.x + box.width <= pane.x + pane.width &&
    box.y + box.height <= pane.y + pane.height
  );
}

/**
 * Clicks a node's header (not its name, which a double-click edits) with the mouse at its place,
 * as a user would; whatever covers it there (the minimap) gets the click instead.
 */
async function clickNode(page: Page, i: number, options: { shift?: boolean; double?: boolean } = {}): Promise<boolean> {
  const node = await nodeAt(page, i);
  const box = await node?.locator('.sw-node-detail').boundingBox();
  if (!box) return false;
  const [x, y] = [box.x + Math.min(12, box.width / 2), box.y + box.height / 2];
  if (options.shift) await page.keyboard.down('Shift');
  if (options.double) await page.mouse.dblclick(x, y);
  else await page.mouse.click(x, y);
  if (options.shift) await page.keyboard.up('Shift');
  return true;
}

const select = (page: Page, i: number, shift = false) => clickNode(page, i, { shift });

async function clearSelection(page: Page) {
  await page.locator('.react-flow__pane').click({ position: { x: 4, y: 4 } });
}

/** Performs `a`; returns true when it reloaded the page. */
export async function perform(page: Page, a: Action): Promise<boolean> {
  switch (a.kind) {
    case 'drop': {
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!pane) return false;
      const item = page.locator(`[data-layer-type="${TYPES[a.type % TYPES.length]}"]`).first();
      // Within the top-left 60% of the canvas: the minimap and the zoom controls sit at the corners below.
      await item.dragTo(page.locator('.react-flow__pane'), {
        targetPosition: { x: 20 + (pane.width * 0.6 * a.x) / 100, y: 20 + (pane.height * 0.6 * a.y) / 100 },
        force: true,
      });
      return false;
    }
    case 'insert':
      await page
        .locator(`[data-layer-type="${TYPES[a.type % TYPES.length]}"]`)
        .first()
        .dblclick();
      return false;
    case 'wire': {
      const from = await nodeAt(page, a.from);
      const to = await nodeAt(page, a.to);
      if (!from || !to) return false;
      const source = from.locator('.react-flow__handle.source').first();
      const targets = to.locator('.react-flow__handle.target');
      const count = await targets.count();
      if (!count || !(await source.count())) return false;
      const s = await source.boundingBox();
      const t = await targets.nth(a.port % count).boundingBox();
      if (!s || !t) return false;
      await page.mouse.move(s.x + s.width / 2, s.y + s.height / 2);
      await page.mouse.down();
      await page.mouse.move(t.x + t.width / 2, t.y + t.height / 2, { steps: 6 });
      await page.mouse.up();
      return false;
    }
    case 'delete':
      if (await select(page, a.node)) await page.keyboard.press('Delete');
      return false;
    case 'param': {
      if (!(await select(page, a.node))) return false;
      await page.getByRole('tab', { name: 'Inspector' }).click();
      const fields = page.locator('.sw-form [data-param] input:not([type=checkbox])');
      const count = await fields.count();
      if (!count) return false;
      const field = fields.nth(a.field % count);
      await field.fill(a.value);
      await field.press('Enter');
      await clearSelection(page);
      return false;
    }
    case 'group':
      if ((await select(page, a.a)) && (await select(page, a.b, true))) await page.keyboard.press('Control+g');
      return false;
    case 'ungroup':
      if (await select(page, a.node)) await page.keyboard.press('Control+Shift+g');
      return false;
    case 'openBlock': {
      const node = await nodeAt(page, a.node);
      if (node && (await node.locator('[data-kind="block"]').count())) await clickNode(page, a.node, { double: true });
      return false;
    }
    case 'back':
      await clearSelection(page);
      await page.keyboard.press('Escape');
      return false;
    case 'undo':
      await clearSelection(page);
      await page.keyboard.press('Control+z');
      return false;
    case 'redo':
      await clearSelection(page);
      await page.keyboard.press('Control+Shift+z');
      return false;
    case 'copyPaste':
      if (await select(page, a.node)) {
        await page.keyboard.press('Control+c');
        await page.keyboard.press('Control+v');
      }
      return false;
    case 'example':
      await page.getByRole('combobox', { name: 'Examples' }).selectOption(a.name);
      return false;
    case 'reload':
      await page.reload();
      await page.locator('.sw-status').waitFor();
      return true;
  }
}
