import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { leakyRelu } from './leakyRelu';

describe('LeakyReLU', () => {
  it.each([
    [[10], {}, [10]],
    [[8, 8, 16], { alpha: 0.2 }, [8, 8, 16]],
    [[null, 10], {}, [null, 10]],
    [[null, null, 4], { alpha: 0 }, [null, null, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(leakyRelu, [input], params)).toEqual(out);
  });

  it('defaults alpha to 0.3 as tfjs and Keras 2', () => {
    expect(leakyRelu.params.alpha.default).toBe(0.3);
  });

  it('rejects a negative alpha', () => {
    expect(infer(leakyRelu, [[10]], { alpha: -0.1 })).toMatch(/alpha must be a number ≥ 0 \(got -0\.1\)/);
  });

  it('needs an input', () => {
    expect(infer(leakyRelu, [])).toMatch(/LeakyReLU needs an input/);
  });

  it('describes its alpha', () => {
    expect(leakyRelu.describe?.({ alpha: 0.3 })).toBe('α 0.3');
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { alpha: 0.1 }],
    [[null, 6], { alpha: 0.01 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(leakyRelu, [input], params);
  });
});
