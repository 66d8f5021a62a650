import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { maxPooling2d } from './maxPooling2d';

const values = (raw: Record<string, unknown>) => resolveParams(maxPooling2d.params, raw).values;

describe('MaxPooling2D', () => {
  it.each([
    [[32, 32, 16], {}, [16, 16, 16]],
    [[33, 33, 16], {}, [16, 16, 16]],
    [[33, 33, 16], { padding: 'same' }, [17, 17, 16]],
    [[32, 32, 16], { poolSize: [3, 3], strides: [2, 2] }, [15, 15, 16]],
    [[32, 32, 16], { poolSize: [3, 3], strides: [2, 2], padding: 'same' }, [16, 16, 16]],
    [[32, 32, 16], { poolSize: [3, 3], strides: [1, 1], padding: 'same' }, [32, 32, 16]],
    [[12, 20, 4], { poolSize: [3, 5] }, [4, 4, 4]],
    [[null, 20, null], {}, [null, 10, null]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(maxPooling2d, [input], params)).toEqual(out);
  });

  it('explains a window that does not fit, with fixes', () => {
    expect(infer(maxPooling2d, [[2, 2, 8]], { poolSize: [3, 3] })).toMatch(
      /MaxPooling2D's 3×3 window does not fit in its 2×2×8 input with padding "valid".*pool size of at most 2×2/,
    );
    const r = maxPooling2d.inferShape([[2, 9, 8]], values({ poolSize: [3, 3] }));
    expect(r).toMatchObject({
      error: {
        param: 'poolSize',
        fixes: [
          { param: 'padding', value: 'same' },
          { param: 'poolSize', value: [2, 3] },
        ],
      },
    });
    expect(infer(maxPooling2d, [[2, 2, 8]], { poolSize: [3, 3], padding: 'same' })).toEqual([1, 1, 8]);
  });
  it('explains a wrong rank, pointing sequences to MaxPooling1D', () => {
    expect(infer(maxPooling2d, [[100, 8]])).toMatch(
      /expects a 3-D input \(height, width, channels\).*100×8 \(rank 2\)\. For a \(steps, channels\) sequence use MaxPooling1D\./,
    );
    expect(infer(maxPooling2d, [[100]])).toMatch(/100 \(rank 1\)\.$/);
  });
  it('warns about strides that skip inputs', () => {
    expect(maxPooling2d.warn?.([[8, 8, 1]], values({ strides: [3, 3] }))?.message).toMatch(
      /stride 3×3 is larger than its 2×2 window/,
    );
    expect(maxPooling2d.warn?.([[8, 8, 1]], values({ poolSize: [3, 3], strides: [2, 2] }))).toBeUndefined();
    expect(maxPooling2d.warn?.([[8, 8, 1]], values({}))).toBeUndefined();
  });
  it('describes itself', () => {
    expect(maxPooling2d.describe?.(values({}))).toBe('2×2 · valid');
    expect(maxPooling2d.describe?.(values({ strides: [2, 2] }))).toBe('2×2 · valid');
    expect(maxPooling2d.describe?.(values({ poolSize: [3, 3], strides: [2, 2], padding: 'same' }))).toBe(
      '3×3 · same · stride 2×2',
    );
  });
  it('has no weights', () => {
    expect(maxPooling2d.countParams([[8, 8, 3]], values({}))).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it.each([
    [[8, 8, 3], {}],
    [[9, 7, 2], { poolSize: [3, 2], strides: [2, 1], padding: 'same' }],
    [[9, 9, 1], { poolSize: [3, 3], strides: [2, 2] }],
    [[5, 6, 4], { poolSize: [5, 1], padding: 'valid' }],
    [[null, 6, 2], { poolSize: [2, 3], padding: 'same' }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(maxPooling2d, [input], params);
  });
});
