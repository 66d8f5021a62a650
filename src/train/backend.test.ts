import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../compile/analyze';
import { describeBackend, pickBackend, requiredKernels } from './backend';
import { mlp, tinySegmenter } from './testing';

const loaders = { wasm: async () => void (await import('@tensorflow/tfjs-backend-wasm')) };

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('pickBackend', () => {
  it('needs convolution gradients only for models with convolutions', () => {
    expect(requiredKernels(analyze(mlp()))).toEqual([]);
    expect(requiredKernels(analyze(tinySegmenter()))).toEqual(['Conv2DBackpropFilter']);
  });

  it('falls back from webgl in order, saying why, and uses wasm for a dense model', async () => {
    const choice = await pickBackend(tf, { kernels: requiredKernels(analyze(mlp())), loaders });
    expect(choice).toEqual({
      name: 'wasm',
      fallbacks: [
        { backend: 'webgl', reason: 'webgl is not available here' },
        { backend: 'webgpu', reason: 'webgpu is not available here' },
      ],
    });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('passes over wasm for a conv net (it cannot train convolutions) and lands on cpu', async () => {
    const choice = await pickBackend(tf, { kernels: requiredKernels(analyze(tinySegmenter())), loaders });
    expect(choice.name).toBe('cpu');
    expect(choice.fallbacks.at(-1)).toEqual({
      backend: 'wasm',
      reason: 'wasm cannot train this model: it has no Conv2DBackpropFilter kernel',
    });
    expect(tf.getBackend()).toBe('cpu');
    expect(describeBackend(choice)).toBe(
      'Training on cpu (webgl is not available here; webgpu is not available here; wasm cannot train this model: it has no Conv2DBackpropFilter kernel)',
    );
  });

  it('starts from the preferred backend', async () => {
    expect(await pickBackend(tf, { preferred: 'cpu' })).toEqual({ name: 'cpu', fallbacks: [] });
    expect(describeBackend({ name: 'cpu', fallbacks: [] })).toBe('Training on cpu');
  });

  it('reports a loader that fails', async () => {
    const failing = {
      webgpu: async () => {
        throw new Error('no adapter');
      },
    };
    const choice = await pickBackend(tf, { preferred: 'webgpu', loaders: failing });
    expect(choice.fallbacks[0]).toEqual({ backend: 'webgpu', reason: 'webgpu failed to start: no adapter' });
  });
});
