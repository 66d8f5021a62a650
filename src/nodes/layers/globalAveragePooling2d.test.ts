import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { globalAveragePooling2d } from './globalAveragePooling2d';

describe('GlobalAveragePooling2D', () => {
  it.each([
    [[7, 7, 512], [512]],
    [[1, 1, 3], [3]],
    [[224, 160, 8], [8]],
    [[null, null, 64], [64]],
    [[7, 7, null], [null]],
  ] as const)('%j → %j', (input, out) => {
    expect(infer(globalAveragePooling2d, [input])).toEqual(out);
  });

  it('explains a wrong rank', () => {
    expect(infer(globalAveragePooling2d, [[100, 8]])).toMatch(
      /GlobalAveragePooling2D expects a 3-D input \(height, width, channels\) per sample, but its input is 100×8 \(rank 2\)\.$/,
    );
    expect(infer(globalAveragePooling2d, [[512]])).toMatch(
      /512 \(rank 1\)\. Its input is already one value per feature\./,
    );
    expect(infer(globalAveragePooling2d, [])).toMatch(/needs an input/);
  });
  it('has no weights', () => {
    expect(globalAveragePooling2d.countParams([[7, 7, 3]], {})).toEqual({ trainable: 0, nonTrainable: 0 });
  });

  it.each([[[4, 4, 3]], [[1, 1, 2]], [[5, 3, 7]], [[null, null, 4]]])('matches tfjs for %j', (input) => {
    oracleCheck(globalAveragePooling2d, [input], {});
  });
});
