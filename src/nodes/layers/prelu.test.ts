import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { prelu } from './prelu';

describe('PReLU', () => {
  it.each([
    [[10], {}, [10]],
    [[8, 8, 16], { sharedAxes: [1, 2] }, [8, 8, 16]],
    [[null, null, 16], { sharedAxes: [1, 2] }, [null, null, 16]],
    [[null, 32], { sharedAxes: [1] }, [null, 32]],
    [[4, 5], { sharedAxes: [2] }, [4, 5]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(prelu, [input], params)).toEqual(out);
  });

  it.each([
    [[8, 8, 16], { sharedAxes: [4] }, /shared axis 4 does not exist in its 8×8×16 input: axes are 1\.\.3/],
    [
      [null, 32],
      {},
      /separate alpha at each position of axis 1, which needs a known size, but its input is \?×32\. Share alpha along axis 1 instead/,
    ],
    [[null, null, 3], { sharedAxes: [3] }, /axis 1, .* its input is \?×\?×3\. Share alpha along axes 1, 2 instead/],
    [[4], { sharedAxes: [0] }, /shared axes must be a list of 1 or more whole numbers ≥ 1/],
    [[4], { sharedAxes: [] }, /shared axes must be a list of 1 or more/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(prelu, [input], params)).toMatch(message);
  });

  it('offers to share the unknown axes', () => {
    const r = prelu.inferShape([[null, null, 3]], { sharedAxes: [3] });
    expect(isShapeError(r) && r.error.fixes?.[0]).toMatchObject({
      kind: 'setParam',
      param: 'sharedAxes',
      value: [1, 2, 3],
    });
  });

  it.each([
    [[10], {}, 10],
    [[8, 8, 16], {}, 1024],
    [[8, 8, 16], { sharedAxes: [1, 2] }, 16],
    [[8, 8, 16], { sharedAxes: [3] }, 64],
    [[null, 32], { sharedAxes: [1] }, 32],
  ] as const)('counts the alphas of %j with %j: %i', (input, params, n) => {
    const { values } = resolveParams(prelu.params, params);
    expect(prelu.countParams([input], values)).toEqual({ trainable: n, nonTrainable: 0 });
  });

  it('describes its shared axes', () => {
    expect(prelu.describe?.({ sharedAxes: [1, 2] })).toBe('shared 1, 2');
    expect(prelu.describe?.({ sharedAxes: null })).toBe('');
  });

  it.each([
    [[6], {}],
    [[3, 4, 2], { sharedAxes: [1, 2] }],
    [[null, 5], { sharedAxes: [1] }],
    [[2, 3, 4], { sharedAxes: [2] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(prelu, [input], params);
  });
});
