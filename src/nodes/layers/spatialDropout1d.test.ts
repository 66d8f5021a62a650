import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { spatialDropout1d } from './spatialDropout1d';

const values = (raw: Record<string, unknown>) => resolveParams(spatialDropout1d.params, raw).values;

describe('SpatialDropout1D', () => {
  it('keeps a (steps, channels) shape, known or not', () => {
    expect(infer(spatialDropout1d, [[100, 16]])).toEqual([100, 16]);
    expect(infer(spatialDropout1d, [[null, 8]])).toEqual([null, 8]);
  });
  it('explains a wrong rank', () => {
    expect(infer(spatialDropout1d, [[64]])).toMatch(
      /^SpatialDropout1D expects a 2-D input \(steps, channels\) per sample, but its input is 64 \(rank 1\)\. For one value per feature use Dropout\.$/,
    );
    expect(infer(spatialDropout1d, [[8, 8, 3]])).toMatch(/8×8×3 \(rank 3\)\.$/);
    expect(infer(spatialDropout1d, [])).toMatch(/needs an input/);
  });
  it('rejects a rate of 1, warns about 0, describes itself', () => {
    expect(spatialDropout1d.checkParams?.(values({ rate: 1 }))).toMatchObject({ param: 'rate' });
    expect(spatialDropout1d.warn?.([[4, 2]], values({ rate: 0 }))?.message).toMatch(/drops nothing/);
    expect(spatialDropout1d.describe?.(values({}))).toBe('rate 0.5');
  });
  it('drops whole channels over every step while training, nothing at inference (real tfjs)', () => {
    const layer = spatialDropout1d.build(tf, values({ rate: 0.5 }), 'sd_run');
    const x = tf.ones([3, 6, 40]);
    const atInference = layer.apply(x) as tf.Tensor;
    expect(atInference.arraySync()).toEqual(x.arraySync());
    const out = (layer.apply(x, { training: true }) as tf.Tensor).arraySync() as number[][][];
    let dropped = 0;
    for (const sample of out)
      for (let c = 0; c < 40; c++) {
        const column = sample.map((step) => step[c]);
        expect(new Set(column).size, 'one value per channel over all steps').toBe(1);
        expect([0, 2]).toContain(column[0]);
        if (column[0] === 0) dropped++;
      }
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(120);
    tf.dispose([x, atInference]);
  });
  it.each([
    [[10, 3], {}],
    [[null, 2], { rate: 0.2 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(spatialDropout1d, [input], params);
  });
});
