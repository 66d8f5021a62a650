import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { maxPooling3d } from './maxPooling3d';

const values = (raw: Record<string, unknown>) => resolveParams(maxPooling3d.params, raw).values;

describe('MaxPooling3D', () => {
  it.each([
    [[16, 32, 32, 3], {}, [8, 16, 16, 3]],
    [[5, 5, 5, 2], {}, [2, 2, 2, 2]],
    [[5, 5, 5, 2], { padding: 'same' }, [3, 3, 3, 2]],
    [[8, 8, 8, 1], { poolSize: [2, 3, 3], strides: [1, 1, 1] }, [7, 6, 6, 1]],
    [[null, 8, 8, 4], { poolSize: [1, 2, 2] }, [null, 4, 4, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(maxPooling3d, [input], params)).toEqual(out);
  });

  it('explains a window that does not fit and a wrong rank', () => {
    expect(infer(maxPooling3d, [[1, 8, 8, 3]])).toMatch(
      /MaxPooling3D's 2×2×2 window does not fit in its 1×8×8×3 input with padding "valid".*pool size of at most 1×2×2\./,
    );
    expect(infer(maxPooling3d, [[28, 28, 1]])).toMatch(
      /expects a 4-D input \(depth, height, width, channels\).*28×28×1 \(rank 3\)\. For a \(height, width, channels\) feature map use MaxPooling2D\./,
    );
  });
  it('warns about strides that skip inputs, describes itself, names its kernels', () => {
    expect(maxPooling3d.warn?.([[8, 8, 8, 1]], values({ strides: [3, 1, 1] }))?.message).toMatch(
      /stride 3×1×1 is larger than its 2×2×2 window/,
    );
    expect(maxPooling3d.describe?.(values({ poolSize: [1, 2, 2] }))).toBe('1×2×2 · valid');
    expect(maxPooling3d.gradientKernels?.every((k) => tf.getKernel(k, 'cpu') !== undefined)).toBe(true);
  });

  it.each([
    [[4, 4, 4, 2], {}],
    [[5, 6, 7, 1], { poolSize: [2, 3, 2], strides: [1, 2, 3], padding: 'same' }],
    [[3, 3, 3, 2], { poolSize: [3, 3, 3] }],
    [[null, 4, 4, 2], { poolSize: [1, 2, 2] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(maxPooling3d, [input], params);
  });
});
