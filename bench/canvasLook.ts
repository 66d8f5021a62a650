/**
 * `npx tsx bench/canvasLook.ts <out dir>`: pictures of the canvas at each semantic zoom level, for
 * comparing two checkouts' looks (run from each checkout's root): apes-block (near), the
 * 302-layer MobileNetV2-style model at its start view (mid) and after Fit (far). A tool.
 */
import * as tf from '@tensorflow/tfjs';
import { startHarness } from '../test/e2e/harness';
import { mobileNetV2Like } from '../test/e2e/mobilenet';
import { FIT } from './probes';

const out = process.argv[2] ?? '.';
const h = await startHarness();
try {
  const { page } = await h.browser({ width: 1400, height: 900 });
  const settle = () => page.evaluate('new Promise((r) => requestAnimationFrame(() => setTimeout(r, 600)))');
  await page.goto(`${h.url}?example=apes-block`);
  await page.locator('.react-flow__edge path[data-routed="true"]').first().waitFor({ state: 'attached' });
  await settle();
  await page.screenshot({ path: `${out}/near.png` });
  const model = mobileNetV2Like(tf, 2);
  await page.locator('[data-testid="import-file"]').setInputFiles({
    name: 'm.json',
    mimeType: 'application/json',
    buffer: Buffer.from(model.toJSON(null, true) as string),
  });
  await page.waitForFunction(
    (n) => document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === String(n),
    model.layers.length,
    { timeout: 300_000 },
  );
  await page.locator('.react-flow__edge path[data-routed="true"]').first().waitFor({ state: 'attached' });
  await settle();
  await page.screenshot({ path: `${out}/mid.png` });
  await page.locator(FIT).click();
  await settle();
  await page.screenshot({ path: `${out}/far.png` });
} finally {
  await h.close();
}
