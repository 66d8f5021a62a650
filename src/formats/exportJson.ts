/**
 * The JSON exports, produced by tfjs itself from the compiled model:
 * - tfjs layers-model: `model.json` (format "layers-model", Keras-style snake_case topology,
 *   weights manifest) and `weights.bin`, from `model.save(tf.io.withSaveHandler(…))`; loads with
 *   `tf.loadLayersModel` unchanged;
 * - Keras JSON: the Keras 2 `model.to_json()` functional format (class_name "Functional",
 *   `inbound_nodes` lists), from `model.toJSON()` with the few tfjs-specific values made Keras'.
 * Each comes with the fidelity check: the written JSON is read back by tfjs and compared.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { Analysis, SkipwireDoc } from '../compile';
import { compileModel } from '../compile';
import { inferredOpaqueShape, opaqueKerasOf, type TF } from '../nodes';
import { compareModels, type FidelityReport } from './fidelity';
import { compareNested, copyWeightsByName } from './nestedCheck';
import { asSequential, type Nested, nestTopology } from './nestedExport';
import { checkOpaqueReadBack, hasOpaque } from './opaqueCheck';
import { analyzeForExport } from './python';
import { isRecord, sameValue } from './values';
import { type AppliedWeights, applyWeights, type WeightSources } from './weights';

/** The version of the Keras 2 JSON format written (tf.keras 2.x reads it with model_from_json). */
export const KERAS_JSON_VERSION = '2.15.0';

export interface TfjsModelJson {
  readonly format: 'layers-model';
  readonly generatedBy: string;
  readonly convertedBy: string | null;
  readonly modelTopology: Record<string, unknown>;
  readonly weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
}

export interface TfjsExport {
  readonly modelJson: TfjsModelJson;
  readonly weightData: Uint8Array;
  readonly fidelity: FidelityReport;
  readonly applied: AppliedWeights;
}

/**
 * The output shape Skipwire infers for an opaque layer from its class, config and the input shapes
 * it was called with (without batch axes): the shape the file need not state.
 */
function inferredFrom(layer: unknown, kept: NonNullable<ReturnType<typeof opaqueKerasOf>>): unknown {
  const node = (layer as { inboundNodes?: { inputShapes: unknown }[] } | undefined)?.inboundNodes?.[0];
  const shapes = node?.inputShapes;
  if (!Array.isArray(shapes)) return undefined;
  const list = (Array.isArray(shapes[0]) ? shapes : [shapes]) as (number | null)[][];
  return inferredOpaqueShape(
    kept.className,
    kept.config,
    list.map((x) => x.slice(1)),
  );
}

/**
 * Opaque layers' stand-ins (src/nodes/layers/opaque.ts) write their verbatim Keras class and config,
 * and their output shape where Skipwire could not infer it (entered by the user).
 * tfjs 4.22's SeparableConv2D leaves `depth_multiplier` out of its config, so a saved model would
 * reload with depth multiplier 1 and mismatched weights: put it back from the layer itself.
 */
export function fixTfjsTopology(topology: Record<string, unknown>, model: LayersModel): Record<string, unknown> {
  const config = isRecord(topology.config) ? topology.config : undefined;
  if (!config || !Array.isArray(config.layers)) return topology;
  const layers = config.layers.map((l: unknown) => {
    // An opaque layer's stand-in: its Keras class and config exactly as the file had them.
    const kept = isRecord(l) ? opaqueKerasOf(model.layers.find((x) => x.name === l.name)) : undefined;
    if (kept && isRecord(l)) {
      const layer = model.layers.find((x) => x.name === l.name);
      const stated = sameValue(inferredFrom(layer, kept), kept.outputShape.slice(1))
        ? {}
        : { skipwire_output_shape: kept.outputShape };
      // A shared one whose calls give different shapes (a Lambda on other inputs): each call's.
      const calls = kept.callShapes ?? [];
      const perCall = calls.some((c) => !sameValue(c, calls[0])) ? { skipwire_call_output_shapes: calls } : {};
      return { ...l, class_name: kept.className, config: kept.config, ...stated, ...perCall };
    }
    if (!isRecord(l) || l.class_name !== 'SeparableConv2D' || !isRecord(l.config)) return l;
    const layer = model.layers.find((x) => x.name === l.name) as { depthMultiplier?: number } | undefined;
    return { ...l, config: { ...l.config, depth_multiplier: layer?.depthMultiplier ?? 1 } };
  });
  return { ...topology, config: { ...config, layers } };
}

