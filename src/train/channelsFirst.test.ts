/**
 * A channels-first conv net (src/nodes/dataFormat.ts) trains on the cpu and wasm backends in Node:
 * tfjs-layers transposes channels-first inputs to NHWC before each op, so the wasm training kernels
 * (src/train/wasm/conv.ts needs NHWC) serve it; one step on each backend from the same weights
 * gives the same weights.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, DocBuilder } from '../compile';
import { setOutputSizeOps } from './head';
import { registerWasmTraining } from './wasm';

beforeAll(async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmTraining(tf);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** (channels 2, 8, 8) → every trainable channels-first layer → flatten (channels-first) → dense softmax. */
function channelsFirstNet() {
  const cf = { dataFormat: 'channels_first' };
  const b = new DocBuilder('cf');
  const x = b.layer('input', 'x', { shape: [2, 8, 8] });
  let h = b.layer('conv2d', 'conv', { filters: 3, kernelSize: [3, 3], padding: 'same', activation: 'relu', ...cf }, [
    x,
  ]);
  h = b.layer('depthwiseConv2d', 'dw', { kernelSize: [3, 3], ...cf }, [h]);
  h = b.layer('separableConv2d', 'sep', { filters: 4, kernelSize: [2, 2], useBias: false, ...cf }, [h]);
  h = b.layer('conv2dTranspose', 'up', { filters: 2, kernelSize: [2, 2], strides: [2, 2], ...cf }, [h]);
  h = b.layer('maxPooling2d', 'pool', { poolSize: [2, 2], ...cf }, [h]);
  h = b.layer('averagePooling2d', 'avg', { poolSize: [2, 2], ...cf }, [h]);
  h = b.layer('flatten', 'flat', cf, [h]);
  b.layer('dense', 'out', { units: 3, activation: 'softmax' }, [h]);
  return b.build();
}

async function oneStep(backend: string) {
  await tf.setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  const { model } = compileModel(tf, channelsFirstNet());
  model.setWeights(model.getWeights().map((w, i) => tf.randomUniform(w.shape, -0.5, 0.5, 'float32', 11 + i)));
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'categoricalCrossentropy' });
  const xs = tf.randomUniform([4, 2, 8, 8], -1, 1, 'float32', 3);
  const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
  const before = model.getWeights().map((w) => Array.from(w.dataSync()));
  const loss = (await model.trainOnBatch(xs, ys)) as number;
  const after = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { loss, before, after };
}

describe('channels-first training', () => {
  it('one step on cpu and on wasm: finite loss, every weight moved, the same weights on both', async () => {
    const cpu = await oneStep('cpu');
    const wasm = await oneStep('wasm');
    expect(Number.isFinite(cpu.loss)).toBe(true);
    expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
    cpu.after.forEach((w, i) => {
      const moved = w.some((v, j) => Math.abs(v - (cpu.before[i]?.[j] ?? v)) > 1e-7);
      expect(moved, `weight ${i} changed on cpu`).toBe(true);
      const gap = Math.max(...w.map((v, j) => Math.abs(v - (wasm.after[i]?.[j] ?? Number.NaN))));
      expect(gap, `weight ${i}: cpu vs wasm`).toBeLessThan(1e-4);
    });
  }, 60_000);
});

describe('the output-size fix', () => {
  it('sets the filters of a channels-last conv head, and offers nothing for a channels-first one (its filters are the first axis)', () => {
    const head = (dataFormat: string) => {
      const b = new DocBuilder('seg');
      const x = b.layer('input', 'x', { shape: [8, 8, 3] });
      const h = b.layer('conv2d', 'body', { filters: 4, padding: 'same' }, [x]);
      b.layer('conv2d', 'head', { filters: 2, kernelSize: [1, 1], dataFormat }, [h]);
      return analyze(b.build());
    };
    expect(setOutputSizeOps(head('channels_last'), 5)).toEqual([
      { op: 'setParam', node: 'head', param: 'filters', value: 5 },
    ]);
    expect(setOutputSizeOps(head('channels_first'), 5)).toBeUndefined();
  });
});
