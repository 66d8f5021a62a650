/**
 * Training a model whose Input fixes the batch size (Keras `batch_shape`, which stateful recurrent
 * layers need): the trainer uses the model's batch size rather than the Batch size setting, trains
 * on whole batches only (the last partial batch of each epoch is left out, as Keras requires), and
 * with stateful layers feeds the samples in data order (validation takes the last ones, like Keras'
 * `validation_split`) and resets the states at the start of each epoch, as Keras users do with a
 * callback. Pure, no tfjs.
 */
import { type Analysis, modelBatchSize } from '../compile';
import type { DataProblem } from './check';
import type { TrainingSettings } from './settings';

export interface BatchPlan {
  /** Samples per batch: the model's fixed batch size, or the setting. */
  readonly size: number;
  /** True when the model's Input fixes it: every batch then has exactly `size` samples. */
  readonly fixed: boolean;
  /** True when a layer keeps its state from batch to batch: samples go in data order. */
  readonly stateful: boolean;
}

/** True when a layer of the model is stateful. */
export function isStateful(analysis: Analysis): boolean {
  return analysis.layers.some((l) => l.params.stateful === true);
}

export function batchPlan(analysis: Analysis, settings: TrainingSettings): BatchPlan {
  const fixed = modelBatchSize(analysis);
  return { size: fixed ?? settings.batchSize, fixed: fixed !== null, stateful: isStateful(analysis) };
}

/** Batches per epoch: whole batches only with a fixed batch size. */
export function batchesPerEpoch(plan: BatchPlan, trainSamples: number): number {
  return plan.fixed ? Math.floor(trainSamples / plan.size) : Math.ceil(trainSamples / plan.size);
}

/**
 * Training rows and validation rows: shuffled once (`order`) for a stateless model; in data order
 * for a stateful one, the last `validation` samples held out.
 */
export function splitRows(
  plan: BatchPlan,
  order: readonly number[],
  validation: number,
): { train: number[]; val: number[] } {
  if (!plan.stateful) return { val: order.slice(0, validation), train: order.slice(validation) };
  const rows = [...order].sort((a, b) => a - b);
  const cut = rows.length - validation;
  return { train: rows.slice(0, cut), val: rows.slice(cut) };
}

const plural = (n: number, word: string): string =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : word.endsWith('h') ? 'es' : 's'}`;

/** What a fixed batch size means for this data: errors when it cannot train, warnings for what changes. */
export function fixedBatchProblems(
  analysis: Analysis,
  settings: TrainingSettings,
  split: { readonly train: number; readonly validation: number },
): DataProblem[] {
  const plan = batchPlan(analysis, settings);
  if (!plan.fixed) return [];
  const input = analysis.inputs[0] as string;
  const n = plan.size;
  if (split.train < n)
    return [
      {
        severity: 'error',
        message: `The model's Input fixes the batch size at ${n}, but the training set has only ${plural(split.train, 'sample')}: training needs at least one whole batch. Lower the Input's Batch size, or use more data.`,
        fix: {
          label: `Set the Input's batch size to ${split.train}`,
          ops: [{ op: 'setParam', node: input, param: 'batchSize', value: split.train }],
        },
      },
    ];
  const out: DataProblem[] = [];
  if (settings.batchSize !== n)
    out.push({
      severity: 'warning',
      message: `The model's Input fixes the batch size at ${n}${plan.stateful ? ' (its stateful layers need it)' : ''}: training uses batches of ${n}, not the Batch size setting of ${settings.batchSize}.`,
      settingsFix: { label: `Set Batch size to ${n}`, settings: { batchSize: n } },
    });
  const left = split.train % n;
  const total = split.train + split.validation;
  if (left)
    out.push({
      severity: 'warning',
      message: `${plural(split.train, 'training sample')} make ${plural(Math.floor(split.train / n), 'whole batch')} of ${n}: the last ${plural(left, 'sample')} are left out of each epoch (a fixed batch size takes whole batches only, as in Keras).`,
    });
  if (split.validation > 0 && split.validation < n)
    out.push({
      severity: 'warning',
      message: `The validation set (${plural(split.validation, 'sample')}) is smaller than one batch of ${n}: there is no validation loss.`,
      ...(n / total <= 0.5
        ? {
            settingsFix: {
              label: 'Validate on one whole batch',
              settings: { validationSplit: Math.ceil((n / total) * 100) / 100 },
            },
          }
        : {}),
    });
  if (plan.stateful)
    out.push({
      severity: 'warning',
      message:
        'Stateful layers: the samples are fed in data order, not shuffled (row i of each batch continues row i of the one before), and the states are reset at the start of each epoch.',
    });
  return out;
}
