import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { repeatVector } from './repeatVector';

describe('RepeatVector', () => {
  it.each([
    [[32], {}, [3, 32]],
    [[32], { n: 10 }, [10, 32]],
    [[null], { n: 4 }, [4, null]],
    [[1], { n: 1 }, [1, 1]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(repeatVector, [input], params)).toEqual(out);
  });

  it.each([
    [[8, 16], {}, /expects a 1-D input \(features\) per sample, but its input is 8×16 \(rank 2\)/],
    [[], {}, /expects a 1-D input \(features\) per sample, but its input is scalar \(rank 0\)/],
    [[8], { n: 0 }, /n must be a whole number ≥ 1 \(got 0\)/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(repeatVector, [input], params)).toMatch(message);
  });

  it('offers Flatten for a known multi-axis input only', () => {
    const r = repeatVector.inferShape([[8, 16]], { n: 2 });
    expect(isShapeError(r) && r.error.fixes?.[0]).toMatchObject({ kind: 'insertBefore', layer: { type: 'flatten' } });
    const u = repeatVector.inferShape([[null, 16]], { n: 2 });
    expect(isShapeError(u) && u.error.fixes).toBeUndefined();
  });

  it('describes n', () => {
    expect(repeatVector.describe?.({ n: 5 })).toBe('×5');
  });

  it('needs an input', () => {
    expect(infer(repeatVector, [])).toMatch(/RepeatVector needs an input/);
  });

  it.each([
    [[4], {}],
    [[6], { n: 1 }],
    [[null], { n: 5 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(repeatVector, [input], params);
  });
});
