import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { alphaDropout } from './alphaDropout';

const values = (raw: Record<string, unknown>) => resolveParams(alphaDropout.params, raw).values;

describe('AlphaDropout', () => {
  it('keeps its input shape, known or not', () => {
    expect(infer(alphaDropout, [[10]])).toEqual([10]);
    expect(infer(alphaDropout, [[null, 4, 3]], { rate: 0.2 })).toEqual([null, 4, 3]);
    expect(infer(alphaDropout, [])).toMatch(/AlphaDropout needs an input/);
  });
  it('rejects a rate of 1 with a fix, warns about a rate of 0, describes itself', () => {
    expect(alphaDropout.checkParams?.(values({ rate: 1 }))).toMatchObject({
      param: 'rate',
      fixes: [{ param: 'rate', value: 0.1 }],
    });
    expect(alphaDropout.warn?.([[4]], values({ rate: 0 }))?.message).toMatch(/drops nothing/);
    expect(alphaDropout.describe?.(values({ rate: 0.2 }))).toBe('rate 0.2');
  });
  it('changes values while training and none at inference (real tfjs)', () => {
    const layer = alphaDropout.build(tf, values({ rate: 0.5 }), 'alpha_run');
    const x = tf.ones([4, 50]);
    const atInference = layer.apply(x) as tf.Tensor;
    const training = layer.apply(x, { training: true }) as tf.Tensor;
    expect(atInference.arraySync()).toEqual(x.arraySync());
    const distinct = new Set(training.dataSync());
    expect(distinct.size).toBe(2); // kept and dropped, each mapped through the same affine rescaling
    tf.dispose([x, atInference, training]);
  });
  it.each([
    [[10], {}],
    [[5, 3], { rate: 0.3 }],
    [[4, 4, 2], { rate: 0 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(alphaDropout, [input], params);
  });
});
