import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { defaultParams } from '../schema';
import { gru } from './gru';

describe('GRU', () => {
  it.each([
    [[10, 8], {}, [32]],
    [[10, 8], { units: 16, returnSequences: true }, [10, 16]],
    [[null, 8], { units: 4, returnSequences: true }, [null, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(gru, [input], params)).toEqual(out);
  });

  it.each([
    [[100], /GRU expects a 2-D input \(timesteps, features\) per sample, but its input is 100 \(rank 1\)/],
    [[8, 8, 3], /GRU expects a 2-D input .* 8×8×3 \(rank 3\)/],
    [[10, null], /GRU needs a known last dimension/],
  ] as const)('rejects %j', (input, message) => {
    expect(infer(gru, [input])).toMatch(message);
  });

  it('counts 3 × (units × (features + units) + units) weights: tfjs has no reset_after', () => {
    const v = defaultParams(gru.params);
    expect(gru.countParams([[10, 8]], v)).toEqual({ trainable: 3 * (32 * 40 + 32), nonTrainable: 0 });
    expect(gru.countParams([[10, 8]], { ...v, useBias: false })).toEqual({ trainable: 3 * 32 * 40, nonTrainable: 0 });
    expect('resetAfter' in gru.params).toBe(false);
    // tfjs 4.22's GRUCell refuses reset_after=True (the Keras 2 default), which is why the param is absent.
    expect(() => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0])).toThrow(
      /reset_after/,
    );
  });

  it('passes the Keras 2 defaults to tfjs explicitly, rejects a dropout of 1', () => {
    const v = defaultParams(gru.params);
    expect(gru.build(tf, v, 'gru_cfg').getConfig()).toMatchObject({
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
    });
    expect(gru.checkParams?.({ ...v, recurrentDropout: 1 })).toMatchObject({ param: 'recurrentDropout' });
    expect(gru.describe?.({ ...v, units: 8, returnSequences: true })).toBe('8 · sequences');
  });

  it.each([
    [[5, 3], { units: 4 }],
    [[4, 2], { units: 3, returnSequences: true, useBias: false }],
    [[6, 5], { units: 2, dropout: 0.3, recurrentDropout: 0.2, activation: 'relu' }],
    [[null, 4], { units: 5, returnSequences: true }],
  ] as const)('matches tfjs for %j %j', (input, params) => {
    oracleCheck(gru, [input], params);
  });
});
