import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { reshape } from './reshape';

describe('Reshape', () => {
  it.each([
    [[3136], { targetShape: [7, 7, 64] }, [7, 7, 64]],
    [[7, 7, 64], {}, [3136]],
    [[45, 60, 64], { targetShape: [100, -1] }, [100, 1728]],
    [[28, 28], { targetShape: [-1, 28, 1] }, [28, 28, 1]],
    [[null, 64], { targetShape: [-1, 8, 8] }, [null, 8, 8]],
    [[null, 64], { targetShape: [2, 64] }, [2, 64]],
    [[null, null], { targetShape: [5, 3] }, [5, 3]],
    [[], { targetShape: [1] }, [1]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(reshape, [input], params)).toEqual(out);
  });

  it.each([
    [
      [45, 60, 64],
      { targetShape: [100, 100] },
      'Reshape cannot reshape 45×60×64 (172,800 values) into 100×100 (10,000 values).',
    ],
    [
      [45, 60, 64],
      { targetShape: [7, -1] },
      'Reshape cannot reshape 45×60×64 (172,800 values) into 7×-1: 172,800 is not a multiple of 7.',
    ],
    [
      [null, 64],
      { targetShape: [10, 10] },
      'Reshape cannot reshape ?×64 (a multiple of 64 values) into 10×10 (100 values).',
    ],
    [[10], { targetShape: [-1, -1] }, 'target shape may infer at most one dimension with -1 (got [-1,-1])'],
    [[10], { targetShape: [] }, 'target shape must be a list of 1 or more whole numbers (got [])'],
    [
      [10],
      { targetShape: [0, 10] },
      'target shape must be a list of 1 or more whole numbers ≥ 1 (or -1 to infer one) (got [0,10])',
    ],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(reshape, [input], params)).toBe(message);
  });

  it('offers to infer the last dimension that fits', () => {
    const r = reshape.inferShape([[45, 60, 64]], { targetShape: [100, 100] });
    expect(isShapeError(r) && r.error.fixes).toEqual([
      { label: 'Use 100×-1 (gives 100×1728)', kind: 'setParam', param: 'targetShape', value: [100, -1] },
    ]);
    const none = reshape.inferShape([[10]], { targetShape: [3, 7] });
    expect(isShapeError(none) && none.error.fixes).toEqual([]);
  });

  it('does not mutate its params when built', () => {
    const targetShape = [2, -1];
    reshape.build(tf, { targetShape }, 'reshape_no_mutation');
    expect(targetShape).toEqual([2, -1]);
  });

  it('resolves -1 for tfjs (which keeps it unknown), so a Dense after Reshape([-1]) builds and runs', () => {
    const params = { targetShape: [-1] };
    expect(reshape.concrete?.([[4, 4]], params)).toEqual({ targetShape: [16] });
    expect(reshape.concrete?.([[null, 4]], params)).toBe(params);
    const x = tf.input({ shape: [4, 4] });
    const r = reshape
      .build(tf, reshape.concrete?.([[4, 4]], params) ?? params, 'reshape_then_dense')
      .apply(x) as tf.SymbolicTensor;
    const d = tf.layers.dense({ units: 3 }).apply(r) as tf.SymbolicTensor;
    expect(r.shape).toEqual([null, 16]);
    expect(d.shape).toEqual([null, 3]);
    const y = tf.model({ inputs: x, outputs: d }).predict(tf.ones([2, 4, 4]));
    expect((y as tf.Tensor).shape).toEqual([2, 3]);
  });

  it('describes its target', () => {
    expect(reshape.describe?.({ targetShape: [7, 7, -1] })).toBe('→ 7×7×-1');
  });

  it('needs an input', () => {
    expect(infer(reshape, [])).toMatch(/Reshape needs an input/);
  });

  it.each([
    [[12], { targetShape: [3, 4] }],
    [[2, 3, 4], { targetShape: [-1, 4] }],
    [[null, 6], { targetShape: [-1, 3] }],
    [[null, 6], { targetShape: [2, 6] }],
    [[4, 4], {}],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(reshape, [input], params);
  });
});
