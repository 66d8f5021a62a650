/**
 * The fidelity check compares every weight byte for byte, and a large model's predictions on a
 * one-sample probe; the report says which was done.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DocBuilder } from '../compile';
import { exportModel } from './exportModel';
import { compareModels, LARGE_MODEL_PARAMS } from './fidelity';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const mlp = (inputs: number, units: number) => {
  const b = new DocBuilder('wide');
  const x = b.layer('input', 'x', { shape: [inputs] });
  b.layer('dense', 'wide', { units, activation: 'relu' }, [x]);
  return b.build();
};

describe('fidelity check', () => {
  it('finds a weight whose bytes differ, naming it', () => {
    const make = () => {
      const x = tf.input({ shape: [3], name: 'x' });
      const y = tf.layers.dense({ units: 2, name: 'd' }).apply(x) as tf.SymbolicTensor;
      return tf.model({ inputs: x, outputs: y });
    };
    const a = make();
    const b = make();
    b.setWeights(a.getWeights());
    expect(compareModels(tf, a, b, { weights: true }).checked).toBe(
      'topology, 2 weights byte for byte, predictions on a random batch',
    );
    const [k, bias] = a.getWeights() as [tf.Tensor, tf.Tensor];
    b.setWeights([k, tf.add(bias, 1e-7)]);
    const r = compareModels(tf, a, b, { weights: true, predictions: false });
    expect(r.pass).toBe(false);
    expect(r.differences).toEqual(['weight "d/bias" differs from the one written']);
    a.dispose();
    b.dispose();
  });

  it('checks a model over 20M parameters on a probe, and says so', async () => {
    const doc = mlp(5000, 4001); // 20,009,001 parameters
    const r = await exportModel(tf, doc, 'tfjs');
    if (!r.ok) throw new Error(r.error);
    expect(r.fidelity?.params).toBeGreaterThan(LARGE_MODEL_PARAMS);
    expect(r.fidelity?.pass).toBe(true);
    expect(r.fidelity?.checked).toBe(
      'topology, 2 weights byte for byte, predictions on a one-sample probe (large model)',
    );
  }, 120_000);
});