/**
 * Compiles the document and gives it the weights the rule picks (`weights.ts`). The caller disposes
 * it. `standIns`: opaque layers build as stand-ins carrying their Keras config (the Keras exports);
 * without it they are refused, naming the node (the tfjs export: tfjs could not load the file).
 */
export function exportableModel(
  tf: TF,
  doc: SkipwireDoc,
  sources: WeightSources = {},
  standIns = false,
): { model: LayersModel; applied: AppliedWeights; analysis: Analysis } {
  const { model, layers, analysis } = compileModel(tf, doc, analyzeForExport(doc), { standIns });
  return { model, applied: applyWeights(tf, layers, sources), analysis };
}

async function saveArtifacts(tf: TF, model: LayersModel) {
  let captured: import('@tensorflow/tfjs').io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('tfjs saved nothing');
  return captured;
}

/**
 * tfjs 4.22 reads regularizers of its one class, L1L2, only: a model.json writes Keras' L1 and L2
 * (src/nodes/penalties.ts) as the L1L2 with the same factors, which tfjs gives them.
 */
export function tfjsRegularizers(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(tfjsRegularizers);
  if (!isRecord(v)) return v;
  if ((v.class_name === 'L1' || v.class_name === 'L2') && isRecord(v.config) && Object.keys(v).length === 2)
    return { class_name: 'L1L2', config: { l1: v.config.l1 ?? 0, l2: v.config.l2 ?? 0 } };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tfjsRegularizers(x)]));
}

/** tfjs layers-model export: `model.json` + `weights.bin`, checked by reloading them with tfjs. */
export async function exportTfjs(
  tf: TF,
  doc: SkipwireDoc,
  options: { weights?: WeightSources; weightsPath?: string } = {},
): Promise<TfjsExport> {
  const { model, applied, analysis } = exportableModel(tf, doc, options.weights);
  try {
    const a = await saveArtifacts(tf, model);
    const data = a.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(a.weightData)) : new Uint8Array();
    const flat = fixTfjsTopology(a.modelTopology as Record<string, unknown>, model);
    const specs = (a.weightSpecs ?? []) as TfjsModelJson['weightsManifest'][0]['weights'];
    // Blocks that came from nested models are written as nested models again, their weights as tfjs names them.
    const nested = nestTopology(
      doc,
      analysis,
      flat,
      specs.map((w) => w.name),
      'tfjs',
    );
    const modelJson: TfjsModelJson = {
      format: 'layers-model',
      generatedBy: a.generatedBy ?? 'TensorFlow.js',
      convertedBy: a.convertedBy ?? null,
      modelTopology: tfjsRegularizers(asSequential(nested?.topology ?? flat, doc, 'tfjs')) as Record<string, unknown>,
      weightsManifest: [
        {
          paths: [options.weightsPath ?? 'weights.bin'],
          weights: nested ? specs.map((w) => ({ ...w, name: nested.weightNames.get(w.name) ?? w.name })) : specs,
        },
      ],
    };
    const fidelity = await checkTfjsExport(tf, model, JSON.stringify(modelJson), data, nested);
    return { modelJson, weightData: data, fidelity, applied };
  } finally {
    model.dispose();
  }
}

