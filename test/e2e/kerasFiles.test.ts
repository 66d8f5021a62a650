/**
 * Keras's own files in a real browser (Debian Chromium, production build): a `.keras` picked with
 * Import…, an `.h5` dropped on the canvas, both with their weights, and saved again from the Export
 * menu as `.keras` / `.h5` after the read-back check. h5wasm (the HDF5 library) loads only then:
 * the editor's first scripts do not contain it. Conditions are awaited; no fixed sleeps.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

/** A string only h5wasm's bundle holds (an HDF5 C function name). */
const H5WASM = 'H5Fopen';

function watchScripts(page: Page) {
  const urls = new Set<string>();
  page.on('response', (r) => {
    if (/\.m?js(\?|$)/.test(r.url())) urls.add(r.url());
  });
  return {
    async loads(marker: string): Promise<boolean> {
      for (const url of urls) if ((await (await fetch(url)).text()).includes(marker)) return true;
      return false;
    },
  };
}

const real = (name: string) => readFile(`test/fixtures/real/${name}`);
const nodeCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);
const params = (page: Page) => page.locator('.sw-status [data-total-params]').textContent();

async function exportAs(page: Page, entry: string) {
  if ((await page.locator('.sw-export-menu').count()) === 0)
    await page.getByRole('button', { name: 'Export ▾' }).click();
  const download = page.waitForEvent('download');
  await page.locator(`[data-export="${entry}"]`).click();
  return download;
}

describe('.keras and .h5 in the editor (Chromium)', () => {
  it('Import… opens a .keras with its weights; Export saves .keras and .h5 that import back the same', async () => {
    const { page } = await h.browser();
    page.on('console', (m) => m.type() === 'error' && console.error(`page: ${m.text()}`));
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    const scripts = watchScripts(page);
    await page.goto(`${h.url}?example=apes-block`);
    await nodeCount(page, 3);
    expect(await scripts.loads(H5WASM)).toBe(false);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import…' }).click();
    const picker = await chooser;
    expect(await picker.element().getAttribute('accept')).toContain('.keras');
    await picker.setFiles({
      name: 'churn.keras',
      mimeType: 'application/zip',
      buffer: await real('churn_keras3.keras'),
    });
    await page.getByText('Imported churn.keras (Keras 3 .keras file): 4 layers, with its weights.').waitFor();
    await nodeCount(page, 4);
    expect(await params(page)).toBe('2,945');
    expect(await scripts.loads(H5WASM)).toBe(true);

    const keras = await exportAs(page, 'keras');
    await page.locator('.sw-export-menu [data-fidelity="pass"]').waitFor();
    await page.locator('.sw-export-menu').getByText('Imported weights.', { exact: true }).waitFor();
    expect(keras.suggestedFilename()).toBe('sequential_2.keras');
    const h5 = await exportAs(page, 'h5');
    await page.locator('.sw-export-menu').getByText('Saved sequential_2.h5.').waitFor();
    expect(h5.suggestedFilename()).toBe('sequential_2.h5');
    const h5Bytes = await readFile(await h5.path());
    expect([...h5Bytes.subarray(0, 4)]).toEqual([0x89, 0x48, 0x44, 0x46]);

    // The saved .h5, imported again, carries the same weights out as tfjs.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'again.h5',
      mimeType: 'application/x-hdf5',
      buffer: h5Bytes,
    });
    await page.getByText('Imported again.h5 (Keras 2 .h5 file): 4 layers, with its weights.').waitFor();
    expect(await params(page)).toBe('2,945');
  }, 240_000);

  it('imports an .h5 dropped onto the canvas, and says why a damaged one cannot be', async () => {
    const { page } = await h.browser();
    await page.goto(`${h.url}?example=apes-block`);
    await nodeCount(page, 3);
    const drop = async (name: string, bytes: Buffer) => {
      const data = await page.evaluateHandle(
        ([n, b]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([new Uint8Array(b)], n));
          return dt;
        },
        [name, [...bytes]] as const,
      );
      const pane = page.locator('.react-flow__pane');
      await pane.dispatchEvent('dragover', { dataTransfer: data });
      await pane.dispatchEvent('drop', { dataTransfer: data });
    };
    await drop('lstm.h5', await real('lstm_keras2.h5'));
    await page.getByText('Imported lstm.h5 (Keras 2 .h5 file): 3 layers, with its weights.').waitFor();
    await nodeCount(page, 3);
    expect(await params(page)).toBe('21,451');

    await drop('cut.h5', (await real('lstm_keras2.h5')).subarray(0, 5000));
    const alert = page.locator('.sw-import-report[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('cut.h5: cannot open the HDF5 file: it is truncated or damaged');
    expect(await params(page)).toBe('21,451');
  }, 240_000);
});
