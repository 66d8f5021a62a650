/**
 * `skipwire <command>`: the same core as the editor, headless. User mistakes end with a one-line
 * message and an exit code (2: unreadable or malformed file, 1: invalid model), never a stack trace.
 */
import { readFileSync, statSync } from 'node:fs';
import { analyze } from '../compile/analyze';
import type { Diagnostic } from '../compile/diagnostics';
import type { SkipwireDoc } from '../compile/document';
import { MAX_DOCUMENT_BYTES } from '../compile/parse';
import { formatSummary, summarize, thousands } from '../compile/summary';
import { parseAnyDocument } from '../formats';

const USAGE = `Usage: skipwire <command> [options]

Commands:
  summary <file> [--json]   Keras-style model summary: layers, output shapes, parameter counts,
                            mult-adds (MACs) and activation size per sample, and their totals
  validate <file>           Check a model: exit 0 when valid, 1 with one line per problem
  train <file> --dataset <name> [--epochs N] [--batch-size N] [--samples N] [--seed N] [--backend cpu] [--json]
                            Train in Node on a built-in data set (shapes-seg, shapes, digits, spirals, xor, circles)
  import <model.json> -o <file.skipwire.json>
                            Import a tfjs model.json, a Keras 2/3 to_json() or config.json, or a Keras 1 JSON
  export <file> --format tfjs|keras-json|python|svg -o <path> [--distributed]
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

/** Reads and parses a document, or returns the one-line reason it cannot. */
export function loadDocument(file: string): { doc: SkipwireDoc } | { error: string } {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_DOCUMENT_BYTES)
      return {
        error: `${file}: file too large (${(size / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MB)`,
      };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (e as Error).message;
    return { error: `${file}: cannot read: ${why}` };
  }
  const r = parseAnyDocument(text);
  return r.ok ? { doc: r.doc } : { error: `${file}: ${r.error}` };
}

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
        const loaded = loadDocument(file);
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
