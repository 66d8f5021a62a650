import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { average } from './average';
import { maximum } from './maximum';
import { minimum } from './minimum';
import { multiply } from './multiply';

/** The element-wise merges share their shape rules (merge.ts); each is checked against tfjs. */
describe.each([
  ['Average', average],
  ['Maximum', maximum],
  ['Minimum', minimum],
  ['Multiply', multiply],
] as const)('%s', (cls, layer) => {
  it.each([
    [
      [
        [8, 8, 16],
        [8, 8, 16],
      ],
      [8, 8, 16],
    ],
    [[[10], [10], [10]], [10]],
    [
      [
        [null, 5],
        [null, 5],
      ],
      [null, 5],
    ],
    [
      [
        [null, 5],
        [7, 5],
      ],
      [null, 5],
    ],
  ] as const)('%j → %j', (inputs, out) => {
    expect(infer(layer, inputs)).toEqual(out);
  });

  it.each([
    [[[8]], new RegExp(`${cls} merges 2 or more inputs, but 1 is connected`)],
    [
      [
        [8, 8, 16],
        [8, 8, 32],
      ],
      /input 1 is 8×8×16, input 2 is 8×8×32: the channel counts differ \(16 vs 32\)/,
    ],
    [
      [
        [8, 8, 16],
        [4, 4, 16],
      ],
      /the spatial sizes differ \(8×8 vs 4×4\)/,
    ],
    [[[8, 16], [16]], /their ranks differ \(2 vs 1\)/],
    [
      [
        [5, 3],
        [5, 4],
      ],
      /input 1 is 5×3, input 2 is 5×4: they differ on axis 2/,
    ],
  ] as const)('rejects %j', (inputs, message) => {
    expect(infer(layer, inputs)).toMatch(message);
  });

  it.each([
    [
      [
        [4, 4, 3],
        [4, 4, 3],
      ],
    ],
    [[[6], [6], [6]]],
    [
      [
        [2, 5],
        [2, 5],
        [2, 5],
        [2, 5],
      ],
    ],
  ] as const)('matches tfjs for %j', (inputs) => {
    oracleCheck(layer, inputs, {});
  });
});
