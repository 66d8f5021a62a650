#!/usr/bin/env node
/**
 * Builds the `skipwire` command (src/cli) into plain JavaScript: bin/skipwire.js and its lazily
 * loaded chunks in bin/chunks/. Run by `npm install` / `npm ci` (the `prepare` script) and by the
 * test suite's global setup, so the CLI never compiles TypeScript at start.
 * Usage: node scripts/build-cli.mjs
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildCli() {
  rmSync(join(root, 'bin/chunks'), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: { skipwire: 'src/cli/index.ts' },
    outdir: 'bin',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // tfjs and elkjs load from node_modules, lazily, only in the commands that use them; the rest
    // (zod) is bundled: one file reads faster than zod's hundreds of modules at every start.
    external: ['@tensorflow/*', 'elkjs', 'elkjs/*'],
    banner: {
      js: '#!/usr/bin/env node\n// Built from src/cli by scripts/build-cli.mjs (npm install runs it); do not edit.',
    },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildCli();
