/**
 * UnsortedSegmentSum on wasm, which the gradient of a gather (an Embedding layer) needs: the rows
 * of x added into the rows of the output named by segmentIds. A plain loop over wasm memory
 * (it moves as many numbers as the gradient has, so there is nothing to gain from XNNPACK).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TF } from '../../nodes';
import { type Attrs, kit } from './kit';

type Args = { inputs: Record<string, TensorInfo>; backend: BackendWasm; attrs?: Attrs };

export function unsortedSegmentSum(tf: TF) {
  return ({ inputs, backend, attrs = {} }: Args): TensorInfo => {
    const k = kit(tf, backend);
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const segments = attrs.numSegments as number;
    const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
    const inner = x.shape.slice(segmentIds.shape.length);
    const width = inner.reduce((a, b) => a * b, 1);
    if (x.dtype !== 'float32') throw new Error(`wasm: UnsortedSegmentSum takes float32, not ${x.dtype}`);
    const out = k.zeros([segments, ...inner]);
    const src = k.view(x);
    const ids = backend.typedArrayFromHeap(segmentIds);
    const dst = k.view(out);
    for (let r = 0; r < rows; r++) {
      const s = ids[r] as number;
      if (s < 0 || s >= segments) continue;
      for (let j = 0, a = r * width, b = s * width; j < width; j++)
        dst[b + j] = (dst[b + j] as number) + (src[a + j] as number);
    }
    return out;
  };
}
