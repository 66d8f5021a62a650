/**
 * `npx tsx bench/threadsRun.ts [--quick] [--reps N] [--no-minify] [--kernel-only]`: `wasm_threads_ratio` alone (bench/threads.ts),
 * the same code `npm run bench` runs; one JSON line on stdout, the log on stderr.
 */
import { startHarness } from '../test/e2e/harness';
import { wasmThreadsRatio } from './threads';
import { serveBenchPage } from './training';

const args = process.argv.slice(2);
const at = args.indexOf('--reps');
const reps = at >= 0 ? Number(args[at + 1]) : undefined;
const h = await startHarness();
const bench = await serveBenchPage({ isolated: true, minify: !args.includes('--no-minify') });
try {
  const figures = await wasmThreadsRatio(
    h,
    bench,
    { quick: args.includes('--quick'), kernelOnly: args.includes('--kernel-only'), ...(reps ? { reps } : {}) },
    (s) => console.error(s),
  );
  console.log(JSON.stringify(figures));
} finally {
  await bench.close();
  await h.close();
}
