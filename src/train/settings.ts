/**
 * Training settings as the trainer and the editor use them: the one schema of
 * src/compile/training.ts (optimizer, learning rate, loss, epochs, batch size, validation split,
 * seed, and their defaults), with the built-in data set the editor last chose typed here, where
 * the data sets live. Stored in `doc.metadata.training`.
 */
import type { z } from 'zod';
import type { SkipwireDoc } from '../compile';
import {
  DEFAULT_SETTINGS as CORE_DEFAULTS,
  CoreTrainingSettingsSchema,
  parseSettingsWith,
  type SettingsResult as Result,
} from '../compile';
import { BuiltinSpecSchema } from './data/builtin';

export {
  LOSS_LABELS,
  LOSSES,
  type LossName,
  type LossSetting,
  OPTIMIZER_LABELS,
  OPTIMIZERS,
  type OptimizerName,
} from '../compile';

export const TrainingSettingsSchema = CoreTrainingSettingsSchema.extend({
  /** The built-in data set last chosen (the editor remembers it here). */
  dataset: BuiltinSpecSchema.optional(),
});
export type TrainingSettings = z.infer<typeof TrainingSettingsSchema>;
/** Settings as a user or a file may give them: every field optional. */
export type TrainingSettingsInput = z.input<typeof TrainingSettingsSchema>;
export type SettingsResult = Result<TrainingSettings>;

export const DEFAULT_SETTINGS: TrainingSettings = CORE_DEFAULTS;

/**
 * Reads settings field by field: a missing field takes its default, an invalid one its default
 * plus an issue naming it. Never throws.
 */
export function parseSettings(input: unknown): SettingsResult {
  return parseSettingsWith(TrainingSettingsSchema, input);
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
