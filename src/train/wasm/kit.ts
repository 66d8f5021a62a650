/**
 * A small toolkit for writing wasm kernels out of the wasm backend's own kernels: call a
 * registered kernel on tensor infos, free intermediates, and read or write a tensor's floats in
 * wasm memory. Views of wasm memory are taken only after every output is allocated, because an
 * allocation can grow the memory and detach earlier views.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../../nodes';

export type Attrs = Record<string, unknown>;

/** A kernel as tfjs calls it: inputs by name, the backend, attributes. */
export type WasmKernelFunc = (args: {
  inputs: Record<string, TensorInfo>;
  backend: BackendWasm;
  attrs?: Attrs;
}) => TensorInfo;

export interface WasmKit {
  readonly tf: TF;
  readonly backend: BackendWasm;
  /** Runs the wasm kernel `name` (the one registered when called). */
  run(name: string, inputs: Record<string, TensorInfo>, attrs?: Attrs): TensorInfo;
  /** Frees an intermediate result (one reference). */
  free(...infos: TensorInfo[]): void;
  /** A new float32 tensor of `shape`, filled with zeros. */
  zeros(shape: number[]): TensorInfo;
  /** The floats of a tensor in wasm memory (a view: take it after every allocation). */
  view(info: TensorInfo): Float32Array;
}

/** Builds the kit for a kernel call; `original` maps kernel names to kernels this one replaced. */
export function kit(tf: TF, backend: BackendWasm, original: ReadonlyMap<string, WasmKernelFunc> = new Map()): WasmKit {
  const run: WasmKit['run'] = (name, inputs, attrs = {}) => {
    const func = original.get(name) ?? (tf.getKernel(name, 'wasm')?.kernelFunc as WasmKernelFunc | undefined);
    if (!func) throw new Error(`wasm: no ${name} kernel`);
    return func({ inputs, backend, attrs });
  };
  const view = (info: TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
  return {
    tf,
    backend,
    run,
    free: (...infos) => {
      for (const i of infos) backend.disposeData(i.dataId);
    },
    zeros: (shape) => {
      const out = backend.makeOutput(shape, 'float32');
      view(out).fill(0);
      return out;
    },
    view,
  };
}

/** `[[0,0],[top,bottom],[left,right],[0,0]]`, the explicit padding tfjs's conv kernels take. */
export function explicitPad(top: number, bottom: number, left: number, right: number): number[][] {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/**
 * `dy` ([n, ho, wo, c]) spread out for a stride-1 convolution that computes an input gradient:
 * element (i, j) lands at (i·sh + top, j·sw + left) of a zero tensor [n, height, width, c];
 * elements that would fall outside are dropped (negative paddings crop).
 */
export function spread(
  k: WasmKit,
  dy: TensorInfo,
  strides: readonly [number, number],
  top: number,
  left: number,
  height: number,
  width: number,
): TensorInfo {
  const [n, ho, wo, c] = dy.shape as [number, number, number, number];
  const [sh, sw] = strides;
  const out = k.zeros([n, height, width, c]);
  const src = k.view(dy);
  const dst = k.view(out);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++) {
      const p = i * sh + top;
      if (p < 0 || p >= height) continue;
      for (let j = 0; j < wo; j++) {
        const q = j * sw + left;
        if (q < 0 || q >= width) continue;
        const from = ((b * ho + i) * wo + j) * c;
        dst.set(src.subarray(from, from + c), ((b * height + p) * width + q) * c);
      }
    }
  return out;
}
