/**
 * Vitest global setup: builds the CLI (bin/skipwire.js, as `npm install` does) so the tests that
 * run the real command see the current source, and gives the end-to-end harness one folder for this
 * run's browser profiles. The teardown ends every Chromium process whose command line names that
 * folder — browsers a failed or timed-out test left behind — and removes it. Only this run's
 * browsers carry it, so other test runs on the machine are never touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_DIR_ENV = 'SKIPWIRE_E2E_DIR';

/** Pids of the processes whose command line contains `marker` (Linux /proc; none elsewhere). */
export function processesNaming(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  const dir = mkdtempSync(join(tmpdir(), 'skipwire-e2e-run-'));
  process.env[E2E_DIR_ENV] = dir;
  return () => {
    const left = processesNaming(dir);
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (left.length) console.warn(`test teardown: ended ${left.length} browser process(es) left running by a test`);
    rmSync(dir, { recursive: true, force: true });
  };
}
