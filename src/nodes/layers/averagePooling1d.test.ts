import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { averagePooling1d } from './averagePooling1d';

const values = (raw: Record<string, unknown>) => resolveParams(averagePooling1d.params, raw).values;

describe('AveragePooling1D', () => {
  it.each([
    [[100, 8], {}, [50, 8]],
    [[101, 8], {}, [50, 8]],
    [[101, 8], { padding: 'same' }, [51, 8]],
    [[100, 8], { poolSize: 3, strides: 1 }, [98, 8]],
    [[100, 8], { poolSize: 3, strides: 1, padding: 'same' }, [100, 8]],
    [[100, 8], { poolSize: 4, strides: 2 }, [49, 8]],
    [[null, 8], { poolSize: 3 }, [null, 8]],
    [[10, null], {}, [5, null]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(averagePooling1d, [input], params)).toEqual(out);
  });

  it('treats strides null as the pool size and rejects 0', () => {
    expect(infer(averagePooling1d, [[12, 1]], { poolSize: 3, strides: null })).toEqual([4, 1]);
    expect(infer(averagePooling1d, [[12, 1]], { strides: 0 })).toMatch(/strides must be a whole number ≥ 1/);
  });
  it('explains a window that does not fit', () => {
    expect(infer(averagePooling1d, [[3, 16]], { poolSize: 5 })).toMatch(
      /AveragePooling1D's 5-step window does not fit in its 3×16 input with padding "valid".*pool size of at most 3\./,
    );
    expect(averagePooling1d.inferShape([[3, 16]], values({ poolSize: 5 }))).toMatchObject({
      error: { fixes: [{ value: 'same' }, { param: 'poolSize', value: 3 }] },
    });
  });
  it('explains a wrong rank, pointing images to AveragePooling2D', () => {
    expect(infer(averagePooling1d, [[28, 28, 1]])).toMatch(
      /expects a 2-D input \(steps, channels\).*28×28×1 \(rank 3\)\. For a \(height, width, channels\) feature map use AveragePooling2D\./,
    );
  });
  it('warns about strides that skip inputs', () => {
    expect(averagePooling1d.warn?.([[10, 1]], values({ strides: 3 }))?.message).toMatch(
      /stride 3 is larger than its 2-step window/,
    );
  });
  it('describes itself', () => {
    expect(averagePooling1d.describe?.(values({}))).toBe('2 · valid');
    expect(averagePooling1d.describe?.(values({ poolSize: 3, strides: 1, padding: 'same' }))).toBe(
      '3 · same · stride 1',
    );
  });

  it.each([
    [[10, 3], {}],
    [[11, 2], { poolSize: 3, strides: 2, padding: 'same' }],
    [[9, 1], { poolSize: 9 }],
    [[8, 4], { poolSize: 2, strides: 1 }],
    [[null, 2], { poolSize: 4, strides: 3 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(averagePooling1d, [input], params);
  });
});
