/**
 * Import… and Export in a real browser (Debian Chromium through playwright-core), against a
 * production build. tfjs and elkjs must not load with the editor: every script the page fetched
 * is read and searched for a marker of each (a tfjs kernel name, elkjs' option prefix), before and
 * after the command that needs it. Conditions are awaited; there are no fixed sleeps.
 *
 * `SKIPWIRE_SCREENSHOTS=1` also writes docs/screenshot-export.png (the menu with its badge).
 */
import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();

// An error message of tfjs-core's Tensor class: in tfjs's chunk only (kernel names such as
// Conv2DBackpropFilter now also stand in the layer catalogue, which the editor loads).
const TFJS = 'Tensor is disposed';
const ELK = 'org.eclipse.elk';

/** Follows the scripts a page fetches; `loads(marker)` tells whether any of them contains it. */
function watchScripts(page: Page) {
  const urls = new Set<string>();
  page.on('response', (r) => {
    if (/\.m?js(\?|$)/.test(r.url())) urls.add(r.url());
  });
  const bodies = new Map<string, Promise<string>>();
  return {
    count: () => urls.size,
    async loads(marker: string): Promise<boolean> {
      for (const url of urls) {
        if (!bodies.has(url))
          bodies.set(
            url,
            fetch(url).then((r) => r.text()),
          );
        if ((await bodies.get(url))?.includes(marker)) return true;
      }
      return false;
    },
  };
}

async function nodeCount(page: Page, n: number): Promise<void> {
  await page.waitForFunction((want) => document.querySelectorAll('.react-flow__node').length === want, n);
}

async function open(page: Page, query = '') {
  const scripts = watchScripts(page);
  await page.goto(`${h.url}${query}`);
  await page.waitForSelector('.react-flow__node');
  return scripts;
}

const fixture = (name: string) => readFile(`test/fixtures/keras/${name}`);
const params = (page: Page) => page.locator('.sw-status [data-total-params]').textContent();

/** Opens the Export menu and runs one entry; resolves with the download it started. */
async function exportAs(page: Page, entry: string) {
  if ((await page.locator('.sw-export-menu').count()) === 0)
    await page.getByRole('button', { name: 'Export ▾' }).click();
  const download = page.waitForEvent('download');
  await page.locator(`[data-export="${entry}"]`).click();
  return download;
}

