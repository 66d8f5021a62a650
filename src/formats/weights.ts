/**
 * Weights for the exports and from imported tfjs models: reading weight shards against their
 * manifest (sizes checked before decoding) and setting weights on a compiled model, by name
 * (`conv/kernel`) or in `model.getWeights()` order. tfjs is passed in.
 */
import type { LayersModel, NamedTensorMap, Tensor } from '@tensorflow/tfjs';
import type { TF, TfLayer } from '../nodes';
import type { WeightsManifest } from './kerasModel';
import { oneLine, quote } from './safeJson';
import { isRecord } from './values';
import { canonicalWeightName, findWeight } from './weightNames';

/** Weights to export: tensors in `model.getWeights()` order, or by weight name (`conv/kernel`). */
export type WeightsInput = readonly Tensor[] | NamedTensorMap;

export class WeightsError extends Error {
  override name = 'WeightsError';
}

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

/**
 * Decodes the weights of an imported tfjs model from its shard files (by the manifest's paths;
 * only the file name is compared, so folders do not matter). Throws WeightsError with a one-line
 * message when a shard is missing or its size does not match the manifest.
 */
export function decodeTfjsWeights(
  tf: TF,
  manifest: WeightsManifest,
  shards: ReadonlyMap<string, ArrayBuffer | Uint8Array>,
): NamedTensorMap {
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
  try {
    const decoded = tf.io.decodeWeights(joined.buffer, manifest.flatMap((g) => g.weights) as never);
    const out: NamedTensorMap = {};
    for (const [name, t] of Object.entries(decoded)) out[canonicalWeightName(name)] = t;
    return out;
  } catch (e) {
    throw new WeightsError(`cannot decode the weights: ${oneLine(e instanceof Error ? e.message : String(e))}`);
  }
}

/**
 * Sets `weights` on a compiled model; by name, each weight's shape must match. With the compiled
 * `layers` (by path), names are looked up as `weightNames.ts` says (Keras 3 cell scopes, layers of
 * nested models imported as blocks).
 */
export function applyWeights(model: LayersModel, weights: WeightsInput, layers?: ReadonlyMap<string, TfLayer>): void {
  const vars = model.weights;
  let list: Tensor[];
  if (Array.isArray(weights)) list = [...(weights as readonly Tensor[])];
  else {
    const named = new Map(Object.entries(weights as NamedTensorMap).map(([k, t]) => [canonicalWeightName(k), t]));
    const pathOf = new Map<string, string>();
    for (const [path, layer] of layers ?? []) for (const v of layer.weights) pathOf.set(v.originalName, path);
    const found = vars.map((v) => findWeight(named, pathOf.get(v.originalName) ?? '', v.originalName));
    const missing = vars.filter((_, i) => !found[i]).map((v) => v.originalName);
    if (missing.length)
      throw new WeightsError(
        `no weights given for ${missing.slice(0, 5).map(quote).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
      );
    list = found as Tensor[];
  }
  if (list.length !== vars.length)
    throw new WeightsError(`the model has ${vars.length} weights but ${list.length} were given`);
  vars.forEach((v, i) => {
    const t = list[i] as Tensor;
    if (t.shape.join(',') !== v.shape.join(','))
      throw new WeightsError(`weight ${quote(v.originalName)} has shape [${v.shape}] but [${t.shape}] was given`);
  });
  model.setWeights(list);
}