/** Reads an exported model.json text and weights back with tfjs and compares them with `reference`. */
export async function checkTfjsExport(
  tf: TF,
  reference: LayersModel,
  modelJsonText: string,
  weightData: Uint8Array,
  nested?: Nested,
): Promise<FidelityReport> {
  const json = JSON.parse(modelJsonText) as TfjsModelJson;
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength);
  const loaded = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights) as never,
      weightData: buffer as ArrayBuffer,
    }),
  );
  try {
    if (nested) return compareNested(tf, reference, loaded, nested.weightNames, { weights: true });
    return compareModels(tf, reference, loaded, { weights: true });
  } finally {
    loaded.dispose();
  }
}

/** One layer entry of tfjs' `toJSON()` as tf.keras writes it (a wrapped layer's own config too). */
function kerasLayer(l: unknown): unknown {
  if (!isRecord(l) || !isRecord(l.config)) return l;
  // A nested model's own layers.
  if (Array.isArray(l.config.layers)) return { ...l, config: { ...l.config, layers: l.config.layers.map(kerasLayer) } };
  if (isRecord(l.config.layer)) return { ...l, config: { ...l.config, layer: kerasLayer(l.config.layer) } };
  if (l.class_name !== 'LSTM' && l.class_name !== 'GRU') return l;
  // tfjs writes implementation null, which tf.keras does not accept; 2 is its default.
  return { ...l, config: { ...l.config, implementation: l.config.implementation ?? 2 } };
}

/** tfjs' own `toJSON()` made into a Keras 2 `to_json()`: class name, versions, recurrent defaults. */
export function toKerasJson(topology: Record<string, unknown>): Record<string, unknown> {
  const config = isRecord(topology.config) ? topology.config : {};
  const layers = Array.isArray(config.layers) ? config.layers : [];
  return {
    class_name: topology.class_name === 'Model' ? 'Functional' : topology.class_name,
    config: {
      ...config,
      layers: layers.map(kerasLayer),
    },
    keras_version: KERAS_JSON_VERSION,
    backend: 'tensorflow',
  };
}

/** Keras 2 JSON export (topology only), checked by reading it back with tfjs. */
export async function exportKerasJson(
  tf: TF,
  doc: SkipwireDoc,
  options: { weights?: WeightSources } = {},
): Promise<{ json: Record<string, unknown>; fidelity: FidelityReport }> {
  const { model, analysis } = exportableModel(tf, doc, options.weights, true);
  try {
    const flat = fixTfjsTopology(model.toJSON(null, false) as Record<string, unknown>, model);
    const nested = nestTopology(
      doc,
      analysis,
      flat,
      model.weights.map((w) => w.originalName),
      'keras',
    );
    const json = toKerasJson(asSequential(nested?.topology ?? flat, doc, 'keras'));
    const fidelity = hasOpaque(model)
      ? await checkOpaqueReadBack(tf, model, (await import('./importModel')).importModelText(JSON.stringify(json)))
      : await checkKerasJsonExport(tf, model, JSON.stringify(json), nested);
    return { json, fidelity };
  } finally {
    model.dispose();
  }
}

/** Reads a Keras JSON text with tfjs, gives it `reference`'s weights, and compares the two. */
export async function checkKerasJsonExport(
  tf: TF,
  reference: LayersModel,
  text: string,
  nested?: Nested,
): Promise<FidelityReport> {
  const loaded = await tf.models.modelFromJSON({ modelTopology: JSON.parse(text) });
  try {
    if (nested) {
      const missing = copyWeightsByName(reference, loaded, nested.weightNames);
      return compareNested(tf, reference, loaded, nested.weightNames, { weights: missing.length === 0 });
    }
    const shapes = (m: LayersModel) => m.weights.map((w) => w.shape.join('x')).join();
    if (shapes(loaded) !== shapes(reference)) return compareModels(tf, reference, loaded, { predictions: false });
    loaded.setWeights(reference.getWeights());
    return compareModels(tf, reference, loaded);
  } finally {
    loaded.dispose();
  }
}