describe('import and export (Chromium)', { timeout: 4 * 60_000 }, () => {
  it('loads neither tfjs nor elkjs with the editor; Import… opens a Keras 3 file as one undo step', async () => {
    const { page } = await h.browser();
    const scripts = await open(page);
    await nodeCount(page, 36);
    expect(scripts.count()).toBeGreaterThan(0);
    expect(await scripts.loads(TFJS)).toBe(false);
    expect(await scripts.loads(ELK)).toBe(false);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import…' }).click();
    await (await chooser).setFiles({
      name: 'keras3_functional.json',
      mimeType: 'application/json',
      buffer: await fixture('keras3_functional.json'),
    });
    await nodeCount(page, 8);
    for (const name of ['features', 'leaky_re_lu', 'concatenate', 'layer_normalization', 'output'])
      await page.locator('.react-flow__node').getByText(name, { exact: true }).waitFor();
    expect(await params(page)).toBe('355');
    await page.getByText('Imported keras3_functional.json (Keras 3 JSON): 8 layers.').waitFor();
    // The import laid the graph out with elkjs, loaded for it; tfjs is still not needed.
    expect(await scripts.loads(ELK)).toBe(true);
    expect(await scripts.loads(TFJS)).toBe(false);

    await page.getByRole('button', { name: 'Undo' }).click();
    await nodeCount(page, 36);
    expect(await params(page)).toBe('923,556');
  });

  it('shows why a model cannot be imported, naming the layer', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apes-block');
    const model = JSON.parse((await fixture('keras2_functional_resnet.json')).toString('utf8'));
    model.config.layers[1].config.groups = 2;
    const name = model.config.layers[1].config.name as string;
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'resnet.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(model)),
    });
    const alert = page.locator('.sw-import-report[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`layer "${name}" (${model.config.layers[1].class_name}): groups`);
    expect(await page.locator('.react-flow__node').count()).toBe(3);
  });

  it('exports ApesNet as a Keras Python script with its ApesBlock as a function, a PNG and the project', async () => {
    const { page } = await h.browser();
    const scripts = await open(page);
    await nodeCount(page, 36);
    const download = await exportAs(page, 'python');
    expect(download.suggestedFilename()).toBe('apesnet.py');
    const script = await readFile(await download.path(), 'utf8');
    expect(script).toContain('def apes_block(');
    expect(script).toContain('def build_model(');
    expect(script).not.toContain('MultiWorkerMirroredStrategy');
    await page.getByRole('checkbox', { name: 'Multi-worker training section' }).check();
    const multi = await exportAs(page, 'python');
    expect(await readFile(await multi.path(), 'utf8')).toContain('MultiWorkerMirroredStrategy');
    await page.getByText('Saved apesnet.py.').waitFor();
    const png = await exportAs(page, 'png');
    expect(png.suggestedFilename()).toBe('apesnet.png');
    const image = await readFile(await png.path());
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const project = await exportAs(page, 'project');
    expect(project.suggestedFilename()).toBe('apesnet.skipwire.json');
    expect(JSON.parse(await readFile(await project.path(), 'utf8')).format).toBe('skipwire');
    // The script and the diagram are written without tfjs.
    expect(await scripts.loads(TFJS)).toBe(false);
  });

  it('exports apes-block as tfjs (a .zip, fidelity badge pass) and imports it back with its weights', async () => {
    const { page } = await h.browser();
    const scripts = await open(page, '?example=apes-block');
    await nodeCount(page, 3);
    expect(await scripts.loads(TFJS)).toBe(false);
    const download = await exportAs(page, 'tfjs');
    const badge = page.locator('.sw-export-menu [data-fidelity]');
    await badge.waitFor();
    expect(await badge.getAttribute('data-fidelity')).toBe('pass');
    expect(await badge.textContent()).toBe('✓ Fidelity check passed');
    expect(download.suggestedFilename()).toBe('apes_block.tfjs.zip');
    const files = unzipSync(new Uint8Array(await readFile(await download.path())));
    expect(Object.keys(files).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(new TextDecoder().decode(files['model.json']));
    expect(modelJson.format).toBe('layers-model');
    expect(files['weights.bin']?.byteLength).toBe(84 * 4);
    // tfjs came with the export, not before it.
    expect(await scripts.loads(TFJS)).toBe(true);
    if (process.env.SKIPWIRE_SCREENSHOTS) {
      await badge.hover();
      await page.screenshot({ path: 'docs/screenshot-export.png' });
    }

    // The two files imported together bring the weights back, and the next export carries them.
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="import-file"]').setInputFiles(
      Object.entries(files).map(([name, data]) => ({
        name,
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(data),
      })),
    );
    await page.getByText('Imported model.json (TensorFlow.js layers model): 3 layers, with its weights.').waitFor();
    const again = await exportAs(page, 'tfjs');
    await page.getByText('Imported weights.').waitFor();
    const files2 = unzipSync(new Uint8Array(await readFile(await again.path())));
    expect(files2['weights.bin']).toEqual(files['weights.bin']);
  });

  it('exports the weights trained in the Training panel', async () => {
    const { page } = await h.browser();
    await open(page, '?example=spirals');
    await page.getByRole('tab', { name: 'Training' }).click();
    await page.locator('[data-testid="training-panel"]').waitFor();
    await page.locator('[data-testid="train-dataset"]').selectOption('spirals');
    const epochs = page.locator('[data-setting="epochs"] input');
    await epochs.fill('1');
    await epochs.press('Enter');
    await page.locator('[data-testid="train-start"]').click();
    await page.locator('[data-testid="train-done"]').waitFor({ timeout: 120_000 });
    await exportAs(page, 'tfjs');
    await page.locator('.sw-export-menu [data-fidelity="pass"]').waitFor();
    await page.locator('.sw-export-menu').getByText('Trained weights.', { exact: true }).waitFor();
  });

  it('imports a model JSON dropped onto the canvas', async () => {
    const { page } = await h.browser();
    await open(page, '?example=apes-block');
    await nodeCount(page, 3);
    const text = (await fixture('keras2_functional_resnet.json')).toString('utf8');
    const data = await page.evaluateHandle((json) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'resnet.json', { type: 'application/json' }));
      return dt;
    }, text);
    const pane = page.locator('.react-flow__pane');
    await pane.dispatchEvent('dragover', { dataTransfer: data });
    await pane.dispatchEvent('drop', { dataTransfer: data });
    await nodeCount(page, 12);
    expect(await params(page)).toBe('435');
    await page.getByText(/^Imported resnet\.json \(Keras 2 JSON\)/).waitFor();
  });
});
