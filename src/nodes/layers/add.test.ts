import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { add } from './add';

/** The issue `inferShape` reports (the layer has no params). */
function issue(inputs: readonly (readonly (number | null)[])[]) {
  const r = add.inferShape(inputs, {});
  if (!isShapeError(r)) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}

describe('Add', () => {
  it.each([
    [
      [
        [8, 8, 16],
        [8, 8, 16],
      ],
      [8, 8, 16],
    ],
    [[[32], [32], [32]], [32]],
    [
      [
        [10, 4],
        [10, 4],
      ],
      [10, 4],
    ],
    [
      [
        [null, null, 3],
        [null, null, 3],
      ],
      [null, null, 3],
    ],
    // An unknown size is compatible with a known one, and the output is unknown there (as tfjs).
    [
      [
        [null, 8, 16],
        [8, 8, 16],
      ],
      [null, 8, 16],
    ],
    [
      [
        [8, 8, 16],
        [8, null, 16],
        [8, 8, 16],
      ],
      [8, null, 16],
    ],
  ] as const)('%j → %j', (inputs, out) => {
    expect(infer(add, inputs)).toEqual(out);
  });

  it.each([
    [[], /Add merges 2 or more inputs, but 0 is connected/],
    [[[8]], /Add merges 2 or more inputs, but 1 is connected/],
    [
      [
        [8, 8, 16],
        [8, 16],
      ],
      /input 1 is 8×8×16, input 2 is 8×16: their ranks differ \(3 vs 2\)/,
    ],
    [
      [
        [5, 3],
        [5, 4],
      ],
      /input 1 is 5×3, input 2 is 5×4: they differ on axis 2/,
    ],
    [
      [
        [4, 4, 4, 2],
        [4, 4, 4, 3],
      ],
      /differ on axis 4/,
    ],
    [
      [
        [16, 16, 8],
        [8, 8, 16],
      ],
      /input 1 is 16×16×8, input 2 is 8×8×16: the spatial sizes differ \(16×16 vs 8×8, and the channels 8 vs 16\)/,
    ],
  ] as const)('rejects %j', (inputs, message) => {
    expect(infer(add, inputs)).toMatch(message);
  });

  it('explains a channel mismatch and offers a 1×1 Conv2D on the input with fewer channels, by its number (not "the shortcut": input 1 may be the branch)', () => {
    const e = issue([
      [56, 56, 64],
      [56, 56, 256],
    ]);
    expect(e.message).toBe(
      'Add needs inputs of the same shape, but input 1 is 56×56×64, input 2 is 56×56×256: the channel counts differ (64 vs 256). Project input 1 with a 1×1 Conv2D so both have 256 channels.',
    );
    expect(e.fixes).toEqual([
      {
        label: 'Insert a 1×1 Conv2D with 256 filters on input 1 (64 channels)',
        kind: 'insertBefore',
        port: 0,
        layer: { type: 'conv2d', params: { filters: 256, kernelSize: [1, 1], padding: 'same' } },
      },
    ]);
  });

  it('puts the projection on whichever input has fewer channels', () => {
    const e = issue([
      [8, 8, 32],
      [8, 8, 32],
      [8, 8, 16],
    ]);
    expect(e.message).toMatch(/input 3 is 8×8×16: the channel counts differ \(32 vs 16\)/);
    expect(e.fixes?.[0]).toMatchObject({ kind: 'insertBefore', port: 2, layer: { params: { filters: 32 } } });
  });

  it('explains a spatial mismatch and offers MaxPooling2D on the bigger input', () => {
    const e = issue([
      [16, 16, 32],
      [8, 8, 32],
    ]);
    expect(e.message).toBe(
      'Add needs inputs of the same shape, but input 1 is 16×16×32, input 2 is 8×8×32: the spatial sizes differ (16×16 vs 8×8). Downsample input 1 (pooling or a strided convolution) or upsample the other so both are the same size.',
    );
    expect(e.fixes).toEqual([
      {
        label: 'Insert MaxPooling2D 2×2 on input 1',
        kind: 'insertBefore',
        port: 0,
        layer: { type: 'maxPooling2d', params: { poolSize: [2, 2], strides: [2, 2], padding: 'valid' } },
      },
    ]);
    const other = issue([
      [7, 7, 8],
      [28, 14, 8],
    ]);
    expect(other.fixes?.[0]).toMatchObject({ port: 1, layer: { params: { poolSize: [4, 2] } } });
  });

  it('offers no pooling fix when the sizes are not a whole multiple, or unknown, or channels differ too', () => {
    expect(
      issue([
        [9, 9, 4],
        [4, 4, 4],
      ]).fixes,
    ).toBeUndefined();
    expect(
      issue([
        [16, 16, 8],
        [8, 8, 16],
      ]).fixes,
    ).toBeUndefined();
    const unknown = issue([
      [null, 8, 4],
      [4, 4, 4],
    ]);
    expect(unknown.message).toMatch(/the spatial sizes differ \(\?×8 vs 4×4\)/);
    expect(unknown.fixes).toBeUndefined();
  });

  it('has no params', () => {
    expect(
      add.countParams(
        [
          [8, 8, 16],
          [8, 8, 16],
        ],
        {},
      ),
    ).toEqual({ trainable: 0, nonTrainable: 0 });
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
      ],
    ],
    [
      [
        [null, 5],
        [3, 5],
      ],
    ],
  ] as const)('matches tfjs for %j', (inputs) => {
    oracleCheck(add, inputs, {});
  });
});
