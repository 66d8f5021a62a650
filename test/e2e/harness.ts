/**
 * End-to-end harness: builds the editor once with Vite's `build()` API into a temporary folder,
 * serves it with `preview()`, and launches Debian Chromium through playwright-core with a fresh
 * profile (mkdtemp) per browser. Everything started here is closed by `close()`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, createServer, type PreviewServer, preview } from 'vite';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Harness {
  readonly url: string;
  /**
   * A new browser with an empty profile (no autosave, no storage) and one page; `args` are added
   * to Chromium's (e.g. `--enable-unsafe-webgpu`).
   */
  browser(
    viewport?: { width: number; height: number },
    colorScheme?: 'light' | 'dark',
    args?: readonly string[],
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const root = process.cwd();
  const outDir = await mkdtemp(join(tmpdir(), 'skipwire-e2e-dist-'));
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server: PreviewServer = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, strictPort: false, host: '127.0.0.1', open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not report its URL');
  return withBrowsers(url, async () => {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  });
}

/**
 * The dev server as `npm run dev` runs it (React StrictMode, Vite's dependency optimizer), on a
 * free port, with a fresh optimizer cache as on a fresh clone. Closed by `close()`.
 */
export async function startDevHarness(): Promise<Harness> {
  const root = process.cwd();
  const cacheDir = await mkdtemp(join(process.env.SKIPWIRE_E2E_DIR ?? tmpdir(), 'vite-cache-'));
  const server = await createServer({
    root,
    cacheDir,
    logLevel: 'warn',
    // HMR stays on: a re-optimization reload reaches the page through it, as under npm run dev.
    server: { port: 0, strictPort: false, host: '127.0.0.1', open: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the dev server did not report its URL');
  return withBrowsers(url, async () => {
    await server.close();
    await rm(cacheDir, { recursive: true, force: true });
  });
}

function withBrowsers(url: string, closeServer: () => Promise<void>): Harness {
  const contexts: { context: BrowserContext; dir: string }[] = [];
  return {
    url,
    async browser(viewport = { width: 1440, height: 900 }, colorScheme: 'light' | 'dark' = 'light', args = []) {
      // Under the run's folder (test/globalSetup.ts), whose teardown ends any browser left behind.
      const dir = await mkdtemp(join(process.env.SKIPWIRE_E2E_DIR ?? tmpdir(), 'profile-'));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [...ARGS, ...args],
        viewport,
        colorScheme,
      });
      contexts.push({ context, dir });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => console.error('page error:', e.message));
      return { context, page };
    },
    async close() {
      // All at once: on a loaded machine closing a dozen browsers one by one outlasts a hook's limit.
      await Promise.all(
        contexts.map(async ({ context, dir }) => {
          await context.close().catch(() => {});
          await rm(dir, { recursive: true, force: true }).catch(() => {});
        }),
      );
      await closeServer();
    },
  };
}
