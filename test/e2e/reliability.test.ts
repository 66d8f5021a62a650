/**
 * Reliability and security in a real browser (Debian Chromium through playwright-core), against
 * the production build: autosave survives an immediate reload and degrades to a visible warning
 * when storage is denied or full; a file from a newer Skipwire is refused with a message saying
 * so; hostile layer names render as text; the Content-Security-Policy lets the editor run and
 * blocks inline scripts and scripts from elsewhere. Conditions are awaited; there are no fixed sleeps.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from '../../src/compile/examples';
import { serializeDocument } from '../../src/compile/parse';
import { type Harness, startHarness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const HOSTILE = '<img src=x onerror=alert(1)>';

const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const nodeCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);

/**
 * A browser page that records every CSP violation (as `directive blocked-uri`) and every dialog
 * (alert, confirm, prompt), dismissing it.
 */
async function watchedPage() {
  const { page } = await h.browser();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const violations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
  return { page, dialogs, violations };
}

async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${h.url}${query}`);
  await page.waitForSelector('.react-flow__node');
}

/** Opens a document through the toolbar's Open… file input. */
async function openFile(page: Page, name: string, text: string): Promise<void> {
  await page.locator('[data-testid="open-file"]').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
}

/** The hostile name must show as text, and no element may have been made from it. */
async function expectInert(page: Page, dialogs: string[]): Promise<void> {
  await page.locator('.react-flow__node').getByText(HOSTILE, { exact: true }).first().waitFor();
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.evaluate(() => [...document.querySelectorAll('[onerror]')].length)).toBe(0);
  expect(dialogs).toEqual([]);
}

describe('reliability and security (Chromium)', () => {
  it('keeps an edit made just before an immediate reload (no wait for autosave)', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apes-block');
    await nodeCount(page, 3);
    // The example became the working copy (saved once); the edit below is not awaited at all.
    await page.locator('[data-save-state="saved"]').waitFor();
    await node(page, 'conv').click();
    await page.keyboard.press('Delete');
    await nodeCount(page, 2);
    await page.reload();
    await page.waitForSelector('.react-flow__node');
    await nodeCount(page, 2);
    expect(await node(page, 'conv').count()).toBe(0);
  });

  it('warns visibly when storage is denied and full, and editing and undo go on', async () => {
    const { page } = await h.browser();
    await page.addInitScript(() => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await open(page, '?example=apes-block');
    await nodeCount(page, 3);
    const alert = page.getByRole('alert').filter({ hasText: 'Autosave failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('IndexedDB: storage is denied; localStorage: storage is full');
    await page.locator('[data-save-state="error"]').waitFor();
    // Editing goes on: delete a layer, undo and redo it, all in this tab.
    await node(page, 'conv').click();
    await page.keyboard.press('Delete');
    await nodeCount(page, 2);
    await page.getByRole('button', { name: 'Undo' }).click();
    await nodeCount(page, 3);
    await page.getByRole('button', { name: 'Redo' }).click();
    await nodeCount(page, 2);
    expect(await page.locator('[data-save-state="error"]').count()).toBe(1);
  });

  it('refuses a file saved by a newer Skipwire, saying so, and keeps the open model', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apes-block');
    await nodeCount(page, 3);
    const future = { ...JSON.parse(serializeDocument((EXAMPLES.spirals as () => never)())), version: 99 };
    await openFile(page, 'future.skipwire.json', JSON.stringify(future));
    await page
      .getByText(
        'Could not open future.skipwire.json: this file was saved by a newer Skipwire (format version 99); this version reads up to version 1: update Skipwire to open it',
      )
      .waitFor();
    await nodeCount(page, 3);
    expect(await node(page, 'conv').count()).toBe(1);
  });

  it('shows a hostile layer name from a .skipwire.json as text, with no element and no dialog', async () => {
    const { page, dialogs, violations } = await watchedPage();
    await open(page, '?example=apes-block');
    const doc = JSON.parse(serializeDocument((EXAMPLES['apes-block'] as () => never)()));
    doc.name = HOSTILE;
    doc.nodes[1].name = HOSTILE;
    doc.nodes[1].id = HOSTILE;
    doc.edges = doc.edges.map((e: { source: string; target: string }) => ({
      ...e,
      source: e.source === 'conv' ? HOSTILE : e.source,
      target: e.target === 'conv' ? HOSTILE : e.target,
    }));
    await openFile(page, 'hostile.skipwire.json', JSON.stringify(doc));
    await expectInert(page, dialogs);
    await page.locator('.sw-breadcrumb').getByText(HOSTILE, { exact: true }).waitFor();
    // Selected, the inspector shows it in its name field, as a value.
    await page.locator('.react-flow__node').getByText(HOSTILE, { exact: true }).click();
    await expect(page.locator('.sw-inspector-head input').inputValue()).resolves.toBe(HOSTILE);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it('shows a hostile layer name from an imported Keras JSON as text, with no element and no dialog', async () => {
    const { page, dialogs } = await watchedPage();
    await open(page, '?example=apes-block');
    const model = JSON.parse(await readFile('test/fixtures/keras/keras2_sequential.json', 'utf8'));
    model.config.layers[3].config.name = HOSTILE;
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'hostile.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(model)),
    });
    await nodeCount(page, 5);
    await expectInert(page, dialogs);
  });

  it('loads under the Content-Security-Policy with no violation; inline scripts and other origins are blocked', async () => {
    const { page, dialogs, violations } = await watchedPage();
    await open(page);
    await page.locator('[data-save-state="saved"]').waitFor();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("object-src 'none'");
    expect(await violations()).toEqual([]);

    // Inline code, an inline handler, and scripts from another origin or a data: URL are refused.
    // (page.evaluate itself runs through the debugger, which the policy does not cover.)
    await page.evaluate(() => {
      const inline = document.createElement('script');
      inline.textContent = 'window.__ran = "inline"; alert(1)';
      document.head.append(inline);
      const handler = document.createElement('img');
      handler.setAttribute('onerror', 'window.__ran = "handler"');
      handler.src = 'data:,';
      document.body.append(handler);
      for (const src of ['https://example.com/evil.js', 'data:text/javascript,window.__ran="data"']) {
        const s = document.createElement('script');
        s.src = src;
        document.head.append(s);
      }
    });
    await page.waitForFunction(() => (window as unknown as { __csp: string[] }).__csp.length >= 4);
    expect(await page.evaluate(() => (window as unknown as { __ran?: string }).__ran)).toBeUndefined();
    expect((await violations()).sort()).toEqual(
      [
        'script-src-elem inline',
        'script-src-attr inline',
        'script-src-elem https://example.com/evil.js',
        'script-src-elem data',
      ].sort(),
    );
    expect(csp).not.toMatch(/\s'unsafe-eval'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(dialogs).toEqual([]);
  });
});
