import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { thresholdedRelu } from './thresholdedRelu';

const values = (raw: Record<string, unknown>) => resolveParams(thresholdedRelu.params, raw).values;

describe('ThresholdedReLU', () => {
  it('keeps its input shape, rejects a negative theta, describes itself', () => {
    expect(infer(thresholdedRelu, [[4, 4, 3]])).toEqual([4, 4, 3]);
    expect(infer(thresholdedRelu, [[null, 2]])).toEqual([null, 2]);
    expect(infer(thresholdedRelu, [])).toMatch(/ThresholdedReLU needs an input/);
    expect(infer(thresholdedRelu, [[3]], { theta: -1 })).toMatch(/theta/);
    expect(thresholdedRelu.describe?.(values({ theta: 0.5 }))).toBe('θ 0.5');
  });
  it('keeps values above theta and zeroes the rest (real tfjs)', () => {
    const y = thresholdedRelu.build(tf, values({ theta: 0.5 }), 'thr_run').apply(tf.tensor2d([[-1, 0.2, 0.6, 3]]));
    expect(Array.from((y as tf.Tensor).dataSync(), (v) => v + 0)).toEqual([0, 0, Math.fround(0.6), 3]);
  });
  it.each([
    [[10], {}],
    [[5, 3], { theta: 0.2 }],
    [[4, 4, 2], { theta: 0 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(thresholdedRelu, [input], params);
  });
});
