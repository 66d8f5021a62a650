import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { averagePooling2d } from './averagePooling2d';

const values = (raw: Record<string, unknown>) => resolveParams(averagePooling2d.params, raw).values;

describe('AveragePooling2D', () => {
  it.each([
    [[32, 32, 16], {}, [16, 16, 16]],
    [[7, 7, 16], {}, [3, 3, 16]],
    [[7, 7, 16], { padding: 'same' }, [4, 4, 16]],
    [[7, 7, 16], { poolSize: [7, 7] }, [1, 1, 16]],
    [[32, 32, 16], { poolSize: [3, 3], strides: [1, 1] }, [30, 30, 16]],
    [[32, 32, 16], { poolSize: [3, 3], strides: [1, 1], padding: 'same' }, [32, 32, 16]],
    [[null, null, 8], { poolSize: [3, 3] }, [null, null, 8]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(averagePooling2d, [input], params)).toEqual(out);
  });

  it('explains a window that does not fit', () => {
    expect(infer(averagePooling2d, [[4, 8, 8]], { poolSize: [5, 5] })).toMatch(
      /AveragePooling2D's 5×5 window does not fit in its 4×8×8 input with padding "valid": the output would be empty/,
    );
  });
  it('explains a wrong rank', () => {
    expect(infer(averagePooling2d, [[10, 10, 10, 3]])).toMatch(
      /AveragePooling2D expects a 3-D input \(height, width, channels\).*10×10×10×3 \(rank 4\)/,
    );
  });
  it('warns about strides that skip inputs', () => {
    expect(averagePooling2d.warn?.([[8, 8, 1]], values({ strides: [1, 4] }))?.fixes?.[0]).toMatchObject({
      param: 'strides',
      value: null,
    });
  });
  it('describes itself', () => {
    expect(averagePooling2d.describe?.(values({ poolSize: [3, 3], strides: [1, 1], padding: 'same' }))).toBe(
      '3×3 · same · stride 1×1',
    );
  });

  it.each([
    [[8, 8, 3], {}],
    [[9, 7, 2], { poolSize: [3, 2], strides: [2, 1], padding: 'same' }],
    [[7, 7, 5], { poolSize: [7, 7] }],
    [[6, 5, 1], { poolSize: [2, 2], strides: [1, 1], padding: 'valid' }],
    [[6, null, 2], { poolSize: [3, 3], padding: 'same' }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(averagePooling2d, [input], params);
  });
});
