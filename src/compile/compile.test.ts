import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { handApesNet } from '../../test/handwritten';
import { CompileError, compileModel } from './compile';
import { example, residual } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Copies weights layer by layer, by name: the compiled names are the hand-written ones. */
function copyWeights(from: tf.LayersModel, to: tf.LayersModel): void {
  for (const layer of to.layers) layer.setWeights(from.getLayer(layer.name).getWeights());
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);
}

/** Gives BatchNormalization non-trivial moving statistics so that inference exercises them. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (!ws.length) continue;
    layer.setWeights(
      ws.map((w, i) => {
        s += 1;
        const isVariance = layer.getClassName() === 'BatchNormalization' && i === 3;
        return isVariance
          ? tf.randomUniform(w.shape, 0.5, 1.5, 'float32', s)
          : tf.randomNormal(w.shape, 0, 0.1, 'float32', s);
      }),
    );
  }
}

describe('compileModel', () => {
  it('compiles ApesNet to the model its Keras implementation builds', () => {
    const { model } = compileModel(tf, example('apesnet'));
    expect(model.layers).toHaveLength(56);
    expect(model.outputs[0]?.shape).toEqual([null, 172800, 12]);
    expect(model.countParams()).toBe(923_556);
    const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 0), 1), 0);
    expect(trainable).toBe(922_068);
    // Exactly the hand-written model: same layer names and classes, in a valid order.
    const hand = handApesNet(360, 480, 12);
    const classes = (m: tf.LayersModel) => m.layers.map((l) => `${l.name}:${l.getClassName()}`).sort();
    expect(classes(model)).toEqual(classes(hand));
    model.dispose();
    hand.dispose();
  });

  it('names layers after nodes, Keras-legal and unique', () => {
    const doc = residual(3, 3);
    const renamed = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'conv' ? { ...n, name: 'my conv (3×3)!' } : n)) };
    const { model } = compileModel(tf, renamed);
    expect(model.layers.map((l) => l.name)).toEqual(['input', 'my_conv_3_3', 'add']);
    model.dispose();
  });

  it('refuses a document with errors, carrying the diagnostics', () => {
    expect(() => compileModel(tf, residual(3, 64))).toThrow(CompileError);
    try {
      compileModel(tf, residual(3, 64));
    } catch (e) {
      expect((e as CompileError).diagnostics[0]?.nodeId).toBe('add');
    }
  });
});

describe('equivalence with hand-written tf.layers models', () => {
  it('apes-block gives the same predictions', () => {
    const { model } = compileModel(tf, example('apes-block'));
    const input = tf.input({ shape: [256, 256, 3], name: 'input' });
    const conv = tf.layers
      .conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv' })
      .apply(input) as tf.SymbolicTensor;
    const out = tf.layers.add({ name: 'add' }).apply([input, conv]) as tf.SymbolicTensor;
    const hand = tf.model({ inputs: input, outputs: out });
    expect(model.layers.length).toBe(hand.layers.length);
    copyWeights(model, hand);
    const x = tf.randomNormal([2, 256, 256, 3], 0, 1, 'float32', 7);
    const diff = maxAbsDiff(model.predict(x) as tf.Tensor, hand.predict(x) as tf.Tensor);
    expect(diff).toBeLessThanOrEqual(1e-5);
    tf.dispose([x]);
    model.dispose();
    hand.dispose();
  });

  it('apesnet-mini gives the same predictions', () => {
    const { model } = compileModel(tf, example('apesnet-mini'));
    randomizeWeights(model, 11);
    const hand = handApesNet(32, 32, 4);
    expect(model.layers.length).toBe(hand.layers.length);
    copyWeights(model, hand);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 3);
    const a = model.predict(x) as tf.Tensor;
    const b = hand.predict(x) as tf.Tensor;
    expect(a.shape).toEqual([2, 1024, 4]);
    expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(1e-5);
    tf.dispose([x, a, b]);
    model.dispose();
    hand.dispose();
  });
});
