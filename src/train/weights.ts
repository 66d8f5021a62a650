/**
 * Weights keyed by flattened layer path (`apes_block1/conv_1x1`), the keys of `compileModel`'s
 * `layers` map. After an edit the model is compiled again and `applyWeights` gives back to every
 * unchanged layer — same path, same weight shapes — the weights it had.
 */
import type { TF, TfLayer } from '../nodes';

export interface LayerWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Weights by layer path, in each layer's own order. Plain data: it can be posted to a worker. */
export type WeightSnapshot = Readonly<Record<string, readonly LayerWeight[]>>;

/** Copies every layer's weights out of the model. */
export async function getWeights(layers: ReadonlyMap<string, TfLayer>): Promise<WeightSnapshot> {
  const out: Record<string, LayerWeight[]> = {};
  for (const [path, layer] of layers) {
    // getWeights returns the variables themselves: read them, never dispose them.
    const ws = layer.getWeights();
    if (!ws.length) continue;
    out[path] = await Promise.all(
      ws.map(async (w) => ({ shape: [...w.shape], values: Float32Array.from(await w.data()) })),
    );
  }
  return out;
}

export interface AppliedWeights {
  /** Layers that took their weights from the snapshot. */
  readonly kept: readonly string[];
  /** Layers with weights that kept their fresh initialisation (new, or changed shapes). */
  readonly fresh: readonly string[];
}

const sameShape = (a: readonly number[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Sets the weights of every layer whose path and weight shapes match the snapshot. */
export function applyWeights(tf: TF, layers: ReadonlyMap<string, TfLayer>, snapshot: WeightSnapshot): AppliedWeights {
  const kept: string[] = [];
  const fresh: string[] = [];
  for (const [path, layer] of layers) {
    const current = layer.weights;
    if (!current.length) continue;
    const saved = snapshot[path];
    const fits =
      saved !== undefined &&
      saved.length === current.length &&
      saved.every((w, i) => sameShape(w.shape, current[i]?.shape ?? []));
    if (!fits) {
      fresh.push(path);
      continue;
    }
    tf.tidy(() => layer.setWeights(saved.map((w) => tf.tensor(w.values, [...w.shape], 'float32'))));
    kept.push(path);
  }
  return { kept, fresh };
}
