/**
 * `skipwire <command>`: the same core as the editor, headless. User mistakes end with a one-line
 * message and an exit code (2: unreadable or malformed file, 1: invalid model), never a stack trace.
 */
import { analyze } from '../compile/analyze';
import type { Diagnostic } from '../compile/diagnostics';
import type { SkipwireDoc } from '../compile/document';
import { formatSummary, summarize, thousands } from '../compile/summary';
import { EXPORT_FORMATS, IMPORT_RECORDS } from '../formats';
import { readModel } from './readModel';

const USAGE = () => `Usage: skipwire <command> [options]

Commands:
  summary <file> [--json]   Keras-style model summary: layers, output shapes, parameter counts
  validate <file>           Check a model: exit 0 when valid, 1 with one line per problem
  train <file> --dataset <name> [--epochs N] [--batch-size N] [--samples N] [--seed N] [--backend cpu] [--json]
                            Train in Node on a built-in data set (shapes-seg, shapes, digits, spirals, xor, circles)
  import <model file> -o <file.skipwire.json>
                            Import ${IMPORT_RECORDS.map((r) => r.label).join('; ')}
  export <file> --format ${EXPORT_FORMATS.join('|')} -o <path> [--distributed]
                            Export (tfjs: a folder with model.json + weights.bin), checked by reading it back
  help                      Show this help

summary, validate, train and export also read Keras and tfjs model files directly.

Exit codes: 0 ok · 1 the model is invalid · 2 the file is unreadable or malformed (or bad usage)`;

export class UsageError extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const nodeIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

/** The name a diagnostic is reported under: the layer, `Block › layer`, or the model. */
export function where(doc: SkipwireDoc, d: Diagnostic): string {
  if (d.blockId !== undefined) {
    const block = doc.blocks.find((b) => b.id === d.blockId);
    const inner = block?.nodes.find((n) => n.id === d.nodeId);
    return `${block?.name ?? d.blockId}${inner ? ` › ${inner.name}` : ''}`;
  }
  return doc.nodes.find((n) => n.id === d.nodeId)?.name ?? doc.name;
}

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

/** Runs the CLI and returns the exit code. Commands live in their own files and return exit codes. */
export async function run(argv: readonly string[], io: Io = nodeIo): Promise<number> {
  const { command, files, flags } = parseArgs(argv);
  try {
    switch (command) {
      case 'help':
      case '--help':
      case '-h':
        io.out(USAGE());
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
        const loaded = await readModel(file);
        if ('error' in loaded) {
          io.err(loaded.error);
          return 2;
        }
        const { doc } = loaded;
        const analysis = analyze(doc);
        const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
        if (command === 'summary') {
          const s = summarize(doc.name, analysis);
          io.out(
            flags.has('--json')
              ? JSON.stringify({ ...s, ok: analysis.ok, diagnostics: analysis.diagnostics }, null, 2)
              : formatSummary(s),
          );
        }
        for (const d of analysis.diagnostics) {
          if (command === 'summary' && flags.has('--json')) break;
          const line = `${file}: ${where(doc, d)}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
          io.err(line);
        }
        if (errors.length === 0 && !analysis.ok) io.err(`${file}: ${doc.name}: the model has no output layer.`);
        if (command === 'validate' && analysis.ok)
          io.out(
            `${file}: valid (${analysis.layers.length} layers, ${thousands(analysis.totals.trainable + analysis.totals.nonTrainable)} params)`,
          );
        return analysis.ok ? 0 : 1;
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
