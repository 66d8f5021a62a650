/** What stops training other than the user: a message to show and a hint of what to do. */

export type FaultKind = 'nan' | 'oom' | 'context-lost' | 'error';

export interface TrainingFault {
  readonly kind: FaultKind;
  readonly message: string;
  readonly hint?: string;
}

export interface FaultContext {
  readonly backend: string;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epoch: number;
  readonly batch: number;
}

const where = (c: FaultContext) => `at epoch ${c.epoch}, batch ${c.batch}`;

/** The loss became NaN or infinite. */
export function nanFault(loss: number, c: FaultContext): TrainingFault {
  const what = Number.isNaN(loss) ? 'not a number (NaN)' : 'infinite';
  return {
    kind: 'nan',
    message: `The loss became ${what} ${where(c)}: training stopped. The weights have diverged.`,
    hint: `Lower the learning rate (it is ${c.learningRate}; try ${c.learningRate / 10}) and train again: the diverged weights were discarded, so the next run starts from fresh ones.`,
  };
}

const OOM =
  /out of memory|\bOOM\b|failed to allocate|allocation failed|array buffer allocation|exceeds.*memory|memory limit|Invalid typed array length|Array buffer allocation/i;
const CONTEXT_LOST = /context (was )?lost|CONTEXT_LOST|webglcontextlost|device (was )?lost|isContextLost/i;

/** Sorts an error thrown while training into a fault with a message for the user. */
export function classifyError(error: unknown, c: FaultContext): TrainingFault {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (CONTEXT_LOST.test(text))
    return {
      kind: 'context-lost',
      message: `The ${c.backend} context was lost ${where(c)} (the GPU was reset or the tab ran out of GPU memory): training stopped.`,
      hint: 'Your model is safe, but the trained weights were on the GPU and are gone. Press Start to train again from fresh weights on a new context; a smaller batch size or input uses less GPU memory.',
    };
  if (OOM.test(text) || (error instanceof RangeError && /length|size|alloc/i.test(text)))
    return {
      kind: 'oom',
      message: `Out of memory on ${c.backend} ${where(c)} with batch size ${c.batchSize}: training stopped.`,
      hint: 'Lower the batch size, use fewer samples, or make the input smaller.',
    };
  return { kind: 'error', message: `Training failed ${where(c)}: ${error instanceof Error ? error.message : text}` };
}
