/**
 * Nothing lost, in a real browser (Debian Chromium, the production build): two tabs on one
 * model, models with ids (`?model=`, Open recent, delete with undo, the autosave of earlier
 * versions), a full storage (a real quota: Chromium's `Storage.overrideQuotaForOrigin` through
 * CDP, and localStorage filled to its limit), and a training worker that ends without a word.
 * Conditions are awaited; there are no fixed sleeps.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/compile';
import { fileHarness } from './fileHarness';

const h = fileHarness();

interface Slot {
  id: string;
  rev: number;
  types: string[];
  name: string;
}

/** Every model slot in this profile's IndexedDB (idb-keyval's database), read in the page. */
async function slots(page: Page): Promise<Slot[]> {
  return page.evaluate(
    () =>
      new Promise<Slot[]>((resolve, reject) => {
        const open = indexedDB.open('keyval-store');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('keyval', 'readonly');
          const store = tx.objectStore('keyval');
          const keys = store.getAllKeys();
          const values = store.getAll();
          tx.oncomplete = () =>
            resolve(
              keys.result.flatMap((k, i) => {
                const v = values.result[i] as { rev: number; doc: { name: string; nodes: { type: string }[] } };
                return String(k).startsWith('skipwire:model:')
                  ? [
                      {
                        id: String(k).slice('skipwire:model:'.length),
                        rev: v.rev,
                        name: v.doc.name,
                        types: v.doc.nodes.map((n) => n.type),
                      },
                    ]
                  : [];
              }),
            );
        };
      }),
  );
}

const count = (types: string[], t: string) => types.filter((x) => x === t).length;
const modelId = (page: Page) => new URL(page.url()).searchParams.get('model') ?? '';
const saved = (page: Page) => page.locator('[data-save-state="saved"]').waitFor();
const nodes = (page: Page) => page.locator('.react-flow__node').count();
const nodeCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`${h.url}${query}`);
  await page.waitForSelector('.react-flow__node');
}

/** Inserts a layer from the palette (double-click) and waits until it is drawn. */
async function add(page: Page, type: string): Promise<void> {
  const before = await nodes(page);
  await page.locator(`[data-layer-type="${type}"]`).first().dblclick();
  await nodeCount(page, before + 1);
}

async function twoTabs(): Promise<{ context: BrowserContext; a: Page; b: Page }> {
  const { context, page: a } = await h.browser();
  await open(a, '?example=classic-cnn');
  await saved(a);
  const b = await context.newPage();
  await open(b, '');
  return { context, a, b };
}

