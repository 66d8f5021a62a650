/** How the CLI talks: one line at a time to stdout or stderr, and the error for bad usage (exit 2). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export class UsageError extends Error {}

export const nodeIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};
