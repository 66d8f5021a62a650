import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { permute } from './permute';

describe('Permute', () => {
  it.each([
    [[10, 64], {}, [64, 10]],
    [[4, 5, 6], { dims: [3, 1, 2] }, [6, 4, 5]],
    [[null, 8], { dims: [2, 1] }, [8, null]],
    [[4, null, 6], { dims: [1, 3, 2] }, [4, 6, null]],
    [[7], { dims: [1] }, [7]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(permute, [input], params)).toEqual(out);
  });

  it.each([
    [[4, 5, 6], {}, /dims \[2, 1\] reorder 2 axes, but its input 4×5×6 has 3/],
    [[4, 5], { dims: [1, 1] }, /must list each axis 1\.\.2 exactly once .*got \[1, 1\]/],
    [[4, 5], { dims: [1, 3] }, /must list each axis 1\.\.2 exactly once .*got \[1, 3\]/],
    [[4, 5], { dims: [0, 1] }, /dims must be a list of 1 or more whole numbers ≥ 1/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(permute, [input], params)).toMatch(message);
  });

  it('checks the permutation without an input, including the tfjs limit of 9 axes', () => {
    const check = (dims: number[]) => permute.checkParams?.(resolveParams(permute.params, { dims }).values)?.message;
    expect(check([2, 3, 1])).toBeUndefined();
    expect(check([2, 2])).toMatch(/each axis 1\.\.2 exactly once/);
    expect(check([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeUndefined();
    expect(check([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toMatch(/tfjs cannot build a Permute over 10 axes/);
  });

  it('describes its dims', () => {
    expect(permute.describe?.({ dims: [2, 1] })).toBe('(2, 1)');
  });

  it('needs an input', () => {
    expect(infer(permute, [])).toMatch(/Permute needs an input/);
  });

  it.each([
    [[3, 4], {}],
    [[2, 3, 4], { dims: [3, 1, 2] }],
    [[null, 5], { dims: [2, 1] }],
    [[2, 3, 4, 5], { dims: [4, 2, 3, 1] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(permute, [input], params);
  });
});
