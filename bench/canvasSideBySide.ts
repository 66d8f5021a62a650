/**
 * `npx tsx bench/canvasSideBySide.ts <other checkout root> [rounds]`: the drag with the 302-layer
 * model all in view (as `drag_fps_300_fit`), on this checkout's editor and another's, side by
 * side: both built and open at once, one ~2 s drag on each in turn, so both see the same machine.
 * Prints each round and the median ratio this ÷ other, with the load average.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { CHROMIUM } from '../test/e2e/harness';
import { mobileNetV2Like } from '../test/e2e/mobilenet';
import { dragFps, FIT } from './probes';
import { median, round } from './stats';

const other = process.argv[2];
if (!other) throw new Error('usage: canvasSideBySide.ts <other checkout root> [rounds]');
const rounds = Number(process.argv[3] ?? 5);
const cleanup: (() => Promise<unknown>)[] = [];

async function open(root: string, json: string, layers: number): Promise<Page> {
  const outDir = await mkdtemp(join(tmpdir(), 'skipwire-sbs-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0 } });
  const dir = await mkdtemp(join(tmpdir(), 'skipwire-sbs-chrome-'));
  const context: BrowserContext = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
  });
  cleanup.push(
    () => context.close(),
    () => server.close(),
    () => rm(outDir, { recursive: true, force: true }),
    () => rm(dir, { recursive: true, force: true }),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  const until = async (expr: string) => {
    for (let i = 0; i < 3000 && !(await page.evaluate<boolean>(`Boolean(${expr})`)); i++)
      await new Promise((r) => setTimeout(r, 100));
  };
  await page.goto(`${server.resolvedUrls?.local[0]}?example=apes-block`);
  await until("document.querySelectorAll('.react-flow__node').length === 3");
  await page.locator('[data-testid="import-file"]').setInputFiles({
    name: 'm.json',
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  });
  await until(
    `document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '${layers}' && [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].every((p) => p.dataset.routed === 'true')`,
  );
  await page.locator(FIT).click();
  await until(`document.querySelectorAll('.react-flow__node').length === ${layers}`);
  return page;
}

try {
  const model = mobileNetV2Like(tf, 2);
  const json = model.toJSON(null, true) as string;
  const mine = await open(process.cwd(), json, model.layers.length);
  const theirs = await open(other, json, model.layers.length);
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const a = (await dragFps(mine, 1)).fps[0] as number;
    const b = (await dragFps(theirs, 1)).fps[0] as number;
    ratios.push(a / b);
    console.log(
      `round ${r + 1}: this ${round(a, 1)} fps, other ${round(b, 1)} fps; load ${round(loadavg()[0] as number, 2)}`,
    );
  }
  console.log(`median ratio this ÷ other: ${round(median(ratios), 2)} (${ratios.map((x) => round(x, 2)).join(', ')})`);
} finally {
  for (const f of cleanup.reverse()) await f().catch(() => {});
}
