import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { dropout } from './dropout';

describe('Dropout', () => {
  it.each([
    [[10], {}, [10]],
    [[32, 32, 3], { rate: 0.2 }, [32, 32, 3]],
    [[null, 64], { rate: 0.1 }, [null, 64]],
    [[null, null, 8], {}, [null, null, 8]],
    [[], { rate: 0 }, []],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(dropout, [input], params)).toEqual(out);
  });

  it.each([
    [{ rate: 1.5 }, /rate must be a number between 0 and 1 \(got 1\.5\)/],
    [{ rate: -0.1 }, /rate must be a number between 0 and 1/],
  ])('rejects %j', (params, message) => {
    expect(infer(dropout, [[10]], params)).toMatch(message);
  });

  it('rejects rate 1, which would drop everything', () => {
    const { values } = resolveParams(dropout.params, { rate: 1 });
    expect(dropout.checkParams?.(values)?.message).toMatch(/must be below 1 \(got 1\)/);
    expect(dropout.checkParams?.(resolveParams(dropout.params, { rate: 0.99 }).values)).toBeUndefined();
  });

  it('warns that rate 0 has no effect', () => {
    expect(dropout.warn?.([[10]], { rate: 0 })?.message).toMatch(/drops nothing/);
    expect(dropout.warn?.([[10]], { rate: 0.5 })).toBeUndefined();
  });

  it('needs an input', () => {
    expect(infer(dropout, [])).toMatch(/needs an input/);
  });

  it('describes its rate', () => {
    expect(dropout.describe?.({ rate: 0.25 })).toBe('rate 0.25');
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { rate: 0.2 }],
    [[null, 6], { rate: 0 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(dropout, [input], params);
  });
});
