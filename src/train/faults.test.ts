import { describe, expect, it } from 'vitest';
import { classifyError, nanFault } from './faults';

const at = { backend: 'webgl', batchSize: 32, learningRate: 0.5, epoch: 3, batch: 7 };

describe('faults', () => {
  it('a NaN or infinite loss says where and suggests a lower learning rate', () => {
    expect(nanFault(Number.NaN, at)).toEqual({
      kind: 'nan',
      message: 'The loss became not a number (NaN) at epoch 3, batch 7: training stopped. The weights have diverged.',
      hint: 'Lower the learning rate (it is 0.5; try 0.05) and train again: the diverged weights were discarded, so the next run starts from fresh ones.',
    });
    expect(nanFault(Number.POSITIVE_INFINITY, at).message).toMatch(/^The loss became infinite/);
  });

  it.each([
    ['Failed to link vertex and fragment shaders. WebGL context lost', 'context-lost'],
    ['CONTEXT_LOST_WEBGL', 'context-lost'],
    ['GPU device was lost', 'context-lost'],
    ['Out of memory', 'oom'],
    ['Failed to allocate texture of size 16384x16384', 'oom'],
    ['Array buffer allocation failed', 'oom'],
    ['Shapes must match', 'error'],
  ])('"%s" is a %s fault', (message, kind) => {
    expect(classifyError(new Error(message), at).kind).toBe(kind);
  });

  it('an out-of-memory fault names the backend and batch size, with a hint', () => {
    const f = classifyError(new RangeError('Invalid typed array length: 4294967296'), at);
    expect(f).toEqual({
      kind: 'oom',
      message: 'Out of memory on webgl at epoch 3, batch 7 with batch size 32: training stopped.',
      hint: 'Lower the batch size, use fewer samples, or make the input smaller.',
    });
  });

  it('other errors keep their message', () => {
    expect(classifyError('plain', at)).toEqual({
      kind: 'error',
      message: 'Training failed at epoch 3, batch 7: plain',
    });
  });
});
