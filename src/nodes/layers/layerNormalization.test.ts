import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { layerNormalization } from './layerNormalization';

describe('LayerNormalization', () => {
  it.each([
    [[10], {}, [10]],
    [[20, 64], {}, [20, 64]],
    [[null, 64], {}, [null, 64]],
    [[8, 8, 16], { axis: 2 }, [8, 8, 16]],
    [[null, null, 3], { axis: 3 }, [null, null, 3]],
    [[5, 7], { axis: -2 }, [5, 7]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(layerNormalization, [input], params)).toEqual(out);
  });

  it.each([
    [[10, null], {}, /needs a known size along axis -1 to size its scale and offset, but its input is 10×\?/],
    [[null, 4], { axis: 1 }, /known size along axis 1 .* input is \?×4/],
    [[4, 5], { axis: 0 }, /cannot normalize over the batch axis \(axis 0\)/],
    [[4, 5], { axis: -3 }, /cannot normalize over the batch axis \(axis -3\)/],
    [[4, 5], { axis: 3 }, /axis 3 is out of range for its 4×5 input \(rank 2\): use -1 or 1\.\.2/],
    [[4, 5], { axis: -4 }, /axis -4 is out of range/],
    [[], {}, /rank 1 or more per sample, but its input is a scalar/],
    [[4], { epsilon: 0 }, /epsilon must be a number greater than 0/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(layerNormalization, [input], params)).toMatch(message);
  });

  it.each([
    [[20, 64], {}, 128],
    [[20, 64], { center: false }, 64],
    [[20, 64], { center: false, scale: false }, 0],
    [[8, 8, 16], { axis: 1 }, 16],
  ] as const)('counts params of %j with %j: %i', (input, params, n) => {
    const { values } = resolveParams(layerNormalization.params, params);
    expect(layerNormalization.countParams([input], values)).toEqual({ trainable: n, nonTrainable: 0 });
  });

  it('describes its axis and epsilon', () => {
    expect(layerNormalization.describe?.({ axis: -1, epsilon: 0.001, center: true, scale: true })).toBe('ε 0.001');
    expect(layerNormalization.describe?.({ axis: 1, epsilon: 1e-5, center: true, scale: true })).toBe(
      'axis 1 · ε 0.00001',
    );
  });

  it('needs an input', () => {
    expect(infer(layerNormalization, [])).toMatch(/needs an input/);
  });

  it.each([
    [[6], {}],
    [[3, 5], { center: false, epsilon: 1e-5 }],
    [[null, 4], { scale: false }],
    [[2, 3, 4], { axis: 2 }],
    [[2, 3, 4], { axis: -2, center: false, scale: false }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(layerNormalization, [input], params);
  });
});
