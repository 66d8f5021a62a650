/**
 * Batch advice before training: the memory a training step needs for the chosen batch size and
 * optimizer (`trainingMemory`, from the model's cost), against a budget, and the largest batch
 * that fits. No tfjs: the editor shows it before the worker starts.
 */
import type { Analysis } from '../compile';
import { largestBatch, type MemoryEstimate, modelCost, type OptimizerMemory, trainingMemory } from '../compile';
import type { OptimizerName, TrainingSettings } from './settings';

/**
 * What each tfjs 4.22 optimizer holds, in copies of the trainable weights: its slots (Adam m and v,
 * RMSprop ms and mom, momentum's accumulation) and the temporaries of one update, measured with
 * `tf.profile` (src/train/memory.test.ts checks them).
 */
export const OPTIMIZER_MEMORY: Readonly<Record<OptimizerName, OptimizerMemory>> = {
  sgd: { slots: 0, temporaries: 2 },
  momentum: { slots: 1, temporaries: 4 },
  adam: { slots: 2, temporaries: 14 },
  rmsprop: { slots: 2, temporaries: 15 },
};

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
  const optimizer = OPTIMIZER_MEMORY[settings.optimizer];
  const estimate = trainingMemory(cost, settings.batchSize, optimizer);
  return {
    estimate,
    budget,
    fits: estimate.total <= budget.bytes,
    largest: largestBatch(cost, budget.bytes, optimizer),
  };
}
