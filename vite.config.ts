import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * Content-Security-Policy of the built app: scripts, workers and data only from this origin, no
 * inline script and no eval ('wasm-unsafe-eval' lets the tfjs wasm backend compile WebAssembly).
 * Build only: the dev server injects inline scripts (React Fast Refresh) that it would block.
 * `frame-ancestors` cannot be set from a <meta>; a host that needs it sends the header.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const contentSecurityPolicy = (): Plugin => ({
  name: 'skipwire-csp',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
  ],
});

/**
 * Dependencies the dev server pre-bundles at start. Vite otherwise discovers those imported only
 * lazily (tfjs and its wasm backend in the training worker, elkjs, papaparse…) at first use and
 * reloads the page to re-optimize, losing a training run (`npm run dev` must behave as the build).
 */
export const PREBUNDLED = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  '@lezer/python',
  'elkjs/lib/elk.bundled.js',
  'papaparse',
  'comlink',
  'uplot',
  'fflate',
  'idb-keyval',
  'zod',
];

/**
 * Served cross-origin isolated (`crossOriginIsolated`: SharedArrayBuffer, so the training worker
 * can run tfjs's multithreaded wasm, src/train/wasm/threads.ts) by `npm run dev` and `vite
 * preview`. Every resource of the app is same-origin, so `require-corp` blocks nothing. A host
 * serving dist/ sends the same two headers to offer threads (without them wasm runs on one).
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;

// The editor (src/editor) is served from index.html; public/ (examples included) is served as is.
export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  publicDir: 'public',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  optimizeDeps: { include: PREBUNDLED },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
});
