import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { gaussianNoise } from './gaussianNoise';

describe('GaussianNoise', () => {
  it.each([
    [[10], {}, [10]],
    [[28, 28, 1], { stddev: 0.5 }, [28, 28, 1]],
    [[null, 16], {}, [null, 16]],
    [[null, null, 3], { stddev: 2 }, [null, null, 3]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(gaussianNoise, [input], params)).toEqual(out);
  });

  it.each([
    [{ stddev: 0 }, /stddev must be a number greater than 0 \(got 0\)/],
    [{ stddev: -1 }, /stddev must be a number greater than 0 \(got -1\)/],
  ])('rejects %j', (params, message) => {
    expect(infer(gaussianNoise, [[10]], params)).toMatch(message);
  });

  it('needs an input', () => {
    expect(infer(gaussianNoise, [])).toMatch(/needs an input/);
  });

  it('describes its stddev', () => {
    expect(gaussianNoise.describe?.({ stddev: 0.1 })).toBe('σ 0.1');
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { stddev: 0.3 }],
    [[null, 6], { stddev: 1 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(gaussianNoise, [input], params);
  });
});
