/**
 * Which weights an export carries: the trained ones (from the Training panel's session), else
 * the ones imported with the model, else tfjs' fresh initialization. Loaded with tfjs, only when
 * exporting. Each layer takes saved weights only when its path (trained) or weight names
 * (imported) and shapes still match, so a model edited after training exports what still fits.
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { SkipwireDoc } from '../../compile';
import { analyze, compileModel } from '../../compile';
import { findWeight } from '../../formats/weightNames';
import type { TF } from '../../nodes';
import { applyWeights as applySnapshot, type WeightSnapshot } from '../../train/weights';
import type { NamedWeights, PlainWeight } from './importedWeights';

export interface ResolvedWeights {
  /** In `model.getWeights()` order; undefined for fresh weights. */
  readonly weights?: Tensor[];
  /** What the export carries, in words. */
  readonly note: string;
  dispose(): void;
}

const FRESH = 'Initial (untrained) weights: train the model in the Training panel to export trained weights.';

const partly = (what: string, kept: number, fresh: number) =>
  fresh === 0
    ? `${what} weights.`
    : `${what} weights for ${kept} of ${kept + fresh} layers; ${fresh} changed layer${fresh === 1 ? '' : 's'} keep initial weights.`;

const sameShape = (a: readonly number[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

export function resolveWeights(
  tf: TF,
  doc: SkipwireDoc,
  trained: WeightSnapshot | undefined,
  imported: NamedWeights | undefined,
): ResolvedWeights {
  const none: ResolvedWeights = { note: FRESH, dispose() {} };
  if (!trained && !imported) return none;
  const analysis = analyze(doc);
  // An invalid model: the export itself reports the error.
  if (!analysis.ok) return none;
  const compiled = compileModel(tf, doc, analysis);
  const done = (note: string): ResolvedWeights => ({
    weights: compiled.model.getWeights(),
    note,
    dispose: () => compiled.model.dispose(),
  });
  if (trained) {
    const { kept, fresh } = applySnapshot(tf, compiled.layers, trained);
    if (kept.length) return done(partly('Trained', kept.length, fresh.length));
  }
  if (imported) {
    let kept = 0;
    let fresh = 0;
    for (const [path, layer] of compiled.layers) {
      const vars = layer.weights;
      if (!vars.length) continue;
      const saved = vars.map((v) => findWeight(imported, path, v.originalName));
      if (saved.every((w, i) => w && sameShape(w.shape, vars[i]?.shape ?? []))) {
        const plain = saved as PlainWeight[];
        tf.tidy(() => layer.setWeights(plain.map((w) => tf.tensor(w.values, [...w.shape]))));
        kept++;
      } else fresh++;
    }
    if (kept) return done(partly('Imported', kept, fresh));
  }
  compiled.model.dispose();
  return {
    note: trained
      ? 'Initial weights: the trained weights no longer fit this model (train it again to export trained weights).'
      : 'Initial weights: the imported weights no longer fit this model.',
    dispose() {},
  };
}
