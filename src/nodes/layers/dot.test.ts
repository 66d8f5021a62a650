import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { dot } from './dot';

describe('Dot', () => {
  it.each([
    [[[16], [16]], {}, [1]],
    [[[16], [16]], { axes: [1] }, [1]],
    [
      [
        [5, 8],
        [7, 8],
      ],
      { axes: [-1] },
      [5, 7],
    ],
    [
      [
        [5, 8],
        [5, 7],
      ],
      { axes: [1] },
      [8, 7],
    ],
    [
      [
        [5, 8],
        [8, 3],
      ],
      { axes: [2, 1] },
      [5, 3],
    ],
    [
      [
        [5, 8],
        [8, 3],
      ],
      { axes: [-1, -2] },
      [5, 3],
    ],
    [[[5, 8], [8]], { axes: [2, 1] }, [5]],
    [[[8], [8, 3]], { axes: [1, 1] }, [3]],
    [
      [
        [null, 8],
        [null, 8],
      ],
      { axes: [2], normalize: true },
      [null, null],
    ],
  ] as const)('%j with %j → %j', (inputs, params, out) => {
    expect(infer(dot, inputs, params)).toEqual(out);
  });

  it.each([
    [[[8]], {}, /Dot takes exactly 2 inputs, but 1 is connected/],
    [[[8], [8], [8]], {}, /Dot takes exactly 2 inputs, but 3 are connected/],
    [[[8], []], {}, /input 2 is a scalar per sample/],
    [[[4, 4, 8], [8]], {}, /at most 2 axes per sample .* input 1 is 4×4×8 \(rank 3\)/],
    [[[16], [32]], {}, /axis -1 of input 1 \(16\) with axis -1 of input 2 \(32\), but their sizes differ \(16 vs 32\)/],
    [
      [
        [5, 8],
        [8, 3],
      ],
      { axes: [2] },
      /sizes differ \(8 vs 3\)/,
    ],
    [
      [
        [null, 8],
        [4, 8],
      ],
      { axes: [1] },
      /sizes differ \(\? vs 4\)/,
    ],
    [[[5, 8], [8]], { axes: [3, 1] }, /axis 3 is out of range for input 1 \(5×8\): use 1 to 2 or -1 to -2/],
    [[[5, 8], [8]], { axes: [1, -2] }, /axis -2 is out of range for input 2 \(8\)/],
    [[[8], [8]], { axes: [1, 1, 1] }, /axes must be a list of 1–2 whole numbers/],
    [[[8], [8]], { axes: [] }, /axes must be a list of 1–2 whole numbers/],
  ] as const)('rejects %j with %j', (inputs, params, message) => {
    expect(infer(dot, inputs, params)).toMatch(message);
  });

  it('rejects the batch axis, describes its axes', () => {
    expect(dot.checkParams?.({ axes: [0], normalize: false })).toMatchObject({ param: 'axes' });
    expect(dot.checkParams?.({ axes: [1, 0], normalize: false })).toMatchObject({ param: 'axes' });
    expect(dot.checkParams?.({ axes: [-1, 1], normalize: false })).toBeUndefined();
    expect(dot.describe?.({ axes: [-1], normalize: true })).toBe('axes -1 · cosine');
    expect(dot.describe?.({ axes: [2, 1], normalize: false })).toBe('axes 2, 1');
  });

  it('builds one axis as the Keras integer and two as a pair', () => {
    expect(dot.build(tf, { axes: [-1], normalize: false }, 'dot_cfg_1').getConfig()).toMatchObject({ axes: -1 });
    expect(dot.build(tf, { axes: [2, 1], normalize: true }, 'dot_cfg_2').getConfig()).toMatchObject({
      axes: [2, 1],
      normalize: true,
    });
  });

  it('matches tfjs on a size mismatch, which it rejects too', () => {
    const layer = dot.build(tf, resolveParams(dot.params, {}).values, 'dot_reject');
    expect(() => layer.apply([tf.input({ shape: [16] }), tf.input({ shape: [32] })])).toThrow(/incompatibility/);
  });

  it.each([
    [[[6], [6]], { normalize: true }],
    [
      [
        [3, 4],
        [4, 5],
      ],
      { axes: [2, 1] },
    ],
    [
      [
        [3, 4],
        [3, 5],
      ],
      { axes: [1] },
    ],
    [[[3, 4], [4]], { axes: [-1, -1] }],
  ] as const)('computes the inferred shape on real tensors: %j %j', (inputs, params) => {
    const values = resolveParams(dot.params, params).values;
    const layer = dot.build(tf, values, 'dot_eager');
    const out = layer.apply(inputs.map((s) => tf.ones([2, ...s]))) as tf.Tensor;
    expect(out.shape.slice(1)).toEqual(infer(dot, inputs, params));
  });

  it.each([
    [[[6], [6]], {}],
    [[[6], [6]], { axes: [1], normalize: true }],
    [
      [
        [3, 4],
        [5, 4],
      ],
      { axes: [2] },
    ],
    [
      [
        [3, 4],
        [3, 5],
      ],
      { axes: [1] },
    ],
    [
      [
        [3, 4],
        [4, 5],
      ],
      { axes: [2, 1] },
    ],
    [[[3, 4], [4]], { axes: [2, 1] }],
    [[[4], [4, 5]], { axes: [1, 1] }],
    [
      [
        [null, 4],
        [null, 4],
      ],
      { axes: [-1] },
    ],
  ] as const)('matches tfjs for %j %j', (inputs, params) => {
    oracleCheck(dot, inputs, params);
  });
});
