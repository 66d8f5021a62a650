/**
 * The fidelity check of a Keras export that holds opaque layers (Lambda, custom classes; see
 * src/nodes/layers/opaque.ts). tfjs cannot load such a file, nor run those layers, so the written
 * file is read back by Skipwire's own importer and compared with the model that wrote it: topology,
 * parameter count, and each opaque layer's Keras class and config, which must come back unchanged.
 * Predictions are not compared, and the report says so.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { SkipwireDoc } from '../compile';
import { opaqueKerasOf, type TF } from '../nodes';
import { compareModels, type FidelityReport } from './fidelity';
import { applyWeights, type WeightSet } from './weights';

/** True when the compiled model holds stand-ins for opaque layers. */
export const hasOpaque = (model: LayersModel): boolean => model.layers.some((l) => opaqueKerasOf(l) !== undefined);

const NOT_RUN = 'predictions not compared (opaque layers cannot run in tfjs)';

/** Differences between the opaque layers' verbatim Keras classes and configs of two models. */
export function opaqueDifferences(reference: LayersModel, candidate: LayersModel): string[] {
  const out: string[] = [];
  for (const l of reference.layers) {
    const a = opaqueKerasOf(l);
    if (!a) continue;
    const c = candidate.layers.find((x) => x.name === l.name);
    const b = c && opaqueKerasOf(c);
    if (!b) out.push(`opaque layer "${l.name}" (${a.className}) did not come back as one`);
    else if (b.className !== a.className)
      out.push(`opaque layer "${l.name}" is a ${b.className}, not a ${a.className}`);
    else if (JSON.stringify(b.config) !== JSON.stringify(a.config))
      out.push(`the Keras config of opaque layer "${l.name}" (${a.className}) changed`);
  }
  return out;
}

/** Compares a document read back from a written file with the model that wrote it (see the module comment). */
export async function checkOpaqueReadBack(
  tf: TF,
  reference: LayersModel,
  back: { ok: true; doc: SkipwireDoc; weights?: WeightSet } | { ok: false; error: string },
): Promise<FidelityReport> {
  if (!back.ok)
    return {
      pass: false,
      differences: [`the written file cannot be read back: ${back.error}`],
      layers: reference.layers.length,
      params: reference.countParams(),
      checked: 'nothing (the file could not be read back)',
    };
  const { compileModel } = await import('../compile');
  const { model, layers } = compileModel(tf, back.doc, undefined, { standIns: true });
  try {
    // A file with weights (.keras, .h5) must give every layer its weights back, byte for byte.
    const fresh = back.weights ? applyWeights(tf, layers, { imported: back.weights }).fresh : [];
    const report = compareModels(tf, reference, model, { predictions: false, weights: back.weights !== undefined });
    const differences = [
      ...report.differences,
      ...opaqueDifferences(reference, model),
      ...(fresh.length ? [`layers without their weights after reading back: ${fresh.slice(0, 5).join(', ')}`] : []),
    ];
    return {
      ...report,
      pass: differences.length === 0,
      differences,
      checked: `${report.checked}, opaque layers' Keras configs (read back by Skipwire's importer), ${NOT_RUN}`,
    };
  } finally {
    model.dispose();
  }
}
