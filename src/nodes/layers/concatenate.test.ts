import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isShapeError, type Shape } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { concatenate } from './concatenate';
import { cropping2d } from './cropping2d';

function issue(inputs: readonly (readonly (number | null)[])[], raw: Record<string, unknown> = {}) {
  const r = concatenate.inferShape(inputs, resolveParams(concatenate.params, raw).values);
  if (!isShapeError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('Concatenate', () => {
  it.each([
    [
      [
        [44, 44, 64],
        [44, 44, 32],
      ],
      {},
      [44, 44, 96],
    ],
    [
      [
        [44, 44, 64],
        [44, 44, 32],
      ],
      { axis: 3 },
      [44, 44, 96],
    ],
    [
      [
        [4, 6, 2],
        [3, 6, 2],
      ],
      { axis: 1 },
      [7, 6, 2],
    ],
    [
      [
        [4, 6, 2],
        [4, 1, 2],
        [4, 2, 2],
      ],
      { axis: -2 },
      [4, 9, 2],
    ],
    [[[10], [20], [30]], {}, [60]],
    [
      [
        [5, 8],
        [5, 3],
      ],
      { axis: 2 },
      [5, 11],
    ],
    [
      [
        [null, 8],
        [null, 3],
      ],
      {},
      [null, 11],
    ],
    [
      [
        [4, null],
        [4, 3],
      ],
      {},
      [4, null],
    ],
  ] as const)('%j with %j → %j', (inputs, params, out) => {
    expect(infer(concatenate, inputs, params)).toEqual(out);
  });

  it.each([
    [[[8]], {}, /joins 2 or more inputs, but 1 is connected/],
    [
      [
        [8, 8, 3],
        [8, 3],
      ],
      {},
      /input 1 is 8×8×3, input 2 is 8×3: their ranks differ \(3 vs 2\)/,
    ],
    [
      [
        [8, 8, 3],
        [8, 8, 3],
      ],
      { axis: 4 },
      /axis 4 is out of range for 3-D inputs \(8×8×3\): use 1 to 3 or -1 to -3/,
    ],
    [
      [
        [8, 8, 3],
        [8, 8, 3],
      ],
      { axis: -4 },
      /axis -4 is out of range/,
    ],
    [
      [
        [5, 8],
        [6, 3],
      ],
      {},
      /input 1 is 5×8, input 2 is 6×3: every axis but the concatenation axis must match \(5 vs 6\)/,
    ],
    [
      [
        [null, 8],
        [6, 3],
      ],
      {},
      /\(\? vs 6\) \(an unknown size cannot be checked against a known one\)/,
    ],
  ] as const)('rejects %j with %j', (inputs, params, message) => {
    expect(infer(concatenate, inputs, params)).toMatch(message);
  });

  it('explains a U-Net skip of the wrong size and offers to crop the bigger input', () => {
    const e = issue([
      [44, 44, 64],
      [45, 45, 32],
    ]);
    expect(e.message).toBe(
      'Concatenate joins along axis -1, but input 1 is 44×44×64, input 2 is 45×45×32: every axis but the concatenation axis must match (44×44 vs 45×45) — crop or pad one of them.',
    );
    expect(e.fixes).toEqual([
      {
        label: 'Insert Cropping2D on input 2 (crop 0, 1, 0, 1 → 44×44)',
        kind: 'insertBefore',
        port: 1,
        layer: { type: 'cropping2d', params: { cropping: [0, 1, 0, 1] } },
      },
    ]);
  });

  it.each([
    // The classic U-Net (Ronneberger et al.): a 64×64 skip cropped to the 56×56 upsampled map.
    [
      [
        [64, 64, 512],
        [56, 56, 512],
      ],
      0,
      [4, 4, 4, 4],
    ],
    [
      [
        [20, 21, 8],
        [25, 24, 8],
      ],
      1,
      [2, 3, 1, 2],
    ],
    [
      [
        [10, 12, 8],
        [10, 9, 8],
      ],
      0,
      [0, 0, 1, 2],
    ],
  ] as const)('crops %j on port %i by %j', (inputs, port, cropping) => {
    const e = issue(inputs);
    expect(e.message).toMatch(/crop or pad one of them/);
    expect(e.fixes).toHaveLength(1);
    expect(e.fixes?.[0]).toMatchObject({
      kind: 'insertBefore',
      port,
      layer: { type: 'cropping2d', params: { cropping } },
    });
  });

  it.each([
    [
      [
        [44, 44, 64],
        [45, 45, 32],
      ],
    ],
    [
      [
        [64, 64, 512],
        [56, 56, 512],
      ],
    ],
    [
      [
        [20, 21, 8],
        [25, 24, 8],
      ],
    ],
  ] as const)('its Cropping2D fix makes %j concatenate', (inputs) => {
    const fix = issue(inputs).fixes?.[0];
    if (fix?.kind !== 'insertBefore') throw new Error('expected an insertBefore fix');
    const cropped = infer(cropping2d, [inputs[fix.port] as Shape], fix.layer.params);
    expect(Array.isArray(cropped)).toBe(true);
    const fixed = inputs.map((s, i) => (i === fix.port ? (cropped as Shape) : s));
    expect(Array.isArray(infer(concatenate, fixed))).toBe(true);
  });

  it('offers no crop when neither input is bigger on both axes, or a size is unknown', () => {
    expect(
      issue([
        [10, 12, 8],
        [12, 10, 8],
      ]).fixes,
    ).toBeUndefined();
    expect(
      issue([
        [null, 12, 8],
        [10, 10, 8],
      ]).fixes,
    ).toBeUndefined();
  });

  it('offers the axis the inputs actually differ on', () => {
    const e = issue(
      [
        [8, 8, 16],
        [8, 8, 32],
      ],
      { axis: 1 },
    );
    expect(e.message).toMatch(/joins along axis 1, .*\(8×16 vs 8×32\)/);
    expect(e.fixes).toEqual([{ label: 'Concatenate along axis -1', kind: 'setParam', param: 'axis', value: -1 }]);
    expect(
      issue([
        [3, 8],
        [5, 8],
      ]).fixes,
    ).toEqual([{ label: 'Concatenate along axis 1', kind: 'setParam', param: 'axis', value: 1 }]);
  });

  it('rejects the batch axis', () => {
    expect(concatenate.checkParams?.({ axis: 0 })).toMatchObject({ param: 'axis' });
    expect(concatenate.checkParams?.({ axis: -1 })).toBeUndefined();
    expect(concatenate.describe?.({ axis: -1 })).toBe('axis -1');
  });

  it.each([
    [
      [
        [5, 8],
        [6, 3],
      ],
      {},
    ],
    [
      [
        [null, 8],
        [6, 3],
      ],
      {},
    ],
    [
      [
        [44, 44, 64],
        [45, 45, 32],
      ],
      {},
    ],
  ] as const)('tfjs rejects %j %j too', (inputs, params) => {
    const layer = concatenate.build(tf, resolveParams(concatenate.params, params).values, 'concat_reject');
    expect(() => layer.apply(inputs.map((s) => tf.input({ shape: [...s] })))).toThrow(/matching shapes/);
  });

  it.each([
    [
      [
        [4, 4, 3],
        [4, 4, 5],
      ],
      {},
    ],
    [
      [
        [4, 4, 3],
        [2, 4, 3],
        [1, 4, 3],
      ],
      { axis: 1 },
    ],
    [
      [
        [3, 5],
        [3, 2],
      ],
      { axis: 2 },
    ],
    [[[6], [2], [1]], { axis: -1 }],
    [
      [
        [null, 5],
        [null, 2],
      ],
      {},
    ],
    [
      [
        [2, null],
        [2, 3],
      ],
      {},
    ],
  ] as const)('matches tfjs for %j %j', (inputs, params) => {
    oracleCheck(concatenate, inputs, params);
  });
});
