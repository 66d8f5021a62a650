/**
 * Batch advice before training: the memory a training step needs for the chosen batch size and
 * optimizer (`trainingMemory`, from the model's cost), against a budget, and the largest batch
 * that fits. No tfjs: the editor shows it before the worker starts.
 */
import type { Analysis } from '../compile';
import { largestBatch, type MemoryEstimate, modelCost, trainingMemory } from '../compile';
import type { OptimizerName, TrainingSettings } from './settings';

/** Copies of the trainable weights each optimizer keeps (tfjs 4.22: Adam m and v, RMSprop ms and mom). */
export const OPTIMIZER_SLOTS: Readonly<Record<OptimizerName, number>> = { sgd: 0, momentum: 1, adam: 2, rmsprop: 2 };

/**
 * The budget when nothing better is known: browsers expose no GPU memory figure (WebGL has none,
 * WebGPU only per-buffer limits), and a tab rarely gets more than about 2 GB of it.
 */
export const DEFAULT_BUDGET_BYTES = 2 * 1024 ** 3;

export interface Budget {
  readonly bytes: number;
  /** Where the figure comes from, for the panel. */
  readonly source: string;
}

/**
 * The memory budget: the stated default, or half the device memory the browser reports
 * (`navigator.deviceMemory`, in GB, rounded by the browser) when that is less.
 */
export function memoryBudget(deviceMemoryGb?: number): Budget {
  if (deviceMemoryGb !== undefined && deviceMemoryGb > 0 && (deviceMemoryGb * 1024 ** 3) / 2 < DEFAULT_BUDGET_BYTES)
    return {
      bytes: (deviceMemoryGb * 1024 ** 3) / 2,
      source: `half of the ${deviceMemoryGb} GB this device reports`,
    };
  return { bytes: DEFAULT_BUDGET_BYTES, source: 'the default budget for a browser tab' };
}

export interface BatchAdvice {
  readonly estimate: MemoryEstimate;
  readonly budget: Budget;
  readonly fits: boolean;
  /** The largest batch size whose estimate fits the budget (0: not even one sample). */
  readonly largest: number;
}

export function batchAdvice(
  analysis: Analysis,
  settings: Pick<TrainingSettings, 'batchSize' | 'optimizer'>,
  budget: Budget,
): BatchAdvice {
  const cost = modelCost(analysis);
  const slots = OPTIMIZER_SLOTS[settings.optimizer];
  const estimate = trainingMemory(cost, settings.batchSize, slots);
  return {
    estimate,
    budget,
    fits: estimate.total <= budget.bytes,
    largest: largestBatch(cost, budget.bytes, slots),
  };
}
