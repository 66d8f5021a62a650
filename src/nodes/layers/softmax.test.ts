import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { softmax } from './softmax';

describe('Softmax', () => {
  it.each([
    [[10], {}, [10]],
    [[null, 10], {}, [null, 10]],
    [[4, 5, 6], { axis: 3 }, [4, 5, 6]],
    [[10], { axis: 1 }, [10]],
    [[null, null, 7], { axis: -1 }, [null, null, 7]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(softmax, [input], params)).toEqual(out);
  });

  it.each([
    [
      [4, 5, 6],
      { axis: 1 },
      /tfjs supports Softmax only along the last axis, but axis 1 is axis 1 of 3 of its 4×5×6 input/,
    ],
    [[4, 5, 6], { axis: -2 }, /only along the last axis, but axis -2 is axis 2 of 3/],
    [[4, 5], { axis: 0 }, /cannot normalize over the batch axis \(axis 0\)/],
    [[4, 5], { axis: -3 }, /cannot normalize over the batch axis \(axis -3\)/],
    [[4, 5], { axis: 3 }, /axis 3 is out of range for its 4×5 input \(rank 2\): use -1 or 1\.\.2/],
    [[], {}, /rank 1 or more per sample/],
    [[4], { axis: 1.5 }, /axis must be a whole number/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(softmax, [input], params)).toMatch(message);
  });

  it('offers axis -1 as a fix', () => {
    const r = softmax.inferShape([[4, 5]], { axis: 1 });
    expect(isShapeError(r) && r.error.fixes?.[0]).toMatchObject({ kind: 'setParam', param: 'axis', value: -1 });
  });

  it('needs an input', () => {
    expect(infer(softmax, [])).toMatch(/Softmax needs an input/);
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { axis: 3 }],
    [[null, 6], { axis: -1 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(softmax, [input], params);
  });
});
