/** Argument parsing and file reading shared by `skipwire import` and `skipwire export`. */
import { readFileSync, statSync } from 'node:fs';
import { MAX_MODEL_BYTES } from '../formats';
import { UsageError } from './io';

export interface Parsed {
  readonly files: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

/**
 * `args` → positional files, options with a value (`-o out`, `--format=svg`) and bare flags.
 * `valued` maps every spelling to its canonical name (`-o` and `--output` → `--output`).
 */
export function parseOptions(
  command: string,
  args: readonly string[],
  valued: Readonly<Record<string, string>>,
  flags: readonly string[],
): Parsed {
  const files: string[] = [];
  const values = new Map<string, string>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const name = valued[flag];
    if (name) {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`skipwire ${command}: ${flag} needs a value`);
      values.set(name, v);
    } else if (flags.includes(flag)) set.add(flag);
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`skipwire ${command}: unknown option ${flag}`);
    else files.push(a);
  }
  return { files, values, flags: set };
}

/** Reads a text file within the size limit, or returns the one-line reason it cannot. */
export function readText(file: string): { text: string } | { error: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_MODEL_BYTES)
      return {
        error: `${file}: file too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_MODEL_BYTES / 1048576} MB)`,
      };
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: `${file}: cannot read: ${ioReason(e)}` };
  }
}

export function ioReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a folder, not a file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'a parent is not a folder';
  return e instanceof Error ? (e.message.split('\n')[0] ?? 'error') : String(e);
}