describe('two tabs on one model (Chromium, one browser context)', () => {
  it('tab B opens on A’s model, each sees the other’s edits live, and every edit survives a reload', async () => {
    const { a, b } = await twoTabs();
    expect(modelId(b)).toBe(modelId(a));
    const start = await nodes(a);
    const [first] = await slots(a);
    const before = (t: string) => count(first?.types ?? [], t);
    await add(a, 'dense');
    await nodeCount(b, start + 1); // A's Dense arrives in B
    await add(b, 'dropout');
    await nodeCount(a, start + 2); // B's Dropout arrives in A
    await add(a, 'flatten');
    await nodeCount(b, start + 3);
    await Promise.all([saved(a), saved(b)]);
    expect(await a.locator('[data-testid="conflict-notice"]').count()).toBe(0);
    await a.reload();
    await nodeCount(a, start + 3);
    const [slot] = (await slots(a)).filter((s) => s.id === modelId(a));
    expect(slot && ['dense', 'dropout', 'flatten'].map((t) => count(slot.types, t) - before(t))).toEqual([1, 1, 1]);
  }, 240_000);

  it('edits made at the same moment: the stale tab asks before overwriting, and "Keep mine as a copy" keeps both', async () => {
    const { a, b } = await twoTabs();
    const id = modelId(a);
    const [first] = await slots(a);
    const base = (t: string) => count(first?.types ?? [], t);
    // Both edits land inside the autosave delay, so neither tab has seen the other's yet.
    await Promise.all([add(a, 'dense'), add(b, 'dropout')]);
    const notice = (p: Page) => p.locator('[data-testid="conflict-notice"]');
    const stale = await Promise.any(
      [a, b].map((p) =>
        notice(p)
          .waitFor()
          .then(() => p),
      ),
    );
    expect(await notice(stale).textContent()).toContain('This model was changed in another tab');
    const mine = stale === a ? 'dense' : 'dropout';
    const theirs = stale === a ? 'dropout' : 'dense';
    // Until the user chooses, the other tab's version stays as it was saved.
    const before = (await slots(a)).find((s) => s.id === id);
    expect(before && count(before.types, theirs) - base(theirs)).toBe(1);
    expect(before && count(before.types, mine) - base(mine)).toBe(0);
    await stale.getByRole('button', { name: 'Keep mine as a copy' }).click();
    await stale.waitForFunction((old) => !window.location.search.includes(old), id);
    await saved(stale);
    const all = await slots(a);
    const original = all.find((s) => s.id === id);
    const copy = all.find((s) => s.id === modelId(stale));
    expect(original && count(original.types, theirs) - base(theirs)).toBe(1);
    expect(copy && count(copy.types, mine) - base(mine)).toBe(1);
    expect(copy && count(copy.types, theirs) - base(theirs)).toBe(0);
  }, 240_000);
});

describe('models with ids (Chromium)', () => {
  it('?model=<id> reopens a model; Open recent lists name, size and last edit; delete can be undone', async () => {
    const { page } = await h.browser();
    await open(page, '?example=spirals');
    await saved(page);
    const spirals = modelId(page);
    await open(page, '?example=classic-cnn');
    await saved(page);
    const cnn = modelId(page);
    expect(cnn).not.toBe(spirals);
    await page.getByRole('button', { name: 'Open recent…' }).click();
    const table = page.locator('[data-testid="recent-models"]');
    await table.waitFor().catch(async (e) => {
      await page.screenshot({ path: '/tmp/dbg/fail-recent.png' });
      throw e;
    });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/classic_cnn \(open here\)\d+[\d.]+ KBjust now/);
    await table
      .locator(`tr[data-model-id="${spirals}"]`)
      .getByRole('button', { name: /^Delete/ })
      .click();
    await page.getByText(/Deleted “spirals”/).waitFor();
    expect(await rows.count()).toBe(1);
    await page.locator('dialog').getByRole('button', { name: 'Undo' }).click();
    await table.locator(`tr[data-model-id="${spirals}"]`).waitFor();
    await table.locator(`tr[data-model-id="${spirals}"] a`).click();
    await page.waitForURL(new RegExp(`model=${spirals}`));
    await page.waitForSelector('.react-flow__node');
    expect(await page.locator('.sw-breadcrumb').textContent()).toContain('spirals');
  }, 240_000);

  it('the autosave of an earlier version opens as a model of its own', async () => {
    const { page } = await h.browser();
    await page.goto(`${h.url}examples/apes-block.skipwire.json`);
    const doc = await readFile('public/examples/apes-block.skipwire.json', 'utf8');
    await page.evaluate((text) => {
      localStorage.setItem('skipwire:autosave', JSON.stringify({ doc: JSON.parse(text), ui: {}, savedAt: 1 }));
    }, doc);
    await open(page, '');
    await nodeCount(page, 3);
    await saved(page);
    expect(await page.evaluate(() => localStorage.getItem('skipwire:autosave'))).toBeNull();
    const [slot] = await slots(page);
    expect(slot?.id).toBe(modelId(page));
    expect(slot?.types).toEqual(parseDocument(doc).ok ? ['input', 'conv2d', 'add'] : []);
  }, 240_000);
});

