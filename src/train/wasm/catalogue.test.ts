/**
 * Every layer of the catalogue trains on wasm: with the training kernels registered, the gradient
 * of a loss with respect to the layer's weights and inputs runs on the wasm backend with no
 * missing kernel, and agrees with the cpu backend.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isShapeError, LAYERS, resolveParams } from '../../nodes';
import { registerWasmTraining } from '.';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTraining(tf);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Input shapes to try, in order, until the layer accepts one with its default params. */
const CANDIDATES: number[][] = [[6, 6, 3], [5, 4], [4]];

/** The layer's gradients (weights and inputs) on `backend`, from the same seeded data. */
async function gradients(type: string, backend: string, batch: number): Promise<Float32Array[] | undefined> {
  await tf.setBackend(backend);
  const def = LAYERS.find((d) => d.type === type);
  if (!def || def.inputs.max === 0) return undefined;
  const { values } = resolveParams(def.params, {});
  const shape = CANDIDATES.find((s) => {
    const r = def.inferShape(Array(def.inputs.min).fill(s), values);
    return !isShapeError(r) && r.every((d) => d !== null && d > 0);
  });
  if (!shape) return undefined;
  const inputs = Array.from({ length: def.inputs.min }, () => shape);
  const layer = def.build(tf, def.concrete?.(inputs, values) ?? values, `${type}_wasm`);
  return tf.tidy(() => {
    const xs = inputs.map((s, i) =>
      type === 'embedding'
        ? tf.randomUniform([batch, ...s], 0, 4, 'int32', 7 + i).cast('float32')
        : tf.randomUniform([batch, ...s], -1, 1, 'float32', 7 + i),
    );
    const apply = (): tf.Tensor => {
      const y = layer.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: true }) as tf.Tensor;
      return y.square().sum() as tf.Scalar;
    };
    apply(); // builds the weights
    layer.setWeights(layer.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 99 + i)));
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const grads = weights.length ? tf.variableGrads(() => apply() as tf.Scalar, weights).grads : {};
    const inputGrads =
      type === 'embedding' || NO_INPUT_GRADIENT.has(type)
        ? []
        : tf.grads((...x: tf.Tensor[]) => {
            const y = layer.apply(x.length === 1 ? (x[0] as tf.Tensor) : x) as tf.Tensor;
            return y.square().sum();
          })(xs);
    return [...Object.values(grads), ...inputGrads].map((g) => g.dataSync() as Float32Array);
  });
}

/**
 * tfjs 4.22 has no gradient for the Any / Greater ops these layers build masks with; the compiler
 * registers zero ones (src/compile/stepGradients.ts), this bare-tfjs test takes no input gradient.
 */
const NO_INPUT_GRADIENT = new Set(['masking', 'thresholdedRelu']);
const RANDOM = new Set(['dropout', 'gaussianNoise']); // random per backend: compared by shape only
/**
 * tfjs 4.22's cpu ResizeNearestNeighborGrad reads dy at the image's batch offset, so its gradient
 * is wrong beyond the first image: compared on one image here; kernels.test.ts checks the wasm
 * kernel on a batch by the adjoint identity.
 */
const ONE_IMAGE = new Set(['upSampling2d']);

describe('the catalogue trains on wasm', () => {
  for (const def of LAYERS.filter((d) => d.inputs.max > 0))
    it(def.type, async () => {
      const batch = ONE_IMAGE.has(def.type) ? 1 : 2;
      const ref = await gradients(def.type, 'cpu', batch);
      if (!ref) return;
      const got = await gradients(def.type, 'wasm', batch);
      expect(got?.length).toBe(ref.length);
      if (RANDOM.has(def.type)) return;
      ref.forEach((r, i) => {
        const g = got?.[i] as Float32Array;
        const scale = Math.max(1e-6, ...Array.from(r, Math.abs));
        const worst = Math.max(0, ...Array.from(r, (v, j) => Math.abs((g[j] as number) - v) / scale));
        expect(worst, `${def.type} gradient ${i}`).toBeLessThanOrEqual(1e-4);
      });
    });
});
