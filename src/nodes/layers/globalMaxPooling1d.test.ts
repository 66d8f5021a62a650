import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { globalMaxPooling1d } from './globalMaxPooling1d';

describe('GlobalMaxPooling1D', () => {
  it.each([
    [[100, 64], [64]],
    [[1, 3], [3]],
    [[null, 16], [16]],
    [[10, null], [null]],
  ] as const)('%j → %j', (input, out) => {
    expect(infer(globalMaxPooling1d, [input])).toEqual(out);
  });

  it('explains a wrong rank, pointing feature maps to the 2-D layer', () => {
    expect(infer(globalMaxPooling1d, [[28, 28, 1]])).toMatch(
      /^GlobalMaxPooling1D expects a 2-D input \(steps, channels\) per sample, but its input is 28×28×1 \(rank 3\)\. For a \(height, width, channels\) feature map use GlobalMaxPooling2D\.$/,
    );
    expect(infer(globalMaxPooling1d, [[512]])).toMatch(/512 \(rank 1\)\. Its input is already one value per feature\./);
    expect(infer(globalMaxPooling1d, [])).toMatch(/needs an input/);
  });
  it('has no weights', () => {
    expect(globalMaxPooling1d.countParams([[7, 3]], {})).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it.each([[[4, 3]], [[1, 2]], [[50, 7]], [[null, 4]]])('matches tfjs for %j', (input) => {
    oracleCheck(globalMaxPooling1d, [input], {});
  });
});