describe('a full storage (Chromium)', () => {
  it('says so at once, keeps what was saved intact, and offers the model as a file', async () => {
    const { page } = await h.browser();
    // IndexedDB refuses writes with QuotaExceededError once the page sets __full. (Chromium's own
    // quota override, CDP Storage.overrideQuotaForOrigin, reports itself active but Chromium 156
    // does not enforce it on IndexedDB: a 3 MB put commits under a 1,000-byte quota.)
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
        if ((window as unknown as { __full?: boolean }).__full)
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await open(page, '?example=apes-block');
    await saved(page);
    const id = modelId(page);
    // localStorage, the fallback, is filled for real, to its limit.
    const filled = await page.evaluate(() => {
      (window as unknown as { __full?: boolean }).__full = true;
      // Ever smaller pieces until not even one character fits.
      let refused = 'never full';
      for (let size = 1 << 20, i = 0; size >= 1; size >>= 2)
        for (;;)
          try {
            localStorage.setItem(`filler-${i++}`, 'x'.repeat(size));
          } catch (e) {
            refused = (e as DOMException).name;
            break;
          }
      return refused;
    });
    expect(filled).toBe('QuotaExceededError');
    await page.locator('.react-flow__node[data-id="conv"]').click();
    await page.keyboard.press('Delete');
    await nodeCount(page, 2);
    const warning = page.locator('[data-testid="storage-warning"]');
    await warning.waitFor().catch(async (e) => {
      await page.screenshot({ path: '/tmp/dbg/fail-full.png' });
      throw e;
    });
    expect(await warning.textContent()).toContain(
      'Autosave failed (IndexedDB: storage is full; localStorage: storage is full)',
    );
    // What was saved before is intact: the three layers, readable.
    const kept = (await slots(page)).find((s) => s.id === id);
    expect(kept?.types).toEqual(['input', 'conv2d', 'add']);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="download-copy"]').click();
    const file = await download;
    const text = await readFile((await file.path()) as string, 'utf8');
    const parsed = parseDocument(text);
    expect(parsed.ok && parsed.doc.nodes.map((n) => n.id)).toEqual(['input', 'add']);
    // Room again: the next edit saves, and the warning goes.
    await page.evaluate(() => {
      (window as unknown as { __full?: boolean }).__full = false;
      localStorage.clear();
    });
    await page.keyboard.press('Control+z');
    await nodeCount(page, 3);
    await saved(page);
    expect(await warning.count()).toBe(0);
  }, 240_000);
});

describe('a training worker that ends without a word (Chromium, the real worker)', () => {
  it('ends the run with a fault within 2 s; a fresh worker trains the next run', async () => {
    const { page } = await h.browser();
    let worker: Worker | undefined;
    page.on('worker', (w) => {
      if (w.url().includes('/worker')) worker = w;
    });
    await open(page, '?example=spirals');
    await page.getByRole('tab', { name: 'Training' }).click();
    const epochs = page.locator('[data-setting="epochs"] input');
    await epochs.fill('500');
    await epochs.press('Enter');
    await page.locator('[data-testid="train-start"]').click();
    await page.waitForFunction(
      () => /batch ([3-9]|\d\d)/.test(document.querySelector('[data-testid="train-progress"]')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    const silent = worker as Worker;
    // The worker closes itself: no error event, no answer ever again (as when the browser kills it).
    await silent.evaluate(() => setTimeout(() => self.close()));
    const fault = page.locator('[data-testid="train-fault"][data-kind="error"]');
    await fault.waitFor({ timeout: 2000 });
    expect(await fault.textContent()).toContain('The training worker stopped without a word');
    await page.locator('[data-testid="training-panel"][data-phase="idle"]').waitFor();
    await epochs.fill('1');
    await epochs.press('Enter');
    await page.locator('[data-testid="train-start"]').click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid="train-done"]')?.textContent?.startsWith('Finished after 1 epoch'),
      null,
      { timeout: 120_000 },
    );
    expect(worker).not.toBe(silent);
  }, 240_000);
});
