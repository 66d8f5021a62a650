/**
 * `skipwire <command>`: the same core as the editor, headless. User mistakes end with a one-line
 * message and an exit code (2: unreadable or malformed file, 1: invalid model), never a stack trace.
 */
import { type Io, nodeIo, UsageError } from './io';

const USAGE = `Usage: skipwire <command> [options]

Commands:
  summary <file> [--json]   Keras-style model summary: layers, output shapes, parameter counts,
                            mult-adds (MACs) and activation size per sample, and their totals
  validate <file>           Check a model: exit 0 when valid, 1 with one line per problem
  train <file> --dataset <name> [--epochs N] [--batch-size N] [--samples N] [--seed N]
        [--learning-rate X] [--optimizer sgd|momentum|adam|rmsprop] [--validation-split X]
        [--backend wasm|cpu] [--json]
                            Train in Node on a built-in data set (shapes-seg, shapes, digits, spirals, xor,
                            circles); settings default to those saved in the file;
                            trains on wasm by default
  import <model file> -o <file.skipwire.json> [--group-blocks]
                            Import a Keras .keras or .h5 (with its weights), a tfjs model.json, a Keras 2/3
                            to_json() or config.json, a Keras 1 JSON, or a Keras Python script (.py,
                            read without running it); --group-blocks makes repeated modules blocks
  export <file> --format tfjs|keras|h5|keras-json|python|svg -o <path> [--distributed]
                            Export (tfjs: a folder with model.json + weights.bin; keras, h5: with the
                            weights), checked by reading it back
  help                      Show this help

summary, validate, train and export also read Keras, tfjs and Keras Python model files directly.

Exit codes: 0 ok · 1 the model is invalid · 2 the file is unreadable or malformed (or bad usage)`;

export { type Io, UsageError } from './io';

function parseArgs(argv: readonly string[]): { command: string; files: string[]; flags: Set<string> } {
  const [command = 'help', ...rest] = argv;
  const files = rest.filter((a) => !a.startsWith('--'));
  const flags = new Set(rest.filter((a) => a.startsWith('--')));
  return { command, files, flags };
}

function oneFile(
  command: string,
  files: readonly string[],
  flags: ReadonlySet<string>,
  allowed: readonly string[],
): string {
  const unknown = [...flags].filter((f) => !allowed.includes(f));
  if (unknown.length) throw new UsageError(`skipwire ${command}: unknown option ${unknown[0]}`);
  if (files.length !== 1) throw new UsageError(`skipwire ${command}: expected one file, got ${files.length}`);
  return files[0] as string;
}

/** Runs the CLI and returns the exit code. Commands live in their own files, loaded on
 * first use (so `help` reads no model code and only train/export load tfjs), and return exit codes. */
export async function run(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  const { command, files, flags } = parseArgs(argv);
  try {
    switch (command) {
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE);
        return 0;
      case 'import':
        return await (await import('./importCmd')).importCommand(argv.slice(1), io);
      case 'export':
        return await (await import('./exportCmd')).exportCommand(argv.slice(1), io);
      case 'train':
        return await (await import('./trainCmd')).trainCommand(argv.slice(1), io);
      case 'summary':
      case 'validate': {
        const file = oneFile(command, files, flags, command === 'summary' ? ['--json'] : []);
        return await (await import('./summaryCmd')).summaryCommand(command, file, flags.has('--json'), io);
      }
      default:
        throw new UsageError(`skipwire: unknown command "${command}" (try: skipwire help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(e.message);
      return 2;
    }
    io.err(`skipwire: internal error: ${e instanceof Error ? e.message : String(e)}`);
    return 3;
  }
}
