import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { separableConv2d } from './separableConv2d';

const values = (raw: Record<string, unknown>) => resolveParams(separableConv2d.params, raw).values;

describe('SeparableConv2D', () => {
  it.each([
    [[32, 32, 3], {}, [30, 30, 32]],
    [[32, 32, 3], { padding: 'same', filters: 64 }, [32, 32, 64]],
    [[33, 33, 3], { strides: [2, 2] }, [16, 16, 32]],
    [[33, 33, 3], { strides: [2, 2], padding: 'same' }, [17, 17, 32]],
    [[32, 32, 3], { dilationRate: [2, 2], depthMultiplier: 4 }, [28, 28, 32]],
    [[null, 20, 3], { kernelSize: [5, 5] }, [null, 16, 32]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(separableConv2d, [input], params)).toEqual(out);
  });

  it('explains a kernel that does not fit', () => {
    expect(infer(separableConv2d, [[2, 8, 3]])).toMatch(/SeparableConv2D's 3×3 kernel does not fit in its 2×8×3 input/);
    expect(infer(separableConv2d, [[4, 9, 3]], { dilationRate: [2, 2] })).toMatch(/3×3 kernel \(dilation 2×2\)/);
  });
  it('explains a wrong rank and unknown channels', () => {
    expect(infer(separableConv2d, [[100, 3]])).toMatch(
      /expects a 3-D input \(height, width, channels\).*100×3 \(rank 2\)/,
    );
    expect(infer(separableConv2d, [[8, 8, null]])).toMatch(/needs a known last dimension.*8×8×\?/);
  });
  it('rejects strides combined with dilation', () => {
    expect(separableConv2d.checkParams?.(values({ strides: [1, 2], dilationRate: [2, 1] }))).toMatchObject({
      param: 'dilationRate',
    });
    expect(separableConv2d.checkParams?.(values({ dilationRate: [2, 2] }))).toBeUndefined();
  });
  it('counts depthwise + pointwise + bias weights', () => {
    // 3×3×16×2 depthwise + 32×64 pointwise + 64 bias
    expect(separableConv2d.countParams([[8, 8, 16]], values({ filters: 64, depthMultiplier: 2 }))).toEqual({
      trainable: 288 + 2048 + 64,
      nonTrainable: 0,
    });
  });
  it('describes itself', () => {
    expect(
      separableConv2d.describe?.(values({ filters: 64, padding: 'same', depthMultiplier: 2, activation: 'relu' })),
    ).toBe('64 · 3×3 · same · depth ×2 · relu');
  });

  it.each([
    [[6, 6, 3], {}],
    [[7, 5, 2], { filters: 5, kernelSize: [3, 1], strides: [2, 2], padding: 'same', useBias: false }],
    [[9, 9, 4], { dilationRate: [2, 3], depthMultiplier: 3, activation: 'relu' }],
    [[5, 6, 1], { kernelSize: [5, 5], strides: [1, 2], filters: 2, depthMultiplier: 2 }],
    [[null, 6, 2], { filters: 3 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(separableConv2d, [input], params);
  });
});
