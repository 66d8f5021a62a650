import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { conv2d } from './conv2d';

describe('Conv2D', () => {
  it.each([
    [[32, 32, 3], {}, [30, 30, 32]],
    [[32, 32, 3], { padding: 'same', filters: 16 }, [32, 32, 16]],
    [[360, 480, 3], { filters: 16, kernelSize: [7, 7], padding: 'same' }, [360, 480, 16]],
    [[33, 33, 3], { strides: [2, 2] }, [16, 16, 32]],
    [[33, 33, 3], { strides: [2, 2], padding: 'same' }, [17, 17, 32]],
    [[32, 32, 3], { dilationRate: [2, 2] }, [28, 28, 32]],
    [[null, 20, 3], { kernelSize: [3, 3] }, [null, 18, 32]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(conv2d, [input], params)).toEqual(out);
  });

  it('explains a kernel that does not fit', () => {
    expect(infer(conv2d, [[2, 2, 3]], { kernelSize: [3, 3] })).toMatch(/3×3 kernel does not fit in its 2×2×3 input/);
  });
  it('explains a wrong rank', () => {
    expect(infer(conv2d, [[100]])).toMatch(/expects a 3-D input \(height, width, channels\).*100 \(rank 1\)/);
  });

  it.each([
    [[8, 8, 3], {}],
    [[9, 7, 2], { filters: 5, kernelSize: [3, 1], strides: [2, 2], padding: 'same', useBias: false }],
    [[12, 12, 4], { dilationRate: [2, 3], activation: 'relu' }],
    [[10, 6, 1], { kernelSize: [5, 5], padding: 'valid', strides: [3, 1] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(conv2d, [input], params);
  });
});
