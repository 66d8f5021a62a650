/**
 * Training settings: one zod schema gives the type, the defaults and the validation. The editor
 * keeps them where it likes; `readTrainingSettings` / `writeTrainingSettings` store them in
 * `doc.metadata.training` (free-form metadata survives saving and loading).
 */
import { z } from 'zod';
import type { SkipwireDoc } from '../compile';
import { BuiltinSpecSchema } from './data/builtin';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** `auto` picks from the model's head: softmax → categorical, sigmoid → binary, else MSE. */
export const LOSSES = [
  'auto',
  'categoricalCrossentropy',
  'binaryCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
] as const;
export type LossSetting = (typeof LOSSES)[number];
export type LossName = Exclude<LossSetting, 'auto'>;

export const TrainingSettingsSchema = z.object({
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learningRate: z.number().positive().max(1000).default(0.01),
  batchSize: z.number().int().min(1).max(4096).default(32),
  epochs: z.number().int().min(1).max(100_000).default(20),
  loss: z.enum(LOSSES).default('auto'),
  /** Share of the samples held out to validate after each epoch, 0 … 0.9. */
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  /** Seeds weight initialisation, shuffling, the validation split and dropout. */
  seed: z.number().int().min(0).max(4_294_967_295).default(1),
  /** The built-in data set last chosen (the editor may remember it here). */
  dataset: BuiltinSpecSchema.optional(),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;
/** Settings as a user or a file may give them: every field optional. */
export type TrainingSettingsInput = z.input<typeof TrainingSettingsSchema>;

export const DEFAULT_SETTINGS: TrainingSettings = TrainingSettingsSchema.parse({});

export const OPTIMIZER_LABELS: Readonly<Record<OptimizerName, string>> = {
  sgd: 'SGD',
  momentum: 'SGD with momentum (0.9)',
  adam: 'Adam',
  rmsprop: 'RMSprop',
};

export const LOSS_LABELS: Readonly<Record<LossSetting, string>> = {
  auto: 'Automatic (from the model head)',
  categoricalCrossentropy: 'Categorical crossentropy',
  binaryCrossentropy: 'Binary crossentropy',
  meanSquaredError: 'Mean squared error',
  meanAbsoluteError: 'Mean absolute error',
};

export interface SettingsResult {
  readonly settings: TrainingSettings;
  /** One line per field that was invalid and took its default. */
  readonly issues: readonly string[];
}

/**
 * Reads settings field by field: a missing field takes its default, an invalid one its default
 * plus an issue naming it. Never throws.
 */
export function parseSettings(input: unknown): SettingsResult {
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  const issues: string[] = [];
  if (input !== undefined && (typeof input !== 'object' || input === null))
    issues.push('training settings: expected an object; using the defaults');
  for (const [key, field] of Object.entries(TrainingSettingsSchema.shape)) {
    const r = (field as z.ZodType).safeParse(source[key]);
    if (r.success) {
      if (r.data !== undefined) out[key] = r.data;
    } else {
      issues.push(`training settings: ${key}: ${r.error.issues[0]?.message ?? 'invalid'}; using the default`);
      const fallback = (DEFAULT_SETTINGS as Record<string, unknown>)[key];
      if (fallback !== undefined) out[key] = fallback;
    }
  }
  return { settings: out as TrainingSettings, issues };
}

/** The settings stored in `doc.metadata.training` (defaults where absent or invalid). */
export function readTrainingSettings(doc: SkipwireDoc): SettingsResult {
  return parseSettings(doc.metadata.training);
}

/** A copy of `doc` with `settings` stored in `metadata.training`. Throws on invalid settings. */
export function writeTrainingSettings(doc: SkipwireDoc, settings: TrainingSettingsInput): SkipwireDoc {
  const valid = TrainingSettingsSchema.parse(settings);
  return { ...doc, metadata: { ...doc.metadata, training: valid } };
}
