/**
 * Checks a data set against a model before training: input shape, output shape against the
 * labels, loss against the head, sample counts and memory. Each problem is a message and, where
 * one exists, a one-click fix: edit operations on the document (`fix`, applied like the
 * analysis's fixes) or a change of settings (`settingsFix`). Pure, no tfjs.
 */
import { type Analysis, cannotRun, type Fix, modelBatchSize } from '../compile';
import { formatShape } from '../nodes';
import { type ClassificationSet, type Dataset, datasetBytes, type SegmentationSet, size } from './data/types';
import { fixedBatchProblems } from './fixedBatch';
import {
  type HeadActivation,
  headActivation,
  outputLayer,
  resolveLoss,
  setHeadActivationOps,
  setOutputSizeOps,
} from './head';
import { LOSS_LABELS, type LossName, type TrainingSettings } from './settings';

/** How labels become the model's target tensor, of the model's output `shape` per sample. */
export type TargetLayout =
  | { readonly kind: 'onehot'; readonly shape: readonly number[]; readonly classes: number }
  | { readonly kind: 'binary'; readonly shape: readonly number[] }
  | { readonly kind: 'values'; readonly shape: readonly number[] };

export interface DataProblem {
  /** Errors block training; warnings are shown beside the Train button. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** Edits to the document that fix it. */
  readonly fix?: Fix;
  /** A change of settings that fixes it. */
  readonly settingsFix?: { readonly label: string; readonly settings: Partial<TrainingSettings> };
}

export interface DataCheck {
  /** True when nothing blocks training. */
  readonly ok: boolean;
  readonly problems: readonly DataProblem[];
  /** Set when the output fits the labels. */
  readonly layout?: TargetLayout;
  readonly head: HeadActivation;
  /** The loss training will use (`auto` resolved). */
  readonly loss: LossName;
  /** Samples for training and validation after the split. */
  readonly split: { readonly train: number; readonly validation: number };
}

/** Data sets above this size get a memory warning. */
const WARN_BYTES = 512 * 1024 * 1024;

const fmt = (s: readonly number[]): string => formatShape(s);
const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Samples held out for validation. */
export function splitSizes(count: number, validationSplit: number): { train: number; validation: number } {
  const validation = Math.min(count - 1, Math.round(count * validationSplit));
  return { train: count - Math.max(0, validation), validation: Math.max(0, validation) };
}

export function checkData(analysis: Analysis, dataset: Dataset, settings: TrainingSettings): DataCheck {
  const head = headActivation(analysis);
  const loss = resolveLoss(settings.loss, head);
  const split = splitSizes(dataset.count, settings.validationSplit);
  const problems: DataProblem[] = [];
  const done = (layout?: TargetLayout): DataCheck => ({
    ok: layout !== undefined && !problems.some((p) => p.severity === 'error'),
    problems,
    ...(layout ? { layout } : {}),
    head,
    loss,
    split,
  });
  if (!analysis.ok) {
    problems.push({ severity: 'error', message: 'The model has errors: fix the layers marked in red first.' });
    return done();
  }
  const opaque = cannotRun(analysis);
  if (opaque.length) {
    for (const d of opaque) problems.push({ severity: 'error', message: d.message });
    return done();
  }
  if (analysis.inputs.length !== 1 || analysis.outputs.length !== 1) {
    const what =
      analysis.inputs.length !== 1
        ? plural(analysis.inputs.length, 'input')
        : plural(analysis.outputs.length, 'output');
    problems.push({
      severity: 'error',
      message: `The model has ${what}; training needs exactly one input and one output.`,
    });
    return done();
  }
  const inputPath = analysis.inputs[0] as string;
  const modelInput = analysis.layers.find((l) => l.path === inputPath)?.shape ?? [];
  // An unknown axis (`?`) takes the data's size.
  const fits = (d: number | null, i: number) => d === null || d === dataset.inputShape[i];
  if (modelInput.length !== dataset.inputShape.length || !modelInput.every(fits)) {
    problems.push({
      severity: 'error',
      message: `The model expects ${fmt(modelInput as number[])} per sample; the data set "${dataset.name}" gives ${fmt(dataset.inputShape)}.`,
      fix: {
        label: `Set the Input shape to ${fmt(dataset.inputShape)}`,
        ops: [{ op: 'setParam', node: inputPath, param: 'shape', value: [...dataset.inputShape] }],
      },
    });
    return done(); // the output shape follows the input: check it once the input fits
  }
  const out = outputLayer(analysis)?.shape;
  if (!out || out.some((d) => d === null)) {
    problems.push({ severity: 'error', message: 'The output shape of the model is not known.' });
    return done();
  }
  const layout = targetLayout(analysis, dataset, out as number[], problems);
  if (layout) lossProblems(analysis, dataset, layout, head, settings, loss, problems);
  if (dataset.count < 2) problems.push({ severity: 'error', message: 'The data set needs at least 2 samples.' });
  if (split.train < 1)
    problems.push({
      severity: 'error',
      message: 'The validation split leaves no sample to train on.',
      settingsFix: { label: 'Validate on 20%', settings: { validationSplit: 0.2 } },
    });
  else if (modelBatchSize(analysis) !== null) problems.push(...fixedBatchProblems(analysis, settings, split));
  else if (settings.batchSize > split.train)
    problems.push({
      severity: 'warning',
      message: `The batch size (${settings.batchSize}) is larger than the training set (${plural(split.train, 'sample')}): each epoch is a single batch.`,
    });
  const bytes = datasetBytes(dataset, layout ? size(layout.shape) : 0);
  if (bytes > WARN_BYTES)
    problems.push({
      severity: 'warning',
      message: `The data set takes ${Math.round(bytes / 1048576)} MB: training may run out of memory. Use fewer samples or a smaller input.`,
    });
  return done(layout);
}

