/**
 * Reliability and security in a real browser (Debian Chromium through playwright-core), against
 * the production build: autosave survives an immediate reload and degrades to a visible warning
 * when storage is denied or full; a file from a newer Skipwire is refused with a message saying
 * so; hostile layer names render as text; the Content-Security-Policy lets the editor run and
 * blocks inline scripts and scripts from elsewhere. Conditions are awaited; there are no fixed sleeps.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, FORMAT_VERSION, serializeDocument } from '../../src/compile';
import { fileHarness } from './fileHarness';
import { editorWorks, faultShown, startRun, tensors, tensorsAre, trainingPage, trainsAgain } from './trainingFaults';

const h = fileHarness();

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

describe('reliability and security (Chromium)', { timeout: 3 * 60_000 }, () => {
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
        `Could not open future.skipwire.json: this file was saved by a newer Skipwire (format version 99); this version reads up to version ${FORMAT_VERSION}: update Skipwire to open it`,
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

/**
 * Faults injected into the real training worker (spirals on WebGL), through Playwright's handle
 * on the worker: tfjs keeps its engine at `self._tfengine`, so a test can make a kernel return NaN
 * or throw, lose the WebGL context with `WEBGL_lose_context`, or throw an uncaught error that
 * takes the worker down. Each time the run must stop with a message at the Training panel, the
 * editor must go on working, and the worker must hold no more tensors than the model it keeps.
 */
// Each fault test trains up to three runs (start, the fault, a run after it): up to ~5 minutes loaded.
describe('training faults (Chromium, the real worker)', { timeout: 8 * 60_000 }, () => {
  it('a NaN in the loss stops the run with a message, discards the diverged weights and releases their tensors', async () => {
    const { page, current } = await trainingPage(h);
    await startRun(page);
    // From now on every softmax output is multiplied by NaN, in the forward pass of each step.
    await current().evaluate(() => {
      const engine = (self as unknown as { _tfengine: Record<string, unknown> })._tfengine;
      const run = engine.runKernel as (n: string, i: object, a: object) => unknown;
      engine.runKernel = function (this: unknown, name: string, inputs: object, attrs: object) {
        const out = run.call(this, name, inputs, attrs);
        if (name !== 'Softmax') return out;
        const nan = run.call(this, 'Fill', {}, { shape: [], value: Number.NaN, dtype: 'float32' });
        return run.call(this, 'Multiply', { a: out, b: nan }, {});
      };
    });
    const text = await faultShown(page, 'nan');
    // The step it lands on depends on when the injection comes: on WebGL losses are read every few
    // batches, so the first read after it may already be in epoch 2.
    expect(text).toMatch(/The loss became not a number \(NaN\) at epoch \d+, batch \d+: training stopped/);
    expect(text).toContain('Lower the learning rate');
    await tensorsAre(page, 0);
    await current().evaluate(() => {
      delete (self as unknown as { _tfengine: Record<string, unknown> })._tfengine.runKernel;
    });
    await editorWorks(page);
    await trainsAgain(page);
    expect(await tensors(page)).toBeGreaterThan(0);
  });

  it('an error thrown inside the worker stops the run with its message; the model and the editor stay', async () => {
    const { page, current } = await trainingPage(h);
    await startRun(page);
    await current().evaluate(() => {
      (self as unknown as { _tfengine: Record<string, unknown> })._tfengine.runKernel = () => {
        throw new Error('injected kernel failure');
      };
    });
    const text = await faultShown(page, 'error');
    expect(text).toMatch(/Training failed at epoch 1, batch \d+: injected kernel failure/);
    // The model trained so far stays in the worker, nothing more: Reset releases all of it.
    const kept = await tensors(page);
    expect(kept).toBeGreaterThan(0);
    await current().evaluate(() => {
      delete (self as unknown as { _tfengine: Record<string, unknown> })._tfengine.runKernel;
    });
    await page.locator('[data-testid="train-reset"]').click();
    await tensorsAre(page, 0);
    await editorWorks(page);
    await trainsAgain(page);
    expect(await tensors(page)).toBe(kept);
  });

  it('a crashed worker ends the run with a message; a fresh worker trains the next run', async () => {
    const { page, current } = await trainingPage(h);
    await startRun(page);
    const crashed = current();
    await crashed.evaluate(() => {
      setTimeout(() => {
        throw new Error('injected crash');
      });
    });
    const text = await faultShown(page, 'error');
    expect(text).toMatch(/The training worker crashed \(.*injected crash\); training stopped/);
    expect(text).toContain('Your model is safe');
    await tensorsAre(page, 0); // the new worker holds nothing
    expect(current()).not.toBe(crashed);
    await editorWorks(page);
    await trainsAgain(page);
  });

  it('a lost WebGL context stops the run with a message instead of hanging; the next run gets a new context', async () => {
    const { page, current } = await trainingPage(h);
    await startRun(page);
    const lost = await current().evaluate(() => {
      const engine = (self as unknown as { _tfengine: { backendInstance: { gpgpu: { gl: WebGL2RenderingContext } } } })
        ._tfengine;
      const gl = engine.backendInstance.gpgpu.gl;
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return gl.isContextLost();
    });
    expect(lost).toBe(true);
    const text = await faultShown(page, 'context-lost');
    expect(text).toMatch(/The webgl context was lost at epoch 1, batch \d+/);
    expect(text).toContain('Press Start to train again');
    await tensorsAre(page, 0);
    await editorWorks(page);
    await trainsAgain(page);
  });
});
