/**
 * `cli_help_ms`, `cli_validate_ms`: wall time of the built `skipwire` command (bin/skipwire.js,
 * rebuilt first as `npm install` does) from spawn to exit, medians of repetitions, with
 * `node_startup_ms` (`node -e 0`) measured interleaved so a loaded machine can be read off.
 */
import { spawnSync } from 'node:child_process';
import { round } from './stats';

const APESNET = 'public/examples/apesnet.skipwire.json';

function wallMs(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.split('\n')[0]}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export function cliFigures(reps: number, log: (s: string) => void): Record<string, number | number[]> {
  wallMs(['scripts/build-cli.mjs']);
  const runs = { node: [] as number[], help: [] as number[], validate: [] as number[] };
  wallMs(['bin/skipwire.js', 'help']); // warm the file cache
  for (let i = 0; i < reps; i++) {
    runs.node.push(wallMs(['-e', '0']));
    runs.help.push(wallMs(['bin/skipwire.js', 'help']));
    runs.validate.push(wallMs(['bin/skipwire.js', 'validate', APESNET]));
  }
  const out = {
    cli_help_ms: round(median(runs.help), 1),
    cli_validate_ms: round(median(runs.validate), 1),
    node_startup_ms: round(median(runs.node), 1),
    cli_validate_runs_ms: runs.validate.map((x) => round(x, 1)),
  };
  log(
    `skipwire help: ${out.cli_help_ms} ms, validate ApesNet: ${out.cli_validate_ms} ms (node -e 0: ${out.node_startup_ms} ms)`,
  );
  return out;
}
