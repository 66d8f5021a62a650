import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { flatten } from './flatten';

describe('Flatten', () => {
  it.each([
    [[7, 7, 64], [3136]],
    [[28, 28], [784]],
    [[2, 3, 4, 5], [120]],
    [[10, 1], [10]],
  ] as const)('%j → %j', (input, out) => {
    expect(infer(flatten, [input])).toEqual(out);
  });

  it.each([
    [
      [null, null, 64],
      /needs every dimension known to size its output, but its input is \?×\?×64\. .*GlobalAveragePooling2D/,
    ],
    [[null, 32], /needs every dimension known .* input is \?×32\. Give the Input a fixed size\.$/],
    [[10], /rank 2 or more per sample .* its input 10 is already flat: remove the Flatten/],
    [[], /rank 2 or more per sample, but its input is a scalar per sample/],
  ] as const)('rejects %j', (input, message) => {
    expect(infer(flatten, [input])).toMatch(message);
  });

  it('offers global pooling for a feature map of unknown size', () => {
    const r = flatten.inferShape([[null, null, 64]], {});
    expect(isShapeError(r) && r.error.fixes?.[0]).toMatchObject({
      kind: 'insertBefore',
      layer: { type: 'globalAveragePooling2d' },
    });
  });

  it('needs an input', () => {
    expect(infer(flatten, [])).toMatch(/Flatten needs an input/);
  });

  it.each([[[3, 4, 2]], [[5, 6]], [[2, 1, 3, 2]]])('matches tfjs for %j', (input) => {
    oracleCheck(flatten, [input], {});
  });
});
