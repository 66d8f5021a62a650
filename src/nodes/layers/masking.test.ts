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
  it('trains right after the input; tfjs 4.22 cannot backpropagate through it to weights before it', async () => {
    const build = (withEmbedding: boolean) => {
      const x = tf.input({ shape: [4, withEmbedding ? 1 : 2] });
      let h: tf.SymbolicTensor = x;
      if (withEmbedding) h = tf.layers.dense({ units: 2, name: 'before' }).apply(h) as tf.SymbolicTensor;
      h = masking.build(tf, values({}), `mask_fit_${withEmbedding}`).apply(h) as tf.SymbolicTensor;
      h = tf.layers.simpleRNN({ units: 2 }).apply(h) as tf.SymbolicTensor;
      const m = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 1 }).apply(h) as tf.SymbolicTensor });
      m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
      return m;
    };
    const xs = tf.randomUniform([4, 4, 2], -1, 1, 'float32', 3);
    const ys = tf.ones([4, 1]);
    const ok = await build(false).fit(xs, ys, { epochs: 1, verbose: 0 });
    expect(Number.isFinite(ok.history.loss?.[0] as number)).toBe(true);
    const xs1 = tf.randomUniform([4, 4, 1], -1, 1, 'float32', 4);
    await expect(build(true).fit(xs1, ys, { epochs: 1, verbose: 0 })).rejects.toThrow(
      /gradient function not found for Any/,
    );
    tf.dispose([xs, ys, xs1]);
  });
  it.each([
    [[10, 3], {}],
    [[null, 2], { maskValue: -1 }],
    [[6], { maskValue: 0.5 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(masking, [input], params);
  });
});
