import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocBuilder } from './builder';
import { compileModel } from './compile';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** input → Dense → (the layer) → SimpleRNN or Flatten → Dense 1: weights before the mask. */
function model(type: 'masking' | 'thresholdedRelu') {
  const b = new DocBuilder(type);
  let x = b.layer('input', 'x', { shape: [4, 2] });
  x = b.layer('dense', 'before', { units: 3 }, [x]);
  x = b.layer(type, 'mask', type === 'masking' ? { maskValue: 0 } : { theta: 0.1 }, [x]);
  x = b.layer(type === 'masking' ? 'simpleRnn' : 'flatten', 'mid', type === 'masking' ? { units: 2 } : {}, [x]);
  b.layer('dense', 'out', { units: 1 }, [x]);
  return b.build();
}

describe('zero gradients for the mask-building kernels tfjs lacks', () => {
  it('bare tfjs 4.22 has none (runs first, before anything is compiled)', () => {
    for (const k of ['Greater', 'NotEqual', 'Any']) expect(tf.getGradient(k)).toBeUndefined();
  });
  it.each(['masking', 'thresholdedRelu'] as const)(
    '%s: the weights before it train once compiled (bare tfjs 4.22 throws)',
    async (type) => {
      const xs = tf.randomUniform([8, 4, 2], -1, 1, 'float32', 5);
      const ys = tf.ones([8, 1]);
      const { model: m } = compileModel(tf, model(type));
      m.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      const before = m.getLayer('before').getWeights()[0]?.dataSync().slice() as Float32Array;
      const h = await m.fit(xs, ys, { epochs: 2, verbose: 0 });
      const after = m.getLayer('before').getWeights()[0]?.dataSync() as Float32Array;
      expect(h.history.loss?.every((l) => Number.isFinite(l as number))).toBe(true);
      expect(Array.from(after).some((v, i) => v !== before[i])).toBe(true);
      for (const k of ['Greater', 'NotEqual', 'Any']) expect(tf.getGradient(k)).toBeDefined();
      m.dispose();
      tf.dispose([xs, ys]);
    },
  );
});
