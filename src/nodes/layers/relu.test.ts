import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { relu } from './relu';

describe('ReLU', () => {
  it.each([
    [[10], {}, [10]],
    [[8, 8, 16], { maxValue: 6 }, [8, 8, 16]],
    [[null, 10], {}, [null, 10]],
    [[null, null, 4], { maxValue: null }, [null, null, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(relu, [input], params)).toEqual(out);
  });

  it.each([
    [{ maxValue: -1 }, /max value must be a number ≥ 0 \(got -1\)/],
    [{ maxValue: 'six' }, /max value must be a number/],
  ])('rejects %j', (params, message) => {
    expect(infer(relu, [[10]], params)).toMatch(message);
  });

  it('needs an input', () => {
    expect(infer(relu, [])).toMatch(/ReLU needs an input/);
  });

  it('describes its cap', () => {
    expect(relu.describe?.({ maxValue: 6 })).toBe('max 6');
    expect(relu.describe?.({ maxValue: null })).toBe('');
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { maxValue: 6 }],
    [[null, 6], { maxValue: 0.5 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(relu, [input], params);
  });
});
