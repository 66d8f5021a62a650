import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { activation } from './activation';

describe('Activation', () => {
  it.each([
    [[10], {}, [10]],
    [[8, 8, 16], { activation: 'sigmoid' }, [8, 8, 16]],
    [[null, 10], { activation: 'softmax' }, [null, 10]],
    [[null, null, 4], { activation: 'gelu' }, [null, null, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(activation, [input], params)).toEqual(out);
  });

  it('defaults to relu', () => {
    expect(activation.params.activation.default).toBe('relu');
    expect(activation.describe?.({ activation: 'relu' })).toBe('relu');
  });

  it('rejects an unknown activation', () => {
    expect(infer(activation, [[10]], { activation: 'leaky' })).toMatch(
      /activation must be one of .*"relu".*\(got "leaky"\)/,
    );
  });

  it('needs an input', () => {
    expect(infer(activation, [])).toMatch(/needs an input/);
  });

  it('warns that linear is the identity', () => {
    expect(activation.warn?.([[4]], { activation: 'linear' })?.message).toMatch(/identity/);
    expect(activation.warn?.([[4]], { activation: 'tanh' })).toBeUndefined();
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { activation: 'tanh' }],
    [[null, 6], { activation: 'softmax' }],
    [[3, 2], { activation: 'swish' }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(activation, [input], params);
  });
});
