/**
 * The compiler: a clean document → a tfjs `LayersModel`, built with `tf.input`, `layer.apply`
 * and `tf.model` exactly as a person would write it by hand (no extra layers or ops). Block
 * instances are expanded, their layers named `<instance>_<layer>`. tfjs is passed in, so this
 * module loads without it.
 */
import type { SymbolicTensor } from '@tensorflow/tfjs';
import type { TF, TfLayer } from '../nodes';
import type { Analysis } from './analysis';
import { analyze } from './analyze';
import type { Diagnostic } from './diagnostics';
import type { SkipwireDoc } from './document';
import { installFastOrthogonal } from './orthogonal';
import { installStepGradients } from './stepGradients';

export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(
      errors.length
        ? `The model has ${errors.length} error${errors.length === 1 ? '' : 's'}: ${errors[0]?.message}`
        : 'The model has no output layer.',
    );
    this.name = 'CompileError';
  }
}

export interface Compiled {
  readonly model: import('@tensorflow/tfjs').LayersModel;
  /** The tfjs layer built for each flattened layer path (`apes_1/add`); a shared layer under its owner's only. */
  readonly layers: ReadonlyMap<string, TfLayer>;
  readonly analysis: Analysis;
}

export interface CompileOptions {
  /**
   * Build opaque layers (Lambda, custom classes) as stand-ins that carry their Keras config, for the
   * exports that only write configs. Without it such a layer is refused: tfjs cannot run it.
   */
  readonly standIns?: boolean;
}

/** An error per layer tfjs cannot run (an opaque layer), at its node, saying what to do instead. */
export function cannotRun(analysis: Analysis): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const l of analysis.layers) {
    const why = l.def.cannotRun?.(l.params);
    if (why === undefined) continue;
    const [nodeId, ...inner] = l.path.split('/');
    out.push({
      nodeId: nodeId as string,
      ...(inner.length ? { path: l.path.split('/') } : {}),
      severity: 'error',
      message: `layer "${l.name}" blocks training and the tfjs export: ${why}. Keras JSON, .keras, .h5 and Python exports keep it.`,
    });
  }
  return out;
}

/**
 * Compiles a document. Throws `CompileError` (carrying the diagnostics) when the analysis found
 * an error; with a clean analysis, building is expected to succeed.
 */
export function compileModel(
  tf: TF,
  doc: SkipwireDoc,
  analysis: Analysis = analyze(doc),
  options: CompileOptions = {},
): Compiled {
  if (!analysis.ok) throw new CompileError(analysis.diagnostics);
  if (!options.standIns) {
    const blocked = cannotRun(analysis);
    if (blocked.length) throw new CompileError(blocked);
  }
  installFastOrthogonal(tf);
  installStepGradients(tf);
  const tensors = new Map<string, SymbolicTensor>();
  const layers = new Map<string, TfLayer>();
  const byPath = new Map(analysis.layers.map((l) => [l.path, l]));
  for (const l of analysis.layers) {
    if (l.def.inputs.max === 0) {
      const shape = l.params.shape as number[];
      const batch = l.params.batchSize as number | null | undefined;
      const t = tf.input(batch == null ? { shape, name: l.name } : { batchShape: [batch, ...shape], name: l.name });
      tensors.set(l.path, t);
      layers.set(l.path, t.sourceLayer as TfLayer);
      continue;
    }
    // A shared layer is built once, under its owner's path and name, and called at every place.
    const key = l.sharedWith ?? l.path;
    let layer = layers.get(key);
    if (!layer) {
      const owner = l.sharedWith === undefined ? l : (byPath.get(l.sharedWith) ?? l);
      layer = owner.def.build(tf, l.buildParams, owner.name);
      if (!owner.trainable) layer.trainable = false;
      layers.set(key, layer);
    }
    const inputs = l.inputs.map((p) => tensors.get(p) as SymbolicTensor);
    const out = l.def.apply
      ? l.def.apply(layer, inputs, l.buildParams)
      : (layer.apply(l.def.inputs.max === 1 ? (inputs[0] as SymbolicTensor) : inputs) as SymbolicTensor);
    // A layer with states (return_state) gives [output, ...states]; wires name a state `path:port`.
    if (!Array.isArray(out)) tensors.set(l.path, out);
    else for (const [port, t] of out.entries()) tensors.set(port ? `${l.path}:${port}` : l.path, t);
  }
  const model = tf.model({
    inputs: analysis.inputs.map((p) => tensors.get(p) as SymbolicTensor),
    outputs: analysis.outputs.map((p) => tensors.get(p) as SymbolicTensor),
    name: modelName(doc.name),
  });
  return { model, layers, analysis };
}

function modelName(name: string): string {
  const s = name.trim().replace(/[^A-Za-z0-9_.-]+/g, '_');
  return s || 'model';
}
