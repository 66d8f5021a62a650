/**
 * The fidelity check of an export that nests models again (nestedExport.ts): the file read back by
 * tfjs holds nested models, so its layers are compared level by level flattened (the classes of
 * every layer inside), its weights by their nested names (tfjs lists a nested model's trainable
 * weights before its non-trainable ones, so the order differs from the flat model's), its
 * parameter count, output shapes, and its predictions with the same weights.
 */
import type { LayersModel, LayerVariable } from '@tensorflow/tfjs';
import type { TF } from '../nodes';
import { type FidelityReport, finishReport } from './fidelity';

type AnyLayer = LayersModel['layers'][number];
const isModel = (l: AnyLayer): l is LayersModel => Array.isArray((l as { layers?: unknown }).layers);

/** The classes of every layer, nested models looked into (InputLayers left out), counted. */
export function leafClasses(model: LayersModel): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (layers: readonly AnyLayer[]) => {
    for (const l of layers) {
      if (isModel(l)) visit(l.layers);
      else if (l.getClassName() !== 'InputLayer') out.set(l.getClassName(), (out.get(l.getClassName()) ?? 0) + 1);
    }
  };
  visit(model.layers);
  return out;
}

/** The candidate's weight for each of the reference's, by its nested name (undefined where none). */
function matchWeights(
  reference: LayersModel,
  candidate: LayersModel,
  names: ReadonlyMap<string, string>,
): (LayerVariable | undefined)[] {
  const byName = new Map(candidate.weights.map((w) => [w.originalName, w]));
  return reference.weights.map((w) => byName.get(names.get(w.originalName) ?? w.originalName));
}

/** Gives `candidate` the reference's weights, matched by name (a Keras JSON read back has fresh ones). */
export function copyWeightsByName(
  reference: LayersModel,
  candidate: LayersModel,
  names: ReadonlyMap<string, string>,
): string[] {
  const matched = matchWeights(reference, candidate, names);
  const missing = reference.weights.filter((_, i) => !matched[i]).map((w) => w.originalName);
  if (missing.length) return missing;
  const values = new Map(matched.map((c, i) => [c as LayerVariable, reference.weights[i] as LayerVariable]));
  candidate.setWeights(candidate.weights.map((c) => (values.get(c) ?? c).read()));
  return [];
}

/** Compares the nested read-back `candidate` with the flat `reference`; see the module comment. */
export function compareNested(
  tf: TF,
  reference: LayersModel,
  candidate: LayersModel,
  names: ReadonlyMap<string, string>,
  { weights = false }: { weights?: boolean } = {},
): FidelityReport {
  const differences: string[] = [];
  const done = ['topology (nested models flattened)'];
  const a = leafClasses(reference);
  const b = leafClasses(candidate);
  for (const cls of new Set([...a.keys(), ...b.keys()]))
    if ((a.get(cls) ?? 0) !== (b.get(cls) ?? 0))
      differences.push(`${b.get(cls) ?? 0} ${cls} layers instead of ${a.get(cls) ?? 0}`);
  const shapes = (m: LayersModel) => m.outputs.map((t) => JSON.stringify(t.shape)).join(' ');
  if (shapes(reference) !== shapes(candidate))
    differences.push(`output shapes are ${shapes(candidate)} instead of ${shapes(reference)}`);
  const params = reference.countParams();
  if (params !== candidate.countParams())
    differences.push(`${candidate.countParams()} parameters instead of ${params}`);
  const matched = matchWeights(reference, candidate, names);
  reference.weights.forEach((w, i) => {
    const c = matched[i];
    if (!c) differences.push(`weight "${names.get(w.originalName) ?? w.originalName}" is missing`);
    else if (c.trainable !== w.trainable)
      differences.push(`weight "${c.originalName}" is ${c.trainable ? '' : 'not '}trainable`);
  });
  if (weights && differences.length === 0) {
    reference.weights.forEach((w, i) => {
      // tfjs projects a constrained weight (MaxNorm, NonNeg, …) as it loads it: compare with the projection.
      const projected = w.constraint && w.trainable ? w.constraint.apply(w.read()) : undefined;
      const x = (projected ?? w.read()).dataSync();
      projected?.dispose();
      const y = (matched[i] as LayerVariable).read().dataSync();
      const same = x.length === y.length && x.every((v, k) => Object.is(v, y[k]));
      if (!same) differences.push(`weight "${w.originalName}" differs from the one written`);
    });
    done.push(`${reference.weights.length} weights byte for byte`);
  }
  return finishReport(tf, reference, candidate, differences, done);
}
