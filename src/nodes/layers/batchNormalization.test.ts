import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { defaultParams } from '../schema';
import { batchNormalization } from './batchNormalization';

describe('BatchNormalization', () => {
  it.each([
    [[8, 8, 16], {}, [8, 8, 16]],
    [[64], {}, [64]],
    [[8, 8, 16], { axis: 1 }, [8, 8, 16]],
    [[8, 8, 16], { axis: 3 }, [8, 8, 16]],
    [[8, 8, 16], { axis: -3 }, [8, 8, 16]],
    [[null, null, 3], {}, [null, null, 3]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(batchNormalization, [input], params)).toEqual(out);
  });

  it.each([
    [[8, 8, 16], { axis: 0 }, /axis 0 is out of range for its 3-D input/],
    [[8, 8, 16], { axis: 4 }, /axis 4 is out of range for its 3-D input/],
    [[8, 8, 16], { axis: -4 }, /axis -4 is out of range/],
    [[8, null], {}, /BatchNormalization needs a known size on axis -1 to size its statistics, but its input is 8×\?/],
    [[null, 8], { axis: 1 }, /known size on axis 1 .* input is \?×8/],
    [[8], { epsilon: 0 }, /epsilon must be a number greater than 0/],
    [[8], { momentum: 1.5 }, /momentum must be a number between 0 and 1/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(batchNormalization, [input], params)).toMatch(message);
  });

  it.each([
    [[8, 8, 16], {}, { trainable: 32, nonTrainable: 32 }],
    [[8, 8, 16], { center: false }, { trainable: 16, nonTrainable: 32 }],
    [[8, 8, 16], { center: false, scale: false }, { trainable: 0, nonTrainable: 32 }],
    [[8, 6, 16], { axis: 2 }, { trainable: 12, nonTrainable: 12 }],
    [[100], {}, { trainable: 200, nonTrainable: 200 }],
  ] as const)('counts the moving statistics as non-trainable: %j %j → %j', (input, params, counts) => {
    expect(batchNormalization.countParams([input], { ...defaultParams(batchNormalization.params), ...params })).toEqual(
      counts,
    );
  });

  it('describes its epsilon', () => {
    expect(batchNormalization.describe?.(defaultParams(batchNormalization.params))).toBe('ε 0.001');
  });

  it.each([
    [[4, 4, 3], {}],
    [[6], { center: false }],
    [[4, 4, 3], { scale: false, center: false }],
    [[5, 4, 3], { axis: 1 }],
    [[5, 4, 3], { axis: -2, momentum: 0.9, epsilon: 1e-5 }],
    [[3, 7], { axis: 2, scale: false }],
    [[null, 5], {}],
  ] as const)('matches tfjs for %j %j', (input, params) => {
    oracleCheck(batchNormalization, [input], params);
  });
});
