import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { masking } from './masking';

const values = (raw: Record<string, unknown>) => resolveParams(masking.params, raw).values;

describe('Masking', () => {
  it('keeps its input shape, known or not', () => {
    expect(infer(masking, [[20, 4]])).toEqual([20, 4]);
    expect(infer(masking, [[null, 4]], { maskValue: -1 })).toEqual([null, 4]);
    expect(infer(masking, [])).toMatch(/Masking needs an input/);
  });
  it('warns when there are no steps to mask, describes itself', () => {
    expect(masking.warn?.([[8]], values({}))?.message).toMatch(
      /^Masking's input 8 has no steps: .*Put Masking on the \(timesteps, features\) input of a recurrent layer\.$/,
    );
    expect(masking.warn?.([[5, 8]], values({}))).toBeUndefined();
    expect(masking.describe?.(values({ maskValue: -1 }))).toBe('mask -1');
  });
  it('makes the recurrent layer after it skip padding steps (real tfjs)', () => {
    const x = tf.input({ shape: [null, 2] });
    const masked = masking.build(tf, values({ maskValue: 0 }), 'mask_run').apply(x) as tf.SymbolicTensor;
    const rnn = tf.layers.simpleRNN({ units: 3, name: 'rnn_run' }).apply(masked) as tf.SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: rnn });
    const short = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
        [0, 0],
        [0, 0],
      ],
    ]);
    const trimmed = tf.tensor3d([
      [
        [1, 2],
        [3, 4],
      ],
    ]);
    const a = (model.predict(short) as tf.Tensor).dataSync();
    const b = (model.predict(trimmed) as tf.Tensor).dataSync();
    expect([...a].map((v) => v.toFixed(5))).toEqual([...b].map((v) => v.toFixed(5)));
    expect([...a].some((v) => v !== 0)).toBe(true);
    tf.dispose([short, trimmed]);
    model.dispose();
  });
  it.each([
    [[10, 3], {}],
    [[null, 2], { maskValue: -1 }],
    [[6], { maskValue: 0.5 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(masking, [input], params);
  });
});
