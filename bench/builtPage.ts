/**
 * The bench tools that trace or profile the editor (canvasTasks.ts, canvasProfile.ts) share this:
 * a production build of this checkout (minified or not, so profiles keep function names), served
 * by `vite preview`, and one headless Chromium page at 1400×900 with a fresh profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { CHROMIUM } from '../test/e2e/harness';

export async function openBuiltEditor(name: string, minify: boolean) {
  const outDir = await mkdtemp(join(tmpdir(), `skipwire-${name}-`));
  await build({ root: process.cwd(), logLevel: 'warn', build: { outDir, emptyOutDir: true, minify } });
  const server = await preview({ root: process.cwd(), logLevel: 'warn', build: { outDir }, preview: { port: 0 } });
  const url = server.resolvedUrls?.local[0] as string;
  const profileDir = await mkdtemp(join(tmpdir(), `skipwire-${name}-chrome-`));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  /** Polls `expr` in the page every `stepMs` until it holds (at most 3,000 polls). */
  const until = async (expr: string, stepMs: number) => {
    for (let i = 0; i < 3000 && !(await page.evaluate<boolean>(`Boolean(${expr})`)); i++)
      await new Promise((r) => setTimeout(r, stepMs));
  };
  const close = async () => {
    await context.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(profileDir, { recursive: true, force: true });
  };
  return { page, context, url, until, close };
}
