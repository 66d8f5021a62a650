/**
 * The settings form's model, derived from `TrainingSettingsSchema` (src/train/settings.ts): the
 * ranges and whole-number rules come from the schema itself, so the form, its messages and the
 * trainer's validation cannot disagree. Writing goes through the editor store as one undo step.
 */
import type { z } from 'zod';
import { formatShape } from '../../nodes';
import { BUILTIN_DATASETS, type BuiltinName, type BuiltinSpec } from '../../train/data/builtin';
import {
  readTrainingSettings,
  type TrainingSettings,
  TrainingSettingsSchema,
  writeTrainingSettings,
} from '../../train/settings';
import type { EditorStore } from '../store/createStore';

export type NumberSetting = 'learningRate' | 'batchSize' | 'epochs' | 'validationSplit' | 'seed';

export interface NumberFieldSpec {
  readonly key: NumberSetting;
  readonly label: string;
  readonly doc: string;
}

export const NUMBER_FIELDS: readonly NumberFieldSpec[] = [
  { key: 'learningRate', label: 'Learning rate', doc: 'Step size of the optimizer.' },
  { key: 'batchSize', label: 'Batch size', doc: 'Samples per training step.' },
  { key: 'epochs', label: 'Epochs', doc: 'Passes over the training samples.' },
  { key: 'validationSplit', label: 'Validation split', doc: 'Share of the samples held out to validate.' },
  { key: 'seed', label: 'Seed', doc: 'Seeds the weights, the split, shuffling and dropout.' },
];

interface NumberRule {
  readonly min: number;
  readonly max: number;
  readonly int: boolean;
  /** True when `min` itself is not allowed (learning rate > 0). */
  readonly exclusiveMin: boolean;
}

const schemaOf = (key: keyof TrainingSettings): z.ZodType => TrainingSettingsSchema.shape[key] as z.ZodType;

/** The rule the schema gives a number setting. */
export function numberRule(key: NumberSetting): NumberRule {
  const field = TrainingSettingsSchema.shape[key];
  const inner = field.unwrap() as unknown as { minValue: number | null; maxValue: number | null; isInt: boolean };
  const min = inner.minValue ?? Number.NEGATIVE_INFINITY;
  return {
    min,
    max: inner.maxValue ?? Number.POSITIVE_INFINITY,
    int: inner.isInt,
    exclusiveMin: !schemaOf(key).safeParse(min).success,
  };
}

const num = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** "a whole number from 1 to 4,096", "more than 0 and at most 1,000". */
export function describeRule(rule: NumberRule): string {
  if (rule.int) return `a whole number from ${num(rule.min)} to ${num(rule.max)}`;
  if (rule.exclusiveMin) return `more than ${num(rule.min)} and at most ${num(rule.max)}`;
  return `a number from ${num(rule.min)} to ${num(rule.max)}`;
}

/** Parses typed text for a number setting: the value, or the message to show. */
export function parseNumberSetting(
  key: NumberSetting,
  text: string,
): { ok: true; value: number } | { ok: false; error: string } {
  const spec = NUMBER_FIELDS.find((f) => f.key === key) as NumberFieldSpec;
  const value = Number(text.trim());
  if (text.trim() !== '' && Number.isFinite(value) && schemaOf(key).safeParse(value).success)
    return { ok: true, value };
  return { ok: false, error: `${spec.label} must be ${describeRule(numberRule(key))}.` };
}

/** The settings stored in the document (defaults where absent). */
export const settingsOf = (doc: Parameters<typeof readTrainingSettings>[0]): TrainingSettings =>
  readTrainingSettings(doc).settings;

/**
 * Stores `changes` in `doc.metadata.training` as one undo step; nothing when they change nothing.
 * Returns whether the document changed.
 */
export function commitSettings(store: EditorStore, changes: Partial<TrainingSettings>): boolean {
  const s = store.getState();
  const current = settingsOf(s.doc);
  const next = { ...current, ...changes };
  if (JSON.stringify(next) === JSON.stringify(current)) return false;
  return s.apply([], writeTrainingSettings(s.doc, next));
}

/** The built-in set that suits a model: points for 2 features, masks for per-pixel heads, else shapes. */
export function suggestBuiltin(
  input: readonly (number | null)[] | undefined,
  output: readonly (number | null)[] | undefined,
): BuiltinName {
  if (input?.length === 1 && input[0] === 2) return 'spirals';
  if (input?.length === 3) return (output?.length ?? 0) >= 2 ? 'shapes-seg' : 'shapes';
  return 'spirals';
}

/** The built-in spec to train on: the one stored in the settings, else the suggestion. */
export function builtinSpec(settings: TrainingSettings, suggested: BuiltinName): BuiltinSpec {
  return settings.dataset ?? { name: suggested };
}

/** "Shapes (segmentation): 32×32×3 images, sized to the model's input". */
export function describeBuiltin(name: BuiltinName, shape: readonly number[], sizedToModel: boolean): string {
  const info = BUILTIN_DATASETS[name];
  if (!info.image) return `${info.description}`;
  return `${info.description} Images of ${formatShape(shape)}${sizedToModel ? ", sized to the model's input" : ''}.`;
}
