/**
 * Training kernels for tfjs's wasm backend (4.22), registered by `registerWasmTraining` when the
 * backend is loaded: the convolution gradients it lacks (so convolutions train on wasm, with
 * XNNPACK doing the arithmetic), a faster input gradient than its own, and matrix products with
 * transposed operands done as an explicit transpose plus a plain product, the segment sum
 * an Embedding's gradient needs, and correct max-pooling and upsampling gradients (pooling.ts).
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import type { TF } from '../../nodes';
import { conv2DBackpropFilter, conv2DBackpropInput } from './conv';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './depthwise';
import type { WasmKernelFunc } from './kit';
import { plainTransposes } from './matmul';
import { maxPoolGrad, resizeNearestNeighborGrad } from './pooling';
import { unsortedSegmentSum } from './segment';

/** The kernels this module adds or replaces on wasm. */
export const WASM_TRAINING_KERNELS = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'BatchMatMul',
  '_FusedMatMul',
  'UnsortedSegmentSum',
  'MaxPoolGrad',
  'ResizeNearestNeighborGrad',
] as const;

const registered = new WeakSet<object>();

/** Puts `func` in place of the wasm kernel `name`, keeping the replaced kernel's setup. */
function put(tf: TF, name: string, func: WasmKernelFunc, replaced?: KernelConfig): void {
  if (replaced) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: func as unknown as KernelFunc,
    ...(replaced?.setupFunc ? { setupFunc: replaced.setupFunc } : {}),
    ...(replaced?.disposeFunc ? { disposeFunc: replaced.disposeFunc } : {}),
  });
}

/**
 * Registers the training kernels for the wasm backend of this tfjs instance (once; later calls do
 * nothing). Call it after importing `@tensorflow/tfjs-backend-wasm`, before or after `setBackend`.
 */
export function registerWasmTraining(tf: TF): void {
  const marker = tf.getKernel('Conv2D', 'wasm');
  if (!marker) throw new Error('wasm: the wasm backend is not loaded');
  if (registered.has(tf.registerKernel)) return;
  registered.add(tf.registerKernel);
  const own = (name: string) => tf.getKernel(name, 'wasm');
  put(tf, 'Conv2DBackpropFilter', conv2DBackpropFilter(tf), own('Conv2DBackpropFilter'));
  put(tf, 'Conv2DBackpropInput', conv2DBackpropInput(tf), own('Conv2DBackpropInput'));
  put(
    tf,
    'DepthwiseConv2dNativeBackpropFilter',
    depthwiseBackpropFilter(tf),
    own('DepthwiseConv2dNativeBackpropFilter'),
  );
  put(tf, 'DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput(tf), own('DepthwiseConv2dNativeBackpropInput'));
  put(tf, 'UnsortedSegmentSum', unsortedSegmentSum(tf), own('UnsortedSegmentSum'));
  put(tf, 'MaxPoolGrad', maxPoolGrad(tf), own('MaxPoolGrad'));
  put(tf, 'ResizeNearestNeighborGrad', resizeNearestNeighborGrad(tf), own('ResizeNearestNeighborGrad'));
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = own(name);
    if (original) put(tf, name, plainTransposes(tf, original.kernelFunc as unknown as WasmKernelFunc), original);
  }
}
