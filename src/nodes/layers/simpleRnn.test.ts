import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { defaultParams } from '../schema';
import { simpleRnn } from './simpleRnn';

describe('SimpleRNN', () => {
  it.each([
    [[10, 8], {}, [32]],
    [[10, 8], { units: 16, returnSequences: true }, [10, 16]],
    [[null, 8], { units: 4, returnSequences: true }, [null, 4]],
    [[null, 8], { units: 4 }, [4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(simpleRnn, [input], params)).toEqual(out);
  });

  it.each([
    [[100], /SimpleRNN expects a 2-D input \(timesteps, features\) per sample, but its input is 100 \(rank 1\)/],
    [[8, 8, 3], /SimpleRNN expects a 2-D input .* 8×8×3 \(rank 3\)/],
    [[10, null], /SimpleRNN needs a known last dimension/],
  ] as const)('rejects %j', (input, message) => {
    expect(infer(simpleRnn, [input])).toMatch(message);
  });

  it('counts units × (features + units) + units weights, and as many MACs per step without the bias', () => {
    const v = defaultParams(simpleRnn.params);
    expect(simpleRnn.countParams([[10, 8]], v)).toEqual({ trainable: 32 * 40 + 32, nonTrainable: 0 });
    expect(simpleRnn.countParams([[10, 8]], { ...v, useBias: false })).toEqual({ trainable: 32 * 40, nonTrainable: 0 });
    expect(simpleRnn.macs?.([[10, 8]], v, [32])).toBe(10 * 32 * 40);
    expect(simpleRnn.macs?.([[null, 8]], v, [32])).toBeNull();
    expect('recurrentActivation' in simpleRnn.params).toBe(false);
  });

  it('passes the Keras defaults to tfjs, rejects a dropout of 1, describes itself', () => {
    const v = defaultParams(simpleRnn.params);
    expect(simpleRnn.build(tf, v, 'rnn_cfg').getConfig()).toMatchObject({ activation: 'tanh', units: 32 });
    expect(simpleRnn.checkParams?.({ ...v, dropout: 1 })).toMatchObject({ param: 'dropout' });
    expect(simpleRnn.describe?.({ ...v, units: 8, returnSequences: true })).toBe('8 · sequences');
  });

  it.each([
    [[5, 3], { units: 4 }],
    [[4, 2], { units: 3, returnSequences: true, useBias: false }],
    [[6, 5], { units: 2, dropout: 0.3, recurrentDropout: 0.2, activation: 'relu' }],
    [[null, 4], { units: 5, returnSequences: true }],
  ] as const)('matches tfjs for %j %j', (input, params) => {
    oracleCheck(simpleRnn, [input], params);
  });
});
