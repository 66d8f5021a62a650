import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isShapeError } from '../define';
import { infer, oracleCheck } from '../oracle.testkit';
import { defaultParams, resolveParams } from '../schema';
import { lstm } from './lstm';

describe('LSTM', () => {
  it.each([
    [[10, 8], {}, [32]],
    [[10, 8], { units: 16, returnSequences: true }, [10, 16]],
    [[null, 8], { units: 4 }, [4]],
    [[null, 8], { units: 4, returnSequences: true }, [null, 4]],
    [[1, 1], { units: 1 }, [1]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(lstm, [input], params)).toEqual(out);
  });

  it.each([
    [
      [100],
      {},
      /LSTM expects a 2-D input \(timesteps, features\) per sample, but its input is 100 \(rank 1\)\. For a sequence/,
    ],
    [
      [28, 28, 1],
      {},
      /but its input is 28×28×1 \(rank 3\)\. For a feature map, reshape it to \(height, width × channels\)/,
    ],
    [[2, 3, 4, 5], {}, /input is 2×3×4×5 \(rank 4\)\.$/],
    [[10, null], {}, /LSTM needs a known last dimension to size its weights, but its input is 10×\?/],
    [[10, 8], { units: 0 }, /units must be a whole number ≥ 1/],
    [[10, 8], { dropout: 1.5 }, /dropout must be a number between 0 and 1/],
  ] as const)('rejects %j with %j', (input, params, message) => {
    expect(infer(lstm, [input], params)).toMatch(message);
  });

  it.each([
    [[100], [100, 1]],
    [
      [28, 28, 1],
      [28, 28],
    ],
    [
      [8, 4, 3],
      [8, 12],
    ],
  ] as const)('offers a Reshape of %j to %j', (input, targetShape) => {
    const r = lstm.inferShape([input], defaultParams(lstm.params));
    if (!isShapeError(r)) throw new Error('expected an error');
    expect(r.error.fixes).toEqual([
      expect.objectContaining({ kind: 'insertBefore', port: 0, layer: { type: 'reshape', params: { targetShape } } }),
    ]);
  });

  it('rejects a dropout of 1, which tfjs would silently ignore', () => {
    const v = defaultParams(lstm.params);
    expect(lstm.checkParams?.(v)).toBeUndefined();
    expect(lstm.checkParams?.({ ...v, dropout: 1 })).toMatchObject({ param: 'dropout' });
    expect(lstm.checkParams?.({ ...v, recurrentDropout: 1 })).toMatchObject({ param: 'recurrentDropout' });
  });

  it('counts 4 × (units × (features + units) + units) weights', () => {
    const v = defaultParams(lstm.params);
    expect(lstm.countParams([[10, 8]], { ...v, units: 32 })).toEqual({
      trainable: 4 * (32 * 40 + 32),
      nonTrainable: 0,
    });
    expect(lstm.countParams([[10, 8]], { ...v, units: 32, useBias: false })).toEqual({
      trainable: 4 * 32 * 40,
      nonTrainable: 0,
    });
  });

  it('passes the Keras 2 defaults to tfjs explicitly', () => {
    const config = lstm.build(tf, defaultParams(lstm.params), 'lstm_cfg').getConfig();
    expect(config).toMatchObject({
      units: 32,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      returnSequences: false,
    });
  });

  it('describes its key params', () => {
    const v = defaultParams(lstm.params);
    expect(lstm.describe?.(v)).toBe('32');
    expect(lstm.describe?.({ ...v, units: 64, returnSequences: true, dropout: 0.2 })).toBe(
      '64 · sequences · dropout 0.2',
    );
    expect(lstm.describe?.({ ...v, returnState: true })).toBe('32 · states');
  });

  it.each([
    [[5, 3], { units: 4 }],
    [[4, 2], { units: 3, returnSequences: true, useBias: false }],
    [[6, 5], { units: 2, dropout: 0.2, recurrentDropout: 0.1, unitForgetBias: false, activation: 'relu' }],
    [[null, 4], { units: 5, returnSequences: true, recurrentActivation: 'hardSigmoid' }],
  ] as const)('matches tfjs for %j %j', (input, params) => {
    oracleCheck(lstm, [input], params);
  });

  it('runs on real tensors', () => {
    const values = resolveParams(lstm.params, { units: 3, returnSequences: true }).values;
    const out = lstm.build(tf, values, 'lstm_eager').apply(tf.ones([2, 4, 5])) as tf.Tensor;
    expect(out.shape).toEqual([2, 4, 3]);
  });
});