/** Matches the output shape `out` to the labels; pushes a problem and returns undefined when it cannot. */
function targetLayout(
  analysis: Analysis,
  dataset: Dataset,
  out: readonly number[],
  problems: DataProblem[],
): TargetLayout | undefined {
  if (dataset.task === 'regression') {
    if (size(out) === size(dataset.targetShape)) return { kind: 'values', shape: out };
    const ops = dataset.targetShape.length === 1 ? setOutputSizeOps(analysis, size(dataset.targetShape)) : undefined;
    problems.push({
      severity: 'error',
      message: `The model outputs ${fmt(out)} per sample; the data set has ${fmt(dataset.targetShape)} target values.`,
      ...(ops ? { fix: { label: `Output ${size(dataset.targetShape)} values`, ops } } : {}),
    });
    return undefined;
  }
  const k = dataset.classes.length;
  const cells = dataset.task === 'segmentation' ? dataset.maskShape[0] * dataset.maskShape[1] : 1;
  const lead = out.slice(0, -1);
  const last = out.at(-1) as number;
  const spatialOk =
    dataset.task === 'segmentation'
      ? size(lead) === cells &&
        (lead.length !== 2 || (lead[0] === dataset.maskShape[0] && lead[1] === dataset.maskShape[1]))
      : lead.length === 0;
  if (!spatialOk) {
    problems.push({ severity: 'error', message: spatialMessage(dataset, out) });
    return undefined;
  }
  if (last === k) return { kind: 'onehot', shape: out, classes: k };
  if (last === 1 && k === 2) return { kind: 'binary', shape: out };
  const ops = setOutputSizeOps(analysis, k);
  problems.push({
    severity: 'error',
    message: `The model's head gives ${last} value${last === 1 ? '' : 's'} per ${dataset.task === 'segmentation' ? 'pixel' : 'sample'}; the data set has ${k} classes (${dataset.classes.join(', ')}).`,
    ...(ops ? { fix: { label: `Output ${k} classes`, ops } } : {}),
  });
  return undefined;
}

function spatialMessage(dataset: ClassificationSet | SegmentationSet, out: readonly number[]): string {
  const k = dataset.classes.length;
  if (dataset.task === 'classification')
    return `The model outputs ${fmt(out)} per sample, but the data set "${dataset.name}" has one label per sample: end the model with Flatten or GlobalAveragePooling2D and a Dense layer of ${k} units.`;
  const [h, w] = dataset.maskShape;
  return `The model outputs ${fmt(out)} per sample, but "${dataset.name}" needs one prediction per pixel: ${h}×${w}×${k}, or ${h * w}×${k} after a Reshape.`;
}

function lossProblems(
  analysis: Analysis,
  dataset: Dataset,
  layout: TargetLayout,
  head: HeadActivation,
  settings: TrainingSettings,
  loss: LossName,
  problems: DataProblem[],
): void {
  if (layout.kind === 'binary' && loss === 'categoricalCrossentropy') {
    problems.push({
      severity: 'error',
      message:
        'Categorical crossentropy needs one output per class, but the head has a single output: its loss would always be 0.',
      settingsFix: { label: 'Use binary crossentropy', settings: { loss: 'binaryCrossentropy' } },
    });
    return;
  }
  if (dataset.task === 'regression') {
    if (settings.loss === 'auto' && head !== 'other')
      problems.push({
        severity: 'warning',
        message: `The model ends with ${head}, which squashes its outputs, but the data set has numeric targets: the loss is ${LOSS_LABELS[loss].toLowerCase()}.`,
      });
    return;
  }
  if (settings.loss === 'auto' && head === 'other') {
    const want = layout.kind === 'binary' ? 'sigmoid' : 'softmax';
    const ops = setHeadActivationOps(analysis, want);
    problems.push({
      severity: 'warning',
      message: `The model ends without softmax or sigmoid, so the loss is mean squared error. For classes, end with ${want}.`,
      ...(ops ? { fix: { label: `Use ${want} on the last layer`, ops } } : {}),
    });
  }
}
