import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { conv3d } from './conv3d';

const values = (raw: Record<string, unknown>) => resolveParams(conv3d.params, raw).values;

describe('Conv3D', () => {
  it.each([
    [[16, 32, 32, 3], {}, [14, 30, 30, 32]],
    [[16, 32, 32, 3], { filters: 8, padding: 'same' }, [16, 32, 32, 8]],
    [[16, 32, 32, 3], { filters: 8, strides: [2, 2, 2], padding: 'same' }, [8, 16, 16, 8]],
    [[9, 9, 9, 1], { filters: 2, kernelSize: [1, 3, 3], dilationRate: [1, 2, 2] }, [9, 5, 5, 2]],
    [[null, 8, 8, 2], { filters: 4 }, [null, 6, 6, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(conv3d, [input], params)).toEqual(out);
  });

  it('explains a wrong rank, unknown channels, a kernel that does not fit, strides with dilation', () => {
    expect(infer(conv3d, [[28, 28, 3]])).toMatch(
      /^Conv3D expects a 4-D input \(depth, height, width, channels\) per sample, but its input is 28×28×3 \(rank 3\)\. For a \(height, width, channels\) image use Conv2D\.$/,
    );
    expect(infer(conv3d, [[4, 4, 4, null]])).toMatch(/Conv3D needs a known last dimension/);
    expect(infer(conv3d, [[2, 8, 8, 1]])).toMatch(/Conv3D's 3×3×3 kernel does not fit in its 2×8×8×1 input/);
    expect(conv3d.checkParams?.(values({ strides: [2, 2, 2], dilationRate: [2, 1, 1] }))).toMatchObject({
      param: 'dilationRate',
    });
  });

  it('counts kD·kH·kW·C_in·filters + filters weights and D·H·W·kD·kH·kW·C_in·filters MACs', () => {
    const v = values({ filters: 8 });
    expect(conv3d.countParams([[16, 32, 32, 3]], v)).toEqual({ trainable: 27 * 3 * 8 + 8, nonTrainable: 0 });
    expect(conv3d.countParams([[16, 32, 32, 3]], { ...v, useBias: false })).toEqual({
      trainable: 27 * 3 * 8,
      nonTrainable: 0,
    });
    expect(conv3d.macs?.([[16, 32, 32, 3]], v, [14, 30, 30, 8])).toBe(14 * 30 * 30 * 27 * 3 * 8);
    expect(conv3d.macs?.([[null, 32, 32, 3]], v, [null, 30, 30, 8])).toBeNull();
    expect(conv3d.describe?.(values({ filters: 4, strides: [1, 2, 2], activation: 'relu' }))).toBe(
      '4 · 3×3×3 · valid · stride 1×2×2 · relu',
    );
  });

  it('runs on 5-D tensors with real tfjs, dilation included', () => {
    const layer = conv3d.build(tf, values({ filters: 2, kernelSize: [1, 3, 3], dilationRate: [1, 2, 2] }), 'c3_run');
    const y = layer.apply(tf.ones([2, 3, 7, 7, 1])) as tf.Tensor;
    expect(y.shape).toEqual([2, 3, 3, 3, 2]);
    expect(conv3d.gradientKernels?.every((k) => tf.getKernel(k, 'cpu') !== undefined)).toBe(true);
    y.dispose();
  });

  it.each([
    [[4, 5, 6, 2], { filters: 3 }],
    [[5, 5, 5, 1], { filters: 2, kernelSize: [1, 3, 3], strides: [1, 2, 2], padding: 'same', useBias: false }],
    [[6, 6, 6, 2], { filters: 2, kernelSize: [2, 2, 2], dilationRate: [2, 2, 2], activation: 'relu' }],
    [[null, 6, 6, 2], { filters: 4, kernelSize: [3, 1, 1] }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(conv3d, [input], params);
  });
});
