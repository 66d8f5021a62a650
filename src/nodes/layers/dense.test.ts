import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { defaultParams } from '../schema';
import { dense } from './dense';

describe('Dense', () => {
  it.each([
    [[784], {}, [32]],
    [[784], { units: 10, activation: 'softmax' }, [10]],
    [[1], { units: 1 }, [1]],
    // Dense applies to the last axis and keeps the others.
    [[10, 16], { units: 8 }, [10, 8]],
    [[null, 16], { units: 8 }, [null, 8]],
    [[4, 4, 64], { units: 10 }, [4, 4, 10]],
    [[2, 3, 4, 5], { units: 6 }, [2, 3, 4, 6]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(dense, [input], params)).toEqual(out);
  });

  it.each([
    [[], {}, /Dense needs an input of rank 1 or more per sample/],
    [[10, null], {}, /Dense needs a known last dimension to size its weights, but its input is 10×\?/],
    [[784], { units: 0 }, /units must be a whole number ≥ 1 \(got 0\)/],
    [[784], { activation: 'leakyRelu' }, /activation must be one of/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(dense, [input], params)).toMatch(message);
  });

  it('needs an input', () => {
    expect(infer(dense, [])).toMatch(/Dense needs an input/);
  });

  it('counts kernel and bias on the last axis only', () => {
    const v = defaultParams(dense.params);
    expect(dense.countParams([[784]], { ...v, units: 10 })).toEqual({ trainable: 7850, nonTrainable: 0 });
    expect(dense.countParams([[784]], { ...v, units: 10, useBias: false })).toEqual({
      trainable: 7840,
      nonTrainable: 0,
    });
    expect(dense.countParams([[4, 4, 64]], { ...v, units: 10 })).toEqual({ trainable: 650, nonTrainable: 0 });
  });

  it.each([[[784]], [[10, 16]], [[]]] as const)('does not warn on %j', (input) => {
    expect(dense.warn?.([input], defaultParams(dense.params))).toBeUndefined();
  });

  it('warns on a feature map and offers Flatten or GlobalAveragePooling2D', () => {
    const w = dense.warn?.([[7, 7, 512]], defaultParams(dense.params));
    expect(w?.message).toBe(
      'Dense is applied to the last axis of a 7×7×512 tensor, so the output keeps its 2 leading axes. To classify the whole sample, flatten it first or pool it with GlobalAveragePooling2D.',
    );
    expect(w?.fixes).toEqual([
      { label: 'Insert Flatten before Dense', kind: 'insertBefore', port: 0, layer: { type: 'flatten', params: {} } },
      {
        label: 'Insert GlobalAveragePooling2D before Dense',
        kind: 'insertBefore',
        port: 0,
        layer: { type: 'globalAveragePooling2d', params: {} },
      },
    ]);
  });

  it('warns on a rank-4 input with Flatten only', () => {
    const w = dense.warn?.([[2, 3, 4, 5]], defaultParams(dense.params));
    expect(w?.message).toMatch(
      /last axis of a 2×3×4×5 tensor, so the output keeps its 3 leading axes\. .* flatten it first\.$/,
    );
    expect(w?.fixes?.map((f) => f.label)).toEqual(['Insert Flatten before Dense']);
  });

  it('describes units and activation', () => {
    const v = defaultParams(dense.params);
    expect(dense.describe?.(v)).toBe('32');
    expect(dense.describe?.({ ...v, units: 10, activation: 'softmax' })).toBe('10 · softmax');
  });

  it.each([
    [[8], {}],
    [[5], { units: 3, activation: 'relu', useBias: false }],
    [[4, 6], { units: 2 }],
    [[3, 3, 4], { units: 5, activation: 'sigmoid' }],
    [[2, 2, 2, 3], { units: 1 }],
    [[null, 4], { units: 2 }],
  ] as const)('matches tfjs for %j %j', (input, params) => {
    oracleCheck(dense, [input], params);
  });
});
