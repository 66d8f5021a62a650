import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { depthwiseConv2d } from './depthwiseConv2d';

const values = (raw: Record<string, unknown>) => resolveParams(depthwiseConv2d.params, raw).values;

describe('DepthwiseConv2D', () => {
  it.each([
    [[32, 32, 16], {}, [30, 30, 16]],
    [[32, 32, 16], { padding: 'same' }, [32, 32, 16]],
    [[32, 32, 16], { depthMultiplier: 3 }, [30, 30, 48]],
    [[33, 33, 8], { strides: [2, 2] }, [16, 16, 8]],
    [[33, 33, 8], { strides: [2, 2], padding: 'same' }, [17, 17, 8]],
    [[null, null, 8], { kernelSize: [5, 5] }, [null, null, 8]],
    [[10, 7, 2], { kernelSize: [1, 7] }, [10, 1, 2]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(depthwiseConv2d, [input], params)).toEqual(out);
  });

  it('explains a kernel that does not fit', () => {
    expect(infer(depthwiseConv2d, [[2, 2, 8]])).toMatch(
      /DepthwiseConv2D's 3×3 kernel does not fit in its 2×2×8 input with padding "valid"/,
    );
  });
  it('explains a wrong rank and unknown channels', () => {
    expect(infer(depthwiseConv2d, [[4, 4, 4, 3]])).toMatch(/expects a 3-D input.*4×4×4×3 \(rank 4\)/);
    expect(infer(depthwiseConv2d, [[8, 8, null]])).toMatch(/needs a known last dimension.*8×8×\?/);
  });
  it('counts one kernel per output channel', () => {
    expect(depthwiseConv2d.countParams([[8, 8, 16]], values({ depthMultiplier: 2 }))).toEqual({
      trainable: 3 * 3 * 32 + 32,
      nonTrainable: 0,
    });
  });
  it('describes itself', () => {
    expect(depthwiseConv2d.describe?.(values({ strides: [2, 2], padding: 'same', depthMultiplier: 2 }))).toBe(
      '3×3 · same · stride 2×2 · depth ×2',
    );
  });

  it.each([
    [[6, 6, 3], {}],
    [[7, 5, 2], { kernelSize: [3, 1], strides: [2, 2], padding: 'same', useBias: false }],
    [[9, 9, 4], { depthMultiplier: 3, activation: 'relu' }],
    [[5, 6, 1], { kernelSize: [5, 5], strides: [1, 2], depthMultiplier: 2 }],
    [[null, 6, 2], { padding: 'same' }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(depthwiseConv2d, [input], params);
  });
});
