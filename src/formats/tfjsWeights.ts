/**
 * The weight shards of an imported tfjs `model.json`, read against its manifest (sizes checked
 * before decoding) into the plain weights of `weights.ts`, grouped by layer name
 * (`conv/kernel` → layer `conv`). tfjs is passed in.
 */
import type { TF } from '../nodes';
import type { WeightsManifest } from './kerasModel';
import { oneLine, quote } from './safeJson';
import { isRecord } from './values';
import { type WeightSet, WeightsError, weightSetOfNamed } from './weights';

const BYTES: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Bytes one weight takes in a shard, or undefined when it cannot be known (strings). */
function specBytes(spec: WeightsManifest[number]['weights'][number]): number | undefined {
  const q =
    isRecord(spec.quantization) && typeof spec.quantization.dtype === 'string' ? spec.quantization.dtype : undefined;
  const per = BYTES[q ?? spec.dtype];
  return per === undefined ? undefined : spec.shape.reduce((n, d) => n * d, 1) * per;
}

/** `dense/kernel` → `dense`; a name without a slash is its own layer. */
export const layerOfWeight = (name: string): string => {
  const cut = name.lastIndexOf('/');
  return cut > 0 ? name.slice(0, cut) : name;
};

/**
 * Decodes the weights of an imported tfjs model from its shard files (by the manifest's paths;
 * only the file name is compared, so folders do not matter), by layer name. Throws WeightsError
 * with a one-line message when a shard is missing or its size does not match the manifest.
 */
export function decodeTfjsWeights(
  tf: TF,
  manifest: WeightsManifest,
  shards: ReadonlyMap<string, ArrayBuffer | Uint8Array>,
): WeightSet {
  const byFile = new Map([...shards].map(([p, b]) => [p.split(/[\\/]/).pop() as string, b]));
  const buffers: Uint8Array[] = [];
  let expected = 0;
  for (const group of manifest) {
    for (const spec of group.weights) {
      const n = specBytes(spec);
      if (n === undefined)
        throw new WeightsError(`weight ${quote(spec.name)} has dtype ${spec.dtype}, which cannot be imported`);
      expected += n;
    }
    for (const path of group.paths) {
      const b = byFile.get(path.split(/[\\/]/).pop() as string);
      if (!b) throw new WeightsError(`missing weights file ${quote(path)}`);
      buffers.push(b instanceof Uint8Array ? b : new Uint8Array(b));
    }
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  if (total !== expected)
    throw new WeightsError(
      `the weights files hold ${total.toLocaleString('en-US')} bytes but the manifest needs ${expected.toLocaleString('en-US')}; a file may be truncated`,
    );
  const joined = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    joined.set(b, at);
    at += b.byteLength;
  }
  let named: ReturnType<TF['io']['decodeWeights']>;
  try {
    named = tf.io.decodeWeights(joined.buffer, manifest.flatMap((g) => g.weights) as never);
  } catch (e) {
    throw new WeightsError(`cannot decode the weights: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
  // The manifest's order is the model's weight order, so each layer's weights stay in order.
  const ordered: Record<string, (typeof named)[string]> = {};
  for (const spec of manifest.flatMap((g) => g.weights)) {
    const t = named[spec.name];
    if (t) ordered[spec.name] = t;
  }
  const out = weightSetOfNamed(ordered);
  tf.dispose(Object.values(named));
  return out;
}
