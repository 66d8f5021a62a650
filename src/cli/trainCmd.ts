/**
 * `skipwire train <file> --dataset <name>`: trains the model in Node with the same trainer as the
 * editor's worker (src/train), on the wasm backend by default (with the training kernels of
 * src/train/wasm; `--backend cpu` for the pure-JavaScript one). `--json` prints one JSON object per
 * epoch on stdout; otherwise a progress bar per epoch goes to stderr and a summary to stdout.
 */
import type { TF } from '../nodes';
import { type BackendName, describeBackend, pickBackend, requiredKernels } from '../train/backend';
import { BUILTIN_NAMES, type BuiltinName, makeBuiltin } from '../train/data/builtin';
import type { EpochEvent } from '../train/events';
import type { Metrics } from '../train/losses';
import { OPTIMIZERS, readTrainingSettings, TrainingSettingsSchema } from '../train/settings';
import { createTrainer } from '../train/trainer';
import { wasmLoader } from '../train/wasm/load';
import { type Io, UsageError } from './io';
import { loadModel } from './load';

const VALUE_FLAGS = [
  '--dataset',
  '--epochs',
  '--batch-size',
  '--samples',
  '--seed',
  '--learning-rate',
  '--optimizer',
  '--validation-split',
  '--backend',
] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
const CLI_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

interface TrainArgs {
  readonly file: string;
  readonly values: Partial<Record<ValueFlag, string>>;
  readonly json: boolean;
}

