import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { conv2dTranspose } from './conv2dTranspose';

const values = (raw: Record<string, unknown>) => resolveParams(conv2dTranspose.params, raw).values;

describe('Conv2DTranspose', () => {
  it.each([
    [[8, 8, 16], {}, [10, 10, 32]],
    [[8, 8, 16], { padding: 'same' }, [8, 8, 32]],
    [[8, 8, 16], { strides: [2, 2], padding: 'same', filters: 8 }, [16, 16, 8]],
    [[8, 8, 16], { strides: [2, 2], kernelSize: [3, 3] }, [17, 17, 32]],
    [[8, 8, 16], { strides: [2, 2], kernelSize: [2, 2] }, [16, 16, 32]],
    [[7, 5, 4], { strides: [3, 1], kernelSize: [1, 4] }, [21, 8, 32]],
    [[null, 6, 4], { strides: [2, 2], padding: 'same' }, [null, 12, 32]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(conv2dTranspose, [input], params)).toEqual(out);
  });

  it('explains a wrong rank', () => {
    expect(infer(conv2dTranspose, [[64, 8]])).toMatch(
      /Conv2DTranspose expects a 3-D input \(height, width, channels\).*64×8 \(rank 2\)/,
    );
  });
  it('needs known channels', () => {
    expect(infer(conv2dTranspose, [[4, 4, null]])).toMatch(/needs a known last dimension.*4×4×\?/);
  });
  it('warns about a kernel smaller than the stride', () => {
    const w = conv2dTranspose.warn?.([[4, 4, 2]], values({ kernelSize: [1, 3], strides: [2, 2] }));
    expect(w?.message).toMatch(/1×3 kernel is smaller than its 2×2 stride/);
    expect(w?.fixes?.[0]).toMatchObject({ param: 'kernelSize', value: [2, 3] });
    expect(conv2dTranspose.warn?.([[4, 4, 2]], values({ kernelSize: [4, 4], strides: [2, 2] }))).toBeUndefined();
  });
  it('describes itself', () => {
    expect(conv2dTranspose.describe?.(values({ filters: 64, strides: [2, 2], padding: 'same' }))).toBe(
      '64 · 3×3 · same · stride 2×2',
    );
  });

  it.each([
    [[4, 4, 3], {}],
    [[3, 5, 2], { filters: 5, kernelSize: [3, 1], strides: [2, 2], padding: 'same', useBias: false }],
    [[3, 3, 2], { kernelSize: [1, 1], strides: [3, 3], activation: 'relu' }],
    [[2, 3, 1], { kernelSize: [4, 4], strides: [2, 3], filters: 2 }],
    [[null, 3, 2], { kernelSize: [2, 2], strides: [2, 2], filters: 3 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(conv2dTranspose, [input], params);
  });
});
