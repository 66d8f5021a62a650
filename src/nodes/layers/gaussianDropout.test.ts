import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { gaussianDropout } from './gaussianDropout';

describe('GaussianDropout', () => {
  it.each([
    [[10], {}, [10]],
    [[28, 28, 1], { rate: 0.2 }, [28, 28, 1]],
    [[null, 16], {}, [null, 16]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(gaussianDropout, [input], params)).toEqual(out);
  });

  it.each([
    [{ rate: 0 }, /rate must be a number between 0 and 1 \(got 0\)/],
    [{ rate: 1.5 }, /rate must be a number between 0 and 1 \(got 1.5\)/],
  ])('rejects %j', (params, message) => {
    expect(infer(gaussianDropout, [[10]], params)).toMatch(message);
  });

  it('needs an input', () => {
    expect(infer(gaussianDropout, [])).toMatch(/needs an input/);
  });

  it('describes its rate', () => {
    expect(gaussianDropout.describe?.({ rate: 0.3 })).toBe('rate 0.3');
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { rate: 0.3 }],
    [[null, 6], { rate: 0.9 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(gaussianDropout, [input], params);
  });

  it('multiplies by noise while training and leaves values alone at inference (real tfjs)', () => {
    const layer = gaussianDropout.build(tf, { rate: 0.5 }, 'gd');
    tf.tidy(() => {
      const x = tf.ones([64, 8]);
      const infer = layer.apply(x, { training: false }) as tf.Tensor;
      expect(infer.arraySync()).toEqual(x.arraySync());
      const train = layer.apply(x, { training: true }) as tf.Tensor;
      const std = tf.moments(train).variance.sqrt().dataSync()[0] as number;
      // stddev sqrt(rate / (1 - rate)) = 1 for rate 0.5.
      expect(std).toBeGreaterThan(0.8);
      expect(std).toBeLessThan(1.2);
    });
  });
});