function parseTrainArgs(args: readonly string[]): TrainArgs {
  const values: Partial<Record<ValueFlag, string>> = {};
  const files: string[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (flag === '--json') json = true;
    else if ((VALUE_FLAGS as readonly string[]).includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`skipwire train: ${flag} needs a value`);
      values[flag as ValueFlag] = value;
    } else if (flag.startsWith('--')) throw new UsageError(`skipwire train: unknown option ${flag}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(`skipwire train: expected one file, got ${files.length}`);
  return { file: files[0] as string, values, json };
}

function number(flag: string, text: string | undefined, int: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n)))
    throw new UsageError(`skipwire train: ${flag} must be ${int ? 'a whole number' : 'a number'}, got "${text}"`);
  return n;
}

const round = (v: number): number => Number(v.toFixed(4));

/** The JSON record of an epoch: `{"epoch":1,"loss":0.69,"acc":0.52}` (+ `val_loss`, `val_acc`). */
export function epochRecord(e: EpochEvent): Record<string, number> {
  const out: Record<string, number> = { epoch: e.epoch, loss: round(e.loss) };
  const put = (prefix: string, m: Metrics) => {
    for (const [k, v] of Object.entries(m)) if (v !== undefined) out[`${prefix}${k}`] = round(v);
  };
  put('', e.metrics);
  if (e.val) {
    out.val_loss = round(e.val.loss);
    put('val_', e.val.metrics);
  }
  return out;
}

const seconds = (ms: number): string => (ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`);

/** `epoch 3/5 [######----] loss 0.6630 acc 0.6270 val_loss 0.6732 val_acc 0.5900 · 0.4s, ETA 0.3s` */
export function progressLine(e: EpochEvent): string {
  const width = 20;
  const filled = Math.round((e.epoch / e.epochs) * width);
  const stats = Object.entries(epochRecord(e))
    .filter(([k]) => k !== 'epoch')
    .map(([k, v]) => `${k} ${v.toFixed(4)}`)
    .join(' ');
  return `epoch ${e.epoch}/${e.epochs} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${stats} · ${seconds(e.elapsedMs)}, ETA ${seconds(e.etaMs)}`;
}

/** Runs `skipwire train`; returns the exit code (0 trained, 1 model or data problem or fault, 2 usage or file). */
export async function trainCommand(args: readonly string[], io: Io): Promise<number> {
  const { file, values, json } = parseTrainArgs(args);
  const name = values['--dataset'];
  if (!name) throw new UsageError(`skipwire train: --dataset is required (one of: ${BUILTIN_NAMES.join(', ')})`);
  if (!(BUILTIN_NAMES as readonly string[]).includes(name))
    throw new UsageError(`skipwire train: unknown data set "${name}" (one of: ${BUILTIN_NAMES.join(', ')})`);
  const backend = (values['--backend'] ?? 'wasm') as BackendName;
  if (!CLI_BACKENDS.includes(backend))
    throw new UsageError(`skipwire train: --backend must be one of ${CLI_BACKENDS.join(', ')} in Node`);
  const optimizer = values['--optimizer'];
  if (optimizer !== undefined && !(OPTIMIZERS as readonly string[]).includes(optimizer))
    throw new UsageError(`skipwire train: --optimizer must be one of ${OPTIMIZERS.join(', ')}`);

  const loaded = loadModel(file, io, { requireValid: true });
  if (typeof loaded === 'number') return loaded;
  const { doc, analysis } = loaded;
  const stored = readTrainingSettings(doc);
  for (const issue of stored.issues) io.err(`${file}: warning: ${issue}`);
  const overrides = {
    epochs: number('--epochs', values['--epochs'], true),
    batchSize: number('--batch-size', values['--batch-size'], true),
    seed: number('--seed', values['--seed'], true),
    learningRate: number('--learning-rate', values['--learning-rate'], false),
    validationSplit: number('--validation-split', values['--validation-split'], false),
    optimizer,
  };
  const merged = TrainingSettingsSchema.safeParse({
    ...stored.settings,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    throw new UsageError(`skipwire train: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const settings = merged.data;
  const samples = number('--samples', values['--samples'], true);

  const tf: TF = await import('@tensorflow/tfjs');
  tf.env().set('PROD', true); // no "install tfjs-node" banner
  const choice = await pickBackend(tf, {
    preferred: backend,
    kernels: requiredKernels(analysis),
    loaders: { wasm: wasmLoader(tf) },
  });
  if (choice.fallbacks.length || !json) io.err(describeBackend(choice));

  const input = analysis.layers.find((l) => l.path === analysis.inputs[0])?.shape;
  const dataset = makeBuiltin(
    { name: name as BuiltinName, seed: settings.seed, ...(samples === undefined ? {} : { samples }) },
    input,
  );
  let lastLine = performance.now();
  const created = createTrainer(tf, {
    doc,
    dataset,
    settings,
    backend: choice,
    yieldToEventLoop: async () => {},
    onEvent: (e) => {
      // Slow epochs (large images on cpu) also show their batches, at most one line in 2 s.
      if (e.type === 'batch' && !json && e.batch < e.batchesPerEpoch && performance.now() - lastLine > 2000) {
        io.err(`  batch ${e.batch}/${e.batchesPerEpoch} loss ${e.loss.toFixed(4)} · ETA ${seconds(e.etaMs)}`);
        lastLine = performance.now();
      }
      if (e.type === 'epoch') {
        lastLine = performance.now();
        if (json) io.out(JSON.stringify(epochRecord(e)));
        else io.err(progressLine(e));
      }
    },
  });
  if (!created.ok) {
    for (const p of created.check.problems) {
      const fix = p.fix ?? p.settingsFix;
      io.err(`${file}: ${p.severity}: ${p.message}${fix ? ` (fix in the editor: ${fix.label})` : ''}`);
    }
    return 1;
  }
  for (const p of created.check.problems) io.err(`${file}: warning: ${p.message}`);
  const { trainer } = created;
  try {
    const result = await trainer.run();
    if (result.fault) {
      io.err(`${file}: ${result.fault.message}${result.fault.hint ? ` ${result.fault.hint}` : ''}`);
      return 1;
    }
    const last = result.history.at(-1);
    if (!json && last) {
      const stats = Object.entries(epochRecord(last))
        .filter(([k]) => k !== 'epoch')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      io.out(`${doc.name}: trained ${result.epochs} epochs on ${dataset.name} (${choice.name}): ${stats}`);
    }
    return 0;
  } finally {
    trainer.dispose();
  }
}
