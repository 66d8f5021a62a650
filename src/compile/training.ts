/**
 * Training settings, in one home: the schema (optimizer, learning rate, loss, epochs, batch size,
 * validation split, seed) with its defaults, how `doc.metadata.training` is read and written, and
 * the head analysis that resolves the automatic loss and the metric. The trainer (src/train) and
 * the Keras exports (src/formats) both read them here, so a design trains the same in the browser
 * and in the exported script. Pure: no tfjs.
 */
import './zodConfig';
import { z } from 'zod';
import type { Analysis, FlatLayer } from './analysis';
import type { SkipwireDoc } from './document';

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

/** Each setting's check, without its default. */
export const SETTING_FIELDS = {
  optimizer: z.enum(OPTIMIZERS),
  learningRate: z.number().positive().max(1000),
  batchSize: z.number().int().min(1).max(4096),
  epochs: z.number().int().min(1).max(100_000),
  loss: z.enum(LOSSES),
  /** Share of the samples held out to validate after each epoch, 0 … 0.9. */
  validationSplit: z.number().min(0).max(0.9),
  /** Seeds weight initialisation, shuffling, the validation split and dropout. */
  seed: z.number().int().min(0).max(4_294_967_295),
};

/**
 * `metadata.training` as a document stores it (format version 2): every setting optional (absent
 * ones take their defaults), the data set the editor last chose (checked by src/train), and any
 * other key kept as it is. Checked when a document is opened.
 */
export const StoredTrainingSchema = z.looseObject({
  optimizer: SETTING_FIELDS.optimizer.optional(),
  learningRate: SETTING_FIELDS.learningRate.optional(),
  batchSize: SETTING_FIELDS.batchSize.optional(),
  epochs: SETTING_FIELDS.epochs.optional(),
  loss: SETTING_FIELDS.loss.optional(),
  validationSplit: SETTING_FIELDS.validationSplit.optional(),
  seed: SETTING_FIELDS.seed.optional(),
  dataset: z.record(z.string(), z.unknown()).optional(),
});
export type StoredTraining = z.infer<typeof StoredTrainingSchema>;

/** The settings with their defaults. src/train extends it with the typed data set choice. */
export const CoreTrainingSettingsSchema = z.object({
  optimizer: SETTING_FIELDS.optimizer.default('adam'),
  learningRate: SETTING_FIELDS.learningRate.default(0.01),
  batchSize: SETTING_FIELDS.batchSize.default(32),
  epochs: SETTING_FIELDS.epochs.default(20),
  loss: SETTING_FIELDS.loss.default('auto'),
  validationSplit: SETTING_FIELDS.validationSplit.default(0.2),
  seed: SETTING_FIELDS.seed.default(1),
});
export type CoreTrainingSettings = z.infer<typeof CoreTrainingSettingsSchema>;

export const DEFAULT_SETTINGS: CoreTrainingSettings = CoreTrainingSettingsSchema.parse({});

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

export interface SettingsResult<T> {
  readonly settings: T;
  /** One line per field that was invalid and took its default. */
  readonly issues: readonly string[];
}

/**
 * Reads settings field by field with `schema`: a missing field takes its default, an invalid one
 * its default plus an issue naming it. Never throws.
 */
export function parseSettingsWith<S extends z.ZodObject>(schema: S, input: unknown): SettingsResult<z.infer<S>> {
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const defaults = schema.parse({}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const issues: string[] = [];
  if (input !== undefined && (typeof input !== 'object' || input === null))
    issues.push('training settings: expected an object; using the defaults');
  for (const [key, field] of Object.entries(schema.shape)) {
    const r = (field as z.ZodType).safeParse(source[key]);
    if (r.success) {
      if (r.data !== undefined) out[key] = r.data;
    } else {
      issues.push(`training settings: ${key}: ${r.error.issues[0]?.message ?? 'invalid'}; using the default`);
      if (defaults[key] !== undefined) out[key] = defaults[key];
    }
  }
  return { settings: out as z.infer<S>, issues };
}

/** The settings stored in `doc.metadata.training`, defaults where absent. */
export function coreSettings(doc: SkipwireDoc): CoreTrainingSettings {
  return parseSettingsWith(CoreTrainingSettingsSchema, doc.metadata.training).settings;
}

// ---- The head: what the model outputs decides the automatic loss and the metric ----

export type HeadActivation = 'softmax' | 'sigmoid' | 'other';

/** The (first) output layer, or undefined. */
export function outputLayer(analysis: Analysis, output = 0): FlatLayer | undefined {
  const path = analysis.outputs[output];
  return analysis.layers.find((l) => l.path === path);
}

/**
 * The activation applied last before an output: `softmax`, `sigmoid` or `other`, looking back
 * through the layers whose definition says they pass values through (Reshape, Flatten, Dropout…).
 */
export function headActivation(analysis: Analysis, output = 0): HeadActivation {
  const layers = new Map(analysis.layers.map((l) => [l.path, l]));
  let layer = outputLayer(analysis, output);
  for (let guard = 0; layer && guard < layers.size; guard++) {
    const role = layer.def.head;
    if (role?.activation) return role.activation;
    const act = layer.params.activation;
    if (typeof act === 'string' && act !== 'linear') return act === 'softmax' || act === 'sigmoid' ? act : 'other';
    if (!role?.passThrough) return 'other';
    layer = layers.get(layer.inputs[0] ?? '');
  }
  return 'other';
}

/** The loss `setting` resolves to for this head. */
export function resolveLoss(setting: LossSetting, head: HeadActivation): LossName {
  if (setting !== 'auto') return setting;
  return head === 'softmax'
    ? 'categoricalCrossentropy'
    : head === 'sigmoid'
      ? 'binaryCrossentropy'
      : 'meanSquaredError';
}

/** The metric reported beside the loss: accuracy for class labels, mean absolute error for values. */
export type MetricName = 'acc' | 'mae';
export const metricFor = (targets: 'classes' | 'values'): MetricName => (targets === 'classes' ? 'acc' : 'mae');
/** Without a data set, the head says what the targets are: softmax or sigmoid → classes. */
export const targetsOfHead = (head: HeadActivation): 'classes' | 'values' => (head === 'other' ? 'values' : 'classes');

/** Everything a training run of the design uses, resolved: what the trainer and the exports share. */
export interface TrainingPlan extends CoreTrainingSettings {
  /** One resolved loss per model output. */
  readonly losses: readonly LossName[];
  /** The metric, from the first output's head (a data set may say otherwise: see `metricFor`). */
  readonly metric: MetricName;
}

/** The training plan of a design: its stored settings, with the loss and metric resolved by each head. */
export function trainingPlan(doc: SkipwireDoc, analysis: Analysis): TrainingPlan {
  const settings = coreSettings(doc);
  const heads = analysis.outputs.map((_, i) => headActivation(analysis, i));
  return {
    ...settings,
    losses: heads.map((h) => resolveLoss(settings.loss, h)),
    metric: metricFor(heads.some((h) => h !== 'other') ? 'classes' : 'values'),
  };
}
