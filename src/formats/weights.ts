/**
 * The one home of model weights, for the trainer, the editor's exports and the CLI alike.
 *
 * - One plain type: `PlainWeight` (shape + float32 values, no tensor to dispose, can be posted to
 *   a worker), grouped per layer in a `WeightSet` keyed by the layer's path in the document
 *   (`apes_block1/conv_1x1`, the keys of `compileModel`'s `layers` map), each layer's weights in
 *   tfjs' own order (which is Keras' order too).
 * - One rule: every layer takes the trained weights when they fit it (same path, same count and
 *   shapes), else the imported ones when they fit, else keeps its fresh initialisation.
 *
 * tfjs is passed in; nothing here loads it.
 */

import type { MovedNodes, SkipwireDoc } from '../compile';
import { analyze, BLOCK_TYPE, movedPath } from '../compile';
import type { TF, TfLayer } from '../nodes';
import { canonicalWeightName } from './weightNames';

export interface PlainWeight {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** Weights by layer path, in each layer's own order. */
export type WeightSet = Readonly<Record<string, readonly PlainWeight[]>>;

/** Where an export's or a run's weights come from; the rule picks per layer. */
export interface WeightSources {
  /** The Training panel's (or `skipwire train`'s) weights. */
  readonly trained?: WeightSet | undefined;
  /** The weights that came with an imported model file. */
  readonly imported?: WeightSet | undefined;
}

export class WeightsError extends Error {
  override name = 'WeightsError';
}

/** Copies every layer's weights out of a compiled model (no tensor is left behind). */
export async function readWeights(layers: ReadonlyMap<string, TfLayer>): Promise<WeightSet> {
  const out: Record<string, PlainWeight[]> = {};
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

const sameShape = (a: readonly number[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Whether saved weights fit a built layer: same count, same shapes, in order. */
export function fits(layer: TfLayer, saved: readonly PlainWeight[] | undefined): saved is readonly PlainWeight[] {
  const current = layer.weights;
  return (
    saved !== undefined &&
    saved.length === current.length &&
    saved.every((w, i) => sameShape(w.shape, current[i]?.shape ?? []))
  );
}

export interface AppliedWeights {
  /** Layers that took trained weights. */
  readonly kept: readonly string[];
  /** Layers that took imported weights. */
  readonly imported: readonly string[];
  /** Layers with weights that kept their fresh initialisation (new, or changed shapes). */
  readonly fresh: readonly string[];
}

/** The rule: per layer, trained weights if they fit, else imported ones if they fit, else fresh. */
export function applyWeights(tf: TF, layers: ReadonlyMap<string, TfLayer>, sources: WeightSources): AppliedWeights {
  const kept: string[] = [];
  const imported: string[] = [];
  const fresh: string[] = [];
  for (const [path, layer] of layers) {
    if (!layer.weights.length) continue;
    const trained = sources.trained?.[path];
    const saved = fits(layer, trained) ? trained : sources.imported?.[path];
    if (!fits(layer, saved)) {
      // Fresh weights go through their constraints (MaxNorm, NonNeg, …) as set and loaded ones do.
      tf.tidy(() => {
        for (const w of layer.weights) if (w.constraint) w.write(tf.clone(w.read()));
      });
      fresh.push(path);
      continue;
    }
    tf.tidy(() => layer.setWeights(saved.map((w) => tf.tensor(w.values, [...w.shape], 'float32'))));
    (saved === trained ? kept : imported).push(path);
  }
  return { kept, imported, fresh };
}

const FRESH = 'Initial (untrained) weights: train the model in the Training panel to export trained weights.';
const layersWord = (n: number) => `${n} layer${n === 1 ? '' : 's'}`;

/** What `applyWeights` did, in one sentence for the Export menu and the CLI. */
export function describeWeights(applied: AppliedWeights, sources: WeightSources): string {
  const { kept, imported, fresh } = applied;
  const total = kept.length + imported.length + fresh.length;
  if (!kept.length && !imported.length) {
    if (sources.trained)
      return 'Initial weights: the trained weights no longer fit this model (train it again to export trained weights).';
    if (sources.imported) return 'Initial weights: the imported weights no longer fit this model.';
    return FRESH;
  }
  const parts = [
    kept.length ? `Trained weights${kept.length === total ? '' : ` for ${kept.length} of ${total} layers`}` : '',
    imported.length
      ? `${kept.length ? 'imported' : 'Imported'} weights${imported.length === total ? '' : ` for ${imported.length} of ${total} layers`}`
      : '',
  ].filter(Boolean);
  const tail = fresh.length
    ? `; ${layersWord(fresh.length).replace(' layer', ' changed layer')} ${fresh.length === 1 ? 'keeps' : 'keep'} initial weights`
    : '';
  return `${parts.join(', ')}${tail}.`;
}

/**
 * Every node's layer path and name in `doc`, read from its structure alone (block instances
 * walked into their definitions): what the analysis lists when the model is complete, and also
 * the layers past one it cannot size yet (an opaque layer whose output shape is to be entered).
 */
function structuralLayers(doc: SkipwireDoc): { path: string; name: string }[] {
  const out: { path: string; name: string }[] = [];
  const walk = (nodes: SkipwireDoc['nodes'], prefix: string, depth: number) => {
    for (const n of nodes) {
      const path = `${prefix}${n.id}`;
      const def = n.type === BLOCK_TYPE ? doc.blocks.find((b) => b.id === n.block) : undefined;
      if (def && depth < 32) walk(def.nodes, `${path}/`, depth + 1);
      else if (!def) out.push({ path, name: prefix ? n.id : n.name });
    }
  };
  walk(doc.nodes, '', 0);
  return out;
}

/**
 * Weights read by layer *name* (an imported file's `dense/kernel`, a Keras file's `dense` group)
 * → the same weights by layer path in `doc` (the imported document names every node after its
 * Keras layer). Layers the document does not have are dropped.
 */
export function byPath(doc: SkipwireDoc, byName: WeightSet): WeightSet {
  const out: Record<string, readonly PlainWeight[]> = {};
  for (const l of analyze(doc).layers) {
    // The compiled name first; then the node id, which the importer sets to the file's layer
    // name (the layers of a nested model imported as a block: `Conv1`, compiled `seq_1_Conv1`).
    const id = l.path.slice(l.path.lastIndexOf('/') + 1);
    const key = Object.hasOwn(byName, l.name) ? l.name : Object.hasOwn(byName, id) ? id : undefined;
    const w = key === undefined ? undefined : byName[key];
    if (w) out[l.path] = w;
  }
  // Layers the analysis does not list (it lists none while a shape is still to be entered) keep
  // their weights by their place in the graph; they land once the model is complete.
  for (const l of structuralLayers(doc))
    if (!Object.hasOwn(out, l.path) && Object.hasOwn(byName, l.name)) out[l.path] = byName[l.name] as PlainWeight[];
  return out;
}

const BIDIRECTIONAL = /^(.+)\/(?:forward|backward)_[^/]+\/[^/]+$/;

/**
 * Tensors by weight name as files write them (`dense/kernel:0`, `lstm_2/lstm_cell/kernel`) →
 * plain weights by layer name, names made canonical by `weightNames.ts`; each layer's weights
 * stay in the order given.
 */
export function weightSetOfNamed(
  named: Readonly<Record<string, { readonly shape: readonly number[]; dataSync(): ArrayLike<number> }>>,
): WeightSet {
  const out: Record<string, PlainWeight[]> = {};
  for (const [name, t] of Object.entries(named)) {
    const canonical = canonicalWeightName(name);
    const cut = canonical.lastIndexOf('/');
    // A Bidirectional's `bi/forward_lstm/kernel` and `bi/backward_lstm/kernel` are layer `bi`'s.
    const layer = BIDIRECTIONAL.exec(canonical)?.[1] ?? (cut > 0 ? canonical.slice(0, cut) : canonical);
    const list = out[layer] ?? [];
    list.push({ shape: [...t.shape], values: Float32Array.from(t.dataSync()) });
    out[layer] = list;
  }
  return out;
}

/** Every weight of a set, counted (for "with its 12 weights" messages and tests). */
export const countWeights = (set: WeightSet): number => Object.values(set).reduce((n, ws) => n + ws.length, 0);

/**
 * Weights by layer path in `before`, at their paths once its repeats were grouped into blocks
 * (`groupRepeats`' `moved`): `block_2_expand` → `block_2/expand`. Only moved layers are listed.
 */
export function movedWeights(before: SkipwireDoc, moved: MovedNodes, set: WeightSet): WeightSet {
  const out: Record<string, readonly PlainWeight[]> = {};
  for (const [path, ws] of Object.entries(set)) {
    const to = movedPath(before, moved, path);
    if (to !== path) out[to] = ws;
  }
  return out;
}
