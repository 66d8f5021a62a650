import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer } from '../oracle.testkit';
import { defaultParams, resolveParams } from '../schema';
import { input } from './input';

// No oracleCheck: the compiler builds inputs with `tf.input`, not as a layer applied to a tensor.
describe('Input', () => {
  it.each([
    [{}, [28, 28, 1]],
    [{ shape: [360, 480, 3] }, [360, 480, 3]],
    [{ shape: [784] }, [784]],
    [{ shape: [100, 16] }, [100, 16]],
    [{ shape: [2, 3, 4, 5, 6] }, [2, 3, 4, 5, 6]],
  ] as const)('%j → %j', (params, out) => {
    expect(infer(input, [], params)).toEqual(out);
  });

  it.each([
    [[], /shape must be a list of 1–5 whole numbers \(got \[\]\)/],
    [[1, 2, 3, 4, 5, 6], /shape must be a list of 1–5 whole numbers/],
    [
      [28, 0, 1],
      /shape must be a list of 1–5 whole numbers ≥ 1 \(or \? for a size the data gives\) \(got \[28,0,1\]\)/,
    ],
    [[28, -1], /≥ 1/],
    [[2.5], /whole numbers/],
    [['?', 3], /whole numbers/],
    ['28x28', /shape must be a list of 1–5 whole numbers \(got "28x28"\)/],
    [null, /shape must be set \(got null\)/],
  ])('rejects shape %j', (shape, message) => {
    const { errors } = resolveParams(input.params, { shape });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.param).toBe('shape');
    expect(errors[0]?.message).toMatch(message);
  });

  it('takes no inputs, has no params, and describes its shape', () => {
    expect(input.inputs).toEqual({ min: 0, max: 0 });
    expect(input.category).toBe('input');
    expect(input.countParams([], { shape: [28, 28, 1], batchSize: null })).toEqual({ trainable: 0, nonTrainable: 0 });
    expect(input.describe?.({ shape: [360, 480, 3], batchSize: null })).toBe('360×480×3');
    expect(input.describe?.({ shape: [null] as never, batchSize: 64 })).toBe('? · batch 64');
  });

  it('fills the default and returns a fresh copy of it', () => {
    const a = defaultParams(input.params);
    a.shape.push(9);
    expect(defaultParams(input.params).shape).toEqual([28, 28, 1]);
  });

  it('builds an InputLayer with the batch dimension prepended', () => {
    const fixed = input.build(tf, { shape: [null], batchSize: 64 } as never, 'input_batch');
    expect(fixed.getConfig()).toMatchObject({ batchInputShape: [64, null] });
    const layer = input.build(tf, { shape: [5, 7, 3], batchSize: null }, 'input_build');
    expect(layer.getClassName()).toBe(input.kerasClass);
    expect(layer.getConfig()).toMatchObject({ batchInputShape: [null, 5, 7, 3], name: 'input_build' });
    expect(tf.input({ shape: [5, 7, 3] }).shape).toEqual([
      null,
      ...(infer(input, [], { shape: [5, 7, 3] }) as number[]),
    ]);
  });
});
