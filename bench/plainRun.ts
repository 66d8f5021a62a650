/**
 * `npx tsx bench/plainRun.ts [--quick] [--reps N] [--only case,case] [--samples case=N] [--epochs case=N]`:
 * `train_ratio_plain` alone (bench/plain.ts), the same code `npm run bench` runs, optionally at
 * other sizes; one JSON line on stdout, the log on stderr.
 */
import { startHarness } from '../test/e2e/harness';
import { type CaseSizes, type PlainCase, trainRatioPlain } from './plain';
import { serveBenchPage } from './training';

const args = process.argv.slice(2);
const value = (flag: string) => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const sizes: Partial<Record<PlainCase, CaseSizes>> = {};
for (const key of ['samples', 'epochs'] as const)
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== `--${key}`) continue;
    const [name, n] = (args[i + 1] ?? '').split('=') as [PlainCase, string];
    sizes[name] = { ...sizes[name], [key]: Number(n) };
  }
const reps = value('--reps');
const only = value('--only')?.split(',') as PlainCase[] | undefined;
const h = await startHarness();
const bench = await serveBenchPage();
try {
  const figures = await trainRatioPlain(
    h,
    bench,
    { quick: args.includes('--quick'), sizes, ...(reps ? { reps: Number(reps) } : {}), ...(only ? { only } : {}) },
    (s) => console.error(s),
  );
  console.log(JSON.stringify(figures));
} finally {
  await bench.close();
  await h.close();
}
