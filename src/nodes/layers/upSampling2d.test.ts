import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { upSampling2d } from './upSampling2d';

const values = (raw: Record<string, unknown>) => resolveParams(upSampling2d.params, raw).values;

describe('UpSampling2D', () => {
  it.each([
    [[16, 16, 64], {}, [32, 32, 64]],
    [[16, 16, 64], { size: [3, 3] }, [48, 48, 64]],
    [[7, 5, 2], { size: [1, 4], interpolation: 'bilinear' }, [7, 20, 2]],
    [[null, 8, 3], {}, [null, 16, 3]],
    [[8, 8, null], { size: [2, 1] }, [16, 8, null]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(upSampling2d, [input], params)).toEqual(out);
  });

  it('explains a wrong rank and bad params', () => {
    expect(infer(upSampling2d, [[100, 8]])).toMatch(
      /UpSampling2D expects a 3-D input \(height, width, channels\).*100×8 \(rank 2\)/,
    );
    expect(infer(upSampling2d, [[8, 8, 1]], { size: [0, 2] })).toMatch(/size must be 2 whole numbers ≥ 1/);
    expect(infer(upSampling2d, [[8, 8, 1]], { interpolation: 'bicubic' })).toMatch(
      /interpolation must be one of "nearest", "bilinear"/,
    );
  });
  it('describes itself', () => {
    expect(upSampling2d.describe?.(values({ interpolation: 'bilinear' }))).toBe('×2×2 · bilinear');
  });

  it.each([
    [[4, 4, 3], {}],
    [[3, 5, 2], { size: [3, 1], interpolation: 'bilinear' }],
    [[2, 2, 1], { size: [4, 4] }],
    [[null, 3, 2], { size: [2, 3] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(upSampling2d, [input], params);
  });
});
