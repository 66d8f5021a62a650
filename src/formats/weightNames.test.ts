/** Weight names as converters and Keras 3 write them land on the right weights. */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importModelText } from './importModel';
import { canonicalWeightName, weightNameCandidates } from './weightNames';
import { applyWeights, weightSetOfNamed } from './weights';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('weight names', () => {
  it('drops :0 and the recurrent cell scopes Keras 3 and the converter write', () => {
    expect(canonicalWeightName('lstm/lstm_cell/kernel')).toBe('lstm/kernel');
    expect(canonicalWeightName('lstm_2/lstm_cell_2/recurrent_kernel:0')).toBe('lstm_2/recurrent_kernel');
    expect(canonicalWeightName('gru/gru_cell/bias')).toBe('gru/bias');
    expect(canonicalWeightName('dense/kernel:0')).toBe('dense/kernel');
    expect(canonicalWeightName('my_lstm_cell_layer/kernel')).toBe('my_lstm_cell_layer/kernel');
    expect(weightNameCandidates('seq/model/Conv1', 'seq_model_Conv1/kernel')).toEqual([
      'seq_model_Conv1/kernel',
      'Conv1/kernel',
    ]);
  });

  it('sets an LSTM model from weights named lstm/lstm_cell/… (converted from Keras)', () => {
    const x = tf.input({ shape: [3, 2] });
    const y = tf.layers.lstm({ units: 4, name: 'lstm' }).apply(x) as tf.SymbolicTensor;
    const m = tf.model({ inputs: x, outputs: y });
    const named: tf.NamedTensorMap = {
      'lstm/lstm_cell/kernel': tf.fill([2, 16], 0.5),
      'lstm/lstm_cell/recurrent_kernel': tf.fill([4, 16], 0.25),
      'lstm/lstm_cell/bias': tf.fill([16], 0.125),
    };
    applyWeights(tf, new Map([['lstm', m.getLayer('lstm')]]), { imported: weightSetOfNamed(named) });
    expect(m.getWeights().map((w) => w.dataSync()[0])).toEqual([0.5, 0.25, 0.125]);
    m.dispose();
  });

  it('the stateful text-generation model (converter output) imports with its unknown length and batch size 64 (src/formats/stateful.test.ts)', () => {
    const r = importModelText(readFileSync('test/fixtures/real/text-generation-stateful-lstm.model.json', 'utf8'));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes[0]?.params).toMatchObject({ shape: [null], batchSize: 64 });
    expect(r.doc.nodes.find((n) => n.type === 'lstm')?.params.stateful).toBe(true);
  });
});
