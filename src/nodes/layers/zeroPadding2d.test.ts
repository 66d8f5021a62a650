import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { zeroPadding2d } from './zeroPadding2d';

const values = (raw: Record<string, unknown>) => resolveParams(zeroPadding2d.params, raw).values;

describe('ZeroPadding2D', () => {
  it.each([
    [[28, 28, 1], {}, [30, 30, 1]],
    [[224, 224, 3], { padding: [3, 3, 3, 3] }, [230, 230, 3]],
    [[112, 112, 64], { padding: [0, 1, 0, 1] }, [113, 113, 64]],
    [[5, 5, 2], { padding: [0, 0, 0, 0] }, [5, 5, 2]],
    [[5, 5, 2], { padding: [1, 2, 3, 4] }, [8, 12, 2]],
    [[null, 10, null], { padding: [2, 2, 1, 0] }, [null, 11, null]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(zeroPadding2d, [input], params)).toEqual(out);
  });

  it('explains a wrong rank and bad params', () => {
    expect(infer(zeroPadding2d, [[100, 8]])).toMatch(
      /ZeroPadding2D expects a 3-D input \(height, width, channels\).*100×8 \(rank 2\)/,
    );
    expect(infer(zeroPadding2d, [[8, 8, 1]], { padding: [1, 1] })).toMatch(/padding must be 4 whole numbers/);
    expect(infer(zeroPadding2d, [[8, 8, 1]], { padding: [1, -1, 1, 1] })).toMatch(
      /padding must be 4 whole numbers ≥ 0/,
    );
  });
  it('describes itself', () => {
    expect(zeroPadding2d.describe?.(values({}))).toBe('1 each side');
    expect(zeroPadding2d.describe?.(values({ padding: [0, 1, 0, 1] }))).toBe('t0 b1 l0 r1');
  });
  it('has no weights', () => {
    expect(zeroPadding2d.countParams([[8, 8, 3]], values({}))).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it.each([
    [[4, 4, 3], {}],
    [[3, 5, 2], { padding: [1, 2, 3, 4] }],
    [[2, 2, 1], { padding: [0, 1, 0, 1] }],
    [[null, 3, 2], { padding: [2, 0, 0, 2] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(zeroPadding2d, [input], params);
  });
});
