/** The fast Orthogonal initializer: orthogonal to rounding, tfjs's Q for the same seed, same config. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastOrthogonal, orthonormalColumns } from './orthogonal';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** max |WᵀW − I| over the shorter side of a rows × cols row-major matrix. */
function orthogonality(w: Float32Array, rows: number, cols: number): number {
  const tall = rows >= cols;
  const n = tall ? cols : rows;
  const at = (i: number, j: number) => (tall ? (w[i * cols + j] as number) : (w[j * cols + i] as number));
  const m = tall ? rows : cols;
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let dot = 0;
      for (let k = 0; k < m; k++) dot += at(k, a) * at(k, b);
      worst = Math.max(worst, Math.abs(dot - (a === b ? 1 : 0)));
    }
  }
  return worst;
}

describe('fast Orthogonal initializer', () => {
  it('orthonormalises columns: QᵀQ = I and A = QR with R upper triangular, positive diagonal', () => {
    const rows = 5;
    const cols = 3;
    const a = Float64Array.from({ length: rows * cols }, (_, i) => Math.sin(i * 1.7 + 0.3) + (i % 4));
    const q = orthonormalColumns(a, rows, cols);
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < cols; k++) {
        let qq = 0;
        for (let i = 0; i < rows; i++) qq += (q[j * rows + i] as number) * (q[k * rows + i] as number);
        expect(qq).toBeCloseTo(j === k ? 1 : 0, 12);
      }
      // R = QᵀA: below the diagonal zero, on it positive.
      for (let k = 0; k <= j; k++) {
        let r = 0;
        for (let i = 0; i < rows; i++) r += (q[k * rows + i] as number) * (a[j * rows + i] as number);
        if (k === j) expect(r).toBeGreaterThan(0);
        for (let below = j + 1; below < cols; below++) {
          let z = 0;
          for (let i = 0; i < rows; i++) z += (q[below * rows + i] as number) * (a[j * rows + i] as number);
          expect(Math.abs(z)).toBeLessThan(1e-12);
        }
      }
    }
  });

  it("gives tfjs's own matrix for the same seed, tall and wide, with the gain", () => {
    const reference = (shape: number[], gain: number) =>
      tf.initializers.orthogonal({ gain, seed: 11 }).apply(shape, 'float32').dataSync() as Float32Array;
    const expected = [reference([12, 5], 1), reference([4, 9], 2)];
    installFastOrthogonal(tf);
    const tall = tf.initializers.orthogonal({ gain: 1, seed: 11 });
    // tf.initializers.orthogonal constructs tfjs's class directly; layers resolve the name.
    const layer = tf.layers.lstm({ units: 4, recurrentInitializer: 'orthogonal' });
    expect(layer.getConfig().recurrentInitializer).toEqual({
      className: 'Orthogonal',
      config: { gain: 1, seed: undefined },
    });
    const Fast = (tf.serialization.SerializationMap.getMap().classNameMap.Orthogonal as unknown[])[0] as new (a: {
      gain: number;
      seed: number;
    }) => typeof tall;
    const got = [new Fast({ gain: 1, seed: 11 }).apply([12, 5]), new Fast({ gain: 2, seed: 11 }).apply([4, 9])].map(
      (t) => t.dataSync() as Float32Array,
    );
    got.forEach((g, i) => {
      const e = expected[i] as Float32Array;
      expect(g.length).toBe(e.length);
      g.forEach((v, j) => {
        expect(v).toBeCloseTo(e[j] as number, 5);
      });
    });
    expect(orthogonality(got[0] as Float32Array, 12, 5)).toBeLessThan(1e-6);
    expect(
      orthogonality(
        (got[1] as Float32Array).map((v) => v / 2),
        4,
        9,
      ),
    ).toBeLessThan(1e-6);
  });

  it("a built LSTM's recurrent kernel is orthogonal and its config unchanged", () => {
    installFastOrthogonal(tf);
    const input = tf.input({ shape: [7, 3] });
    const lstm = tf.layers.lstm({ units: 64 });
    tf.model({ inputs: input, outputs: lstm.apply(input) as tf.SymbolicTensor });
    const recurrent = lstm.getWeights()[1] as tf.Tensor;
    expect(recurrent.shape).toEqual([64, 256]);
    expect(orthogonality(recurrent.dataSync() as Float32Array, 64, 256)).toBeLessThan(1e-5);
    expect((lstm.getConfig().recurrentInitializer as { className: string }).className).toBe('Orthogonal');
  });
});
