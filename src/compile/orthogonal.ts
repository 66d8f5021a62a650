/**
 * A fast `Orthogonal` initializer for tfjs. tfjs 4.22's own (the default recurrent initializer of
 * LSTM, GRU and SimpleRNN) factors its random matrix with `tf.linalg.qr`, one small tensor op at a
 * time: a 128-unit LSTM took ~20 s per build on the cpu backend here, and every export's
 * read-back builds the model again. This one draws the same normal matrix (`tf.randomNormal`, same
 * seed) and orthonormalises its columns in float64 in plain JavaScript (Gram–Schmidt, twice, so
 * the columns stay orthogonal to rounding): the Q of the QR factorization with a positive
 * diagonal R, exactly what tfjs computes after its sign correction, in milliseconds.
 *
 * It takes tfjs's place under the same class name, so layer configs (and every export written
 * from them) still say `{"class_name": "Orthogonal", "config": {"gain": …, "seed": …}}`.
 */
import type { serialization, Tensor } from '@tensorflow/tfjs';
import type { TF } from '../nodes';

/** Q (rows × cols, rows ≥ cols, column-major) of `a`'s QR factorization with R's diagonal > 0. */
export function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    const qj = j * rows;
    // Two passes of modified Gram–Schmidt against the columns before j ("twice is enough").
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const qk = k * rows;
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += (q[qk + i] as number) * (q[qj + i] as number);
        for (let i = 0; i < rows; i++) q[qj + i] = (q[qj + i] as number) - dot * (q[qk + i] as number);
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += (q[qj + i] as number) ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0)
      throw new Error('Orthogonal initializer: the random matrix is singular (draw again with another seed).');
    for (let i = 0; i < rows; i++) q[qj + i] = (q[qj + i] as number) / norm;
  }
  return q;
}

const installed = new WeakSet<object>();

/** Registers the fast initializer in `tf` (once per tfjs instance); later builds use it. */
export function installFastOrthogonal(tf: TF): void {
  if (installed.has(tf)) return;
  installed.add(tf);
  // tfjs does not export the class; its instances carry it. Typed with what this file uses.
  type Initializer = ReturnType<TF['initializers']['orthogonal']> & { gain: number; seed?: number };
  const TfOrthogonal = tf.initializers.orthogonal({}).constructor as serialization.SerializableConstructor<Initializer>;

  class Orthogonal extends TfOrthogonal {
    static override readonly className = 'Orthogonal';
    override apply(shape: number[], dtype?: string): Tensor {
      if (shape.length < 2) throw new Error('Orthogonal initializer: the shape must be at least 2D.');
      if (dtype !== undefined && dtype !== 'float32' && dtype !== 'int32') {
        throw new TypeError(`Orthogonal initializer: unsupported data type ${dtype}.`);
      }
      const numRows = shape.slice(0, -1).reduce((p, d) => p * d, 1);
      const numCols = shape[shape.length - 1] as number;
      const rows = Math.max(numRows, numCols);
      const cols = Math.min(numRows, numCols);
      // The same draw as tfjs: a rows × cols normal matrix (row-major), with this seed.
      const drawn = tf.tidy(() => tf.randomNormal([rows, cols], 0, 1, 'float32', this.seed).dataSync());
      const a = new Float64Array(rows * cols);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) a[c * rows + r] = drawn[r * cols + c] as number;
      const q = orthonormalColumns(a, rows, cols);
      // Q is rows × cols; the weight is Q (numRows ≥ numCols) or Qᵀ, row-major, times the gain.
      const out = new Float32Array(numRows * numCols);
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const v = this.gain * (q[c * rows + r] as number);
          if (numRows >= numCols) out[r * numCols + c] = v;
          else out[c * numCols + r] = v;
        }
      }
      return tf.tensor(out, shape, dtype === 'int32' ? 'int32' : 'float32');
    }
  }
  tf.serialization.registerClass(Orthogonal);
}
