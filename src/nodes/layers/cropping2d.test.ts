import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { cropping2d } from './cropping2d';

const values = (raw: Record<string, unknown>) => resolveParams(cropping2d.params, raw).values;

describe('Cropping2D', () => {
  it.each([
    [[28, 28, 1], {}, [28, 28, 1]],
    [[64, 64, 32], { cropping: [4, 4, 4, 4] }, [56, 56, 32]],
    [[10, 12, 3], { cropping: [1, 2, 3, 4] }, [7, 5, 3]],
    [[5, 5, 2], { cropping: [0, 1, 0, 1] }, [4, 4, 2]],
    [[5, 5, 2], { cropping: [2, 2, 2, 2] }, [1, 1, 2]],
    [[null, 10, null], { cropping: [9, 9, 1, 0] }, [null, 9, null]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(cropping2d, [input], params)).toEqual(out);
  });

  it('explains cropping that leaves nothing', () => {
    expect(infer(cropping2d, [[5, 10, 3]], { cropping: [3, 3, 0, 0] })).toBe(
      'Cropping2D removes 6 rows (top 3 + bottom 3) from its 5×10×3 input, which has only 5: nothing would be left. Crop at most 4 rows in total.',
    );
    expect(infer(cropping2d, [[5, 4, 3]], { cropping: [0, 0, 4, 0] })).toMatch(
      /removes 4 columns \(left 4 \+ right 0\) from its 5×4×3 input, which has only 4/,
    );
    expect(cropping2d.inferShape([[5, 4, 3]], values({ cropping: [0, 0, 4, 0] }))).toMatchObject({
      error: { param: 'cropping' },
    });
  });
  it('explains a wrong rank and bad params', () => {
    expect(infer(cropping2d, [[100, 8]])).toMatch(
      /Cropping2D expects a 3-D input \(height, width, channels\).*100×8 \(rank 2\)/,
    );
    expect(infer(cropping2d, [[8, 8, 1]], { cropping: [1, 1, 1] })).toMatch(/cropping must be 4 whole numbers/);
  });
  it('describes itself', () => {
    expect(cropping2d.describe?.(values({ cropping: [2, 2, 2, 2] }))).toBe('2 each side');
    expect(cropping2d.describe?.(values({ cropping: [1, 2, 3, 4] }))).toBe('t1 b2 l3 r4');
  });

  it.each([
    [[4, 4, 3], {}],
    [[10, 12, 2], { cropping: [1, 2, 3, 4] }],
    [[3, 3, 1], { cropping: [1, 1, 1, 1] }],
    [[6, 5, 2], { cropping: [0, 5, 2, 0] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(cropping2d, [input], params);
  });
});
