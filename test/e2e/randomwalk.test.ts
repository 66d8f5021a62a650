/**
 * A long random walk through the editor (fast-check driving Chromium on the production build):
 * random sequences of user actions (test/e2e/walk.ts) and, after every step: no page error, the
 * model is saved, the status bar and the Summary agree with a fresh analysis of the saved
 * document, a reload restores exactly the document saved before it, and at the end undo back to
 * the start restores the starting document exactly.
 *
 * Fixed seed and a few hundred steps in `npm test`; `npm run test:fuzz` walks longer with a new
 * seed (SKIPWIRE_WALK_RUNS walks, SKIPWIRE_WALK_SEED replays one).
 */
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { analyze, parseDocumentValue, thousands } from '../../src/compile';
import { fileHarness } from './fileHarness';
import { type Action, actionArb, EXAMPLES, perform } from './walk';

const RUNS = Number(process.env.SKIPWIRE_WALK_RUNS ?? 3);
const STEPS = Number(process.env.SKIPWIRE_WALK_STEPS ?? 70);
const SEED = process.env.SKIPWIRE_WALK_SEED
  ? Number(process.env.SKIPWIRE_WALK_SEED)
  : process.env.SKIPWIRE_WALK_RUNS
    ? Date.now() % 1e9
    : 18;

const h = fileHarness();

/** The raw saved document of the model this page shows (IndexedDB, idb-keyval's database). */
function savedDoc(page: Page): Promise<unknown> {
  const id = new URL(page.url()).searchParams.get('model');
  return page.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('keyval', 'readonly').objectStore('keyval').get(key);
          get.onsuccess = () => resolve((get.result as { doc: unknown } | undefined)?.doc);
          get.onerror = () => reject(get.error);
        };
      }),
    `skipwire:model:${id}`,
  );
}

/** Waits until autosave has written everything, and returns the saved document. */
async function settled(page: Page): Promise<unknown> {
  await page.locator('[data-save-state="saved"]').waitFor({ timeout: 10_000 });
  return savedDoc(page);
}

/** The status bar and the Summary against a fresh analysis of `raw`. */
async function agree(page: Page, raw: unknown, where: string): Promise<void> {
  const parsed = parseDocumentValue(raw);
  expect(parsed.ok, `${where}: the saved document parses`).toBe(true);
  if (!parsed.ok) return;
  const a = analyze(parsed.doc);
  const errors = a.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = a.diagnostics.length - errors;
  const known = [...a.nodes.values()].reduce((t, n) => t + n.count.trainable + n.count.nonTrainable, 0);
  const total = a.ok ? a.totals.trainable + a.totals.nonTrainable : known;
  const status = page.locator('.sw-status');
  expect(await status.locator('[data-total-params]').textContent(), `${where}: status params`).toBe(thousands(total));
  expect(await status.locator('.sw-ok').count(), `${where}: status "compiles"`).toBe(a.ok && !warnings ? 1 : 0);
  if (errors) expect(await status.textContent(), `${where}: status errors`).toContain(`✕ ${errors} error`);
  if (a.ok) {
    await page.getByRole('tab', { name: 'Summary' }).click();
    const summary = page.locator('.sw-side [data-total-params]');
    expect(await summary.textContent(), `${where}: summary total`).toBe(thousands(total));
    await page.getByRole('tab', { name: 'Inspector' }).click();
  }
}

async function undoAll(page: Page): Promise<void> {
  const undo = page.getByRole('button', { name: 'Undo' });
  await page.locator('.react-flow__pane').click({ position: { x: 4, y: 4 } });
  for (let i = 0; i < 400 && (await undo.isEnabled()); i++) await page.keyboard.press('Control+z');
  expect(await undo.isEnabled()).toBe(false);
}

describe('a long random walk through the editor (Chromium, fast-check)', () => {
  it(
    `${RUNS} walks of ${STEPS} steps (seed ${SEED}): every step checked`,
    async () => {
      const { context } = await h.browser();
      let steps = 0;
      /** Steps of each kind that changed the saved document: the walk must really edit. */
      const changed = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...EXAMPLES),
          fc.array(actionArb, { minLength: STEPS, maxLength: STEPS }),
          async (start, actions) => {
            const page = await context.newPage();
            const errors: string[] = [];
            page.on('pageerror', (e) => errors.push(e.message));
            try {
              await page.goto(`${h.url}?example=${start}`);
              await page.waitForSelector('.react-flow__node');
              let before = await settled(page);
              let first = before;
              const done: Action[] = [];
              for (const a of actions) {
                done.push(a);
                const where = `step ${done.length} ${JSON.stringify(a)}`;
                const reloaded = await perform(page, a);
                const now = await settled(page);
                expect(errors, `${where}: page errors`).toEqual([]);
                if (reloaded) {
                  expect(now, `${where}: a reload restores the saved document`).toEqual(before);
                  first = now;
                }
                await agree(page, now, where);
                if (JSON.stringify(now) !== JSON.stringify(before)) changed.set(a.kind, (changed.get(a.kind) ?? 0) + 1);
                before = now;
                steps++;
              }
              await undoAll(page);
              expect(await settled(page), 'undo back to the start restores the starting document').toEqual(first);
              expect(errors).toEqual([]);
            } finally {
              await page.close();
            }
          },
        ),
        { seed: SEED, numRuns: RUNS, endOnFailure: true, verbose: 1 },
      );
      expect(steps).toBe(RUNS * STEPS);
      console.info(`random walk (seed ${SEED}): steps that changed the model, by kind:`, Object.fromEntries(changed));
      // Redo is not required: with seed 18 every redo came after a new edit had cleared the redo stack.
      for (const kind of ['drop', 'insert', 'wire', 'delete', 'param', 'group', 'undo', 'copyPaste', 'example'])
        expect(changed.get(kind) ?? 0, `${kind} changed the model at least once`).toBeGreaterThan(0);
    },
    30 * 60_000,
  );
});
