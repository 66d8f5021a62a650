import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../compile';
import type { TF } from '../nodes';
import {
  autoBackend,
  describeBackend,
  pickBackend,
  requiredKernels,
  SMALL_DENSE_PARAMS,
  watchContext,
} from './backend';
import { gpuFromRenderer } from './gpu';
import { mlp, tinySegmenter } from './testing';
import { wasmLoader } from './wasm/load';

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

  it('with the training kernels (src/train/wasm), wasm trains the conv net', async () => {
    const choice = await pickBackend(tf, {
      kernels: requiredKernels(analyze(tinySegmenter())),
      loaders: { wasm: wasmLoader(tf) },
    });
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
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

describe('autoBackend', () => {
  const hardware = gpuFromRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)');
  const swiftShader = gpuFromRenderer(
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  );

  it('trains small models without convolutions on wasm, the rest on webgl where the GPU is hardware', () => {
    expect(hardware.software).toBe(false);
    expect(autoBackend(analyze(mlp()), hardware)).toEqual({
      name: 'wasm',
      reason: 'chosen automatically: a small model without convolutions (42 parameters) trains fastest on wasm',
    });
    expect(autoBackend(analyze(tinySegmenter()), hardware)).toEqual({
      name: 'webgl',
      reason: 'chosen automatically: convolutions train fastest on the GPU',
    });
    const wide = analyze(mlp(2, 2, 'softmax', Math.ceil(SMALL_DENSE_PARAMS / 4)));
    expect(wide.totals.trainable).toBeGreaterThan(SMALL_DENSE_PARAMS);
    expect(autoBackend(wide, hardware).name).toBe('webgl');
    expect(autoBackend(wide, hardware).reason).toMatch(
      /^chosen automatically: [\d,]+ parameters train fastest on the GPU$/,
    );
  });

  it('never prefers software-rendered WebGL (SwiftShader) or no WebGL over wasm', () => {
    expect(swiftShader.software).toBe(true);
    expect(autoBackend(analyze(tinySegmenter()), swiftShader)).toEqual({
      name: 'wasm',
      reason: 'chosen automatically: convolutions train fastest on wasm: WebGL here is drawn in software (SwiftShader)',
    });
    expect(autoBackend(analyze(tinySegmenter()))).toEqual({
      name: 'wasm',
      reason: 'chosen automatically: convolutions train fastest on wasm: there is no WebGL here',
    });
    expect(autoBackend(analyze(mlp()), swiftShader).name).toBe('wasm');
    expect(autoBackend(analyze(mlp())).name).toBe('wasm');
    // A dense model past the small-model bound: wasm too, never software WebGL.
    const wide = analyze(mlp(2, 2, 'softmax', Math.ceil(SMALL_DENSE_PARAMS / 4)));
    expect(autoBackend(wide, swiftShader).name).toBe('wasm');
  });

  it('lands on cpu, saying why, when the automatic choice (wasm) cannot start', async () => {
    const auto = autoBackend(analyze(mlp()));
    const broken = {
      wasm: async () => {
        throw new Error('no .wasm file');
      },
    };
    const choice = await pickBackend(tf, { preferred: auto.name, kernels: [], loaders: broken });
    expect(choice).toEqual({
      name: 'cpu',
      fallbacks: [{ backend: 'wasm', reason: 'wasm failed to start: no .wasm file' }],
    });
  });
});

describe('watchContext', () => {
  /** A stand-in for tfjs with a webgl-like backend whose context can be lost. */
  function fakeGpu() {
    const canvas = new EventTarget();
    const gl = { lost: false, canvas, isContextLost: () => gl.lost };
    const fake = { backend: () => ({ gpgpu: { gl } }), getBackend: () => 'webgl' } as unknown as TF;
    return { gl, fake };
  }
  const settled = (p: Promise<unknown>, ms = 60) =>
    Promise.race([
      p.then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
      new Promise((r) => setTimeout(() => r('pending'), ms)),
    ]);

  it('rejects when the canvas reports webglcontextlost', async () => {
    const { gl, fake } = fakeGpu();
    const watch = watchContext(fake, 10_000);
    expect(await settled(watch.lost, 20)).toBe('pending');
    gl.lost = true;
    gl.canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(await settled(watch.lost)).toBe('webgl: the GPU context was lost (CONTEXT_LOST_WEBGL)');
    watch.dispose();
  });

  it('notices a loss by polling when no event comes, and stops when disposed', async () => {
    const a = fakeGpu();
    const watch = watchContext(a.fake, 5);
    a.gl.lost = true;
    expect(await settled(watch.lost)).toMatch(/context was lost/);
    const b = fakeGpu();
    const stopped = watchContext(b.fake, 5);
    stopped.dispose();
    b.gl.lost = true;
    b.gl.canvas.dispatchEvent(new Event('webglcontextlost'));
    expect(await settled(stopped.lost)).toBe('pending');
  });

  it('never settles for a backend without a GPU context', async () => {
    const watch = watchContext(tf, 5);
    expect(await settled(watch.lost)).toBe('pending');
    watch.dispose();
  });
});
