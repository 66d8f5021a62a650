/**
 * Timing helpers for the benchmarks: medians of repeated runs, never single samples. No Node
 * import (the global `performance` of Node and browsers), so the bench page (bench/train/) uses
 * them too.
 */

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * Median milliseconds of `reps` runs of `fn`, after untimed warm-up runs: at least `warmup` of
 * them and at least `warmupMs` of them, so V8 has optimised the hot functions before the timing
 * starts (on the loaded 2-core machine that takes about ten runs of an analysis).
 */
export function timeMs(fn: () => void, reps: number, warmup = 2, warmupMs = 300): number {
  const until = performance.now() + warmupMs;
  for (let i = 0; i < warmup || performance.now() < until; i++) fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/**
 * Interleaves A and B runs (so drift hits both alike), after one untimed run of each, and returns
 * both medians in ms (and every timed run in `runs`).
 */
export async function sideBySide(
  a: () => void | Promise<void>,
  b: () => void | Promise<void>,
  reps: number,
): Promise<{ a: number; b: number; runs: { a: number[]; b: number[] } }> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < reps; i++) {
    for (const [fn, out] of (i % 2
      ? [
          [b, tb],
          [a, ta],
        ]
      : [
          [a, ta],
          [b, tb],
        ]) as [() => unknown, number[]][]) {
      const t0 = performance.now();
      await fn();
      out.push(performance.now() - t0);
    }
  }
  return { a: median(ta), b: median(tb), runs: { a: ta, b: tb } };
}

export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
