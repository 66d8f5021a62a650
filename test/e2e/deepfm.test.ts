/**
 * A real DeepFM (test/fixtures/real/dl4j-deepfm.model_config.json) in a real browser: each Lambda
 * call's output shape typed into the inspector, the third call of the shared `sum_of_tensors` as
 * `()` (one value per sample), then the Keras JSON export passes its read-back check. Conditions
 * are awaited; no fixed sleeps.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fileHarness } from './fileHarness';

const h = fileHarness();
const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const SHOTS = process.env.SKIPWIRE_SHOTS;

/** Each Lambda call, in an order where its input shape is known when it is reached, and what is typed. */
const TYPED: [string, string][] = [
  ['cat_embed_2d_genure_mean', '1, 20'],
  ['embed_1d_mean', '1'],
  ['sum_of_tensors', '20'],
  ['square_of_tensors', '4, 20'],
  ['sum_of_tensors_call_2', '20'],
  ['lambda_1', '20'],
  ['sum_of_tensors_call_3', '()'],
];

describe('DeepFM in the editor (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('takes every Lambda call’s shape in the inspector, () included, and exports Keras JSON', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(`${h.url}?example=apes-block`);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'deepfm.json',
      mimeType: 'application/json',
      buffer: await readFile('test/fixtures/real/dl4j-deepfm.model_config.json'),
    });
    await node(page, 'sum_of_tensors_call_3').waitFor();
    const close = page.locator('.sw-notice button, .sw-import-report button');
    for (let i = 0; i < 4 && (await close.count()) > 0; i++) await close.first().click();

    for (const [id, typed] of TYPED) {
      // 35 layers: a node may sit under the side panel or another node's popover; select it directly.
      await node(page, id).dispatchEvent('click');
      const field = page.locator('.sw-field[data-param="outputShape"]');
      await field.waitFor();
      await field.locator('.sw-null-toggle input').uncheck();
      const input = field.locator('input.sw-input');
      await input.fill(typed);
      await input.press('Enter');
      await page.waitForFunction(
        (nodeId) =>
          !document
            .querySelector(`.react-flow__node[data-id="${nodeId}"] .sw-node-message`)
            ?.textContent?.includes('output shape unknown'),
        id,
      );
    }
    // The empty shape reads back as () in the field; the Reshape after it has its 1 value.
    expect(await page.locator('.sw-field[data-param="outputShape"] input.sw-input').inputValue()).toBe('()');
    expect(await node(page, 'fm_2d_output').locator('.sw-node-shape').textContent()).toBe('1');
    if (SHOTS) {
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: `${SHOTS}/deepfm-scalar-shape.png` });
    }

    await page.getByRole('button', { name: 'Export ▾' }).click();
    const download = page.waitForEvent('download');
    await page.locator('[data-export="keras-json"]').click();
    await page.locator('.sw-export-menu [data-fidelity="pass"]').waitFor();
    const json = JSON.parse(await readFile((await (await download).path()) as string, 'utf8'));
    const sum = json.config.layers.find((l: { name: string }) => l.name === 'sum_of_tensors');
    expect(sum.inbound_nodes).toHaveLength(3);
    expect(sum.skipwire_call_output_shapes).toEqual([[null, 20], [null, 20], [null]]);
  });
});
