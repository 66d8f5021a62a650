/**
 * The fidelity check run on every JSON export: the exported file is read back by tfjs, in memory,
 * and compared with the model it was made from — topology (each layer's class and inputs, the
 * model's inputs and outputs), the multiset of layer classes, the parameter count, and the
 * predictions on a random batch with the same weights.
 */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import type { TF } from '../nodes';

export interface FidelityReport {
  readonly pass: boolean;
  /** One line per difference found; empty when `pass`. */
  readonly differences: readonly string[];
  readonly layers: number;
  readonly params: number;
  /** What was compared: `topology, 12 weights byte for byte, predictions on a random batch`. */
  readonly checked: string;
  /** Largest absolute difference between the predictions, when they were compared. */
  readonly maxDifference?: number;
}

/** Largest difference accepted between predictions: identical models on one backend agree exactly. */
export const PREDICTION_TOLERANCE = 1e-5;

/** How far read-back predictions are from the model's: "identical predictions", or the largest difference in words. */
export function predictionAgreement(maxDifference: number): string {
  if (maxDifference === 0) return 'identical predictions';
  const d = maxDifference < 1e-3 ? maxDifference.toExponential(1) : String(Number(maxDifference.toPrecision(2)));
  return `predictions differ by at most ${d}`;
}

const inboundNames = (layer: LayersModel['layers'][number]): string[] =>
  (layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => l.name);

function classCounts(model: LayersModel): Map<string, number> {
  const m = new Map<string, number>([['InputLayer', model.inputs.length]]);
  for (const l of model.layers)
    if (l.getClassName() !== 'InputLayer') m.set(l.getClassName(), (m.get(l.getClassName()) ?? 0) + 1);
  return m;
}

/** Structural differences: layers, classes, wiring, inputs, outputs, parameter count. */
export function topologyDifferences(reference: LayersModel, candidate: LayersModel): string[] {
  const diffs: string[] = [];
  // Input layers are compared through the model inputs below (a tfjs Sequential does not list its own).
  const layersOf = (m: LayersModel) => m.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const names = new Set(layersOf(candidate).map((l) => l.name));
  for (const l of layersOf(reference)) {
    if (!names.has(l.name)) {
      diffs.push(`layer "${l.name}" is missing`);
      continue;
    }
    const c = candidate.getLayer(l.name);
    if (c.getClassName() !== l.getClassName())
      diffs.push(`layer "${l.name}" is a ${c.getClassName()}, not a ${l.getClassName()}`);
    const a = inboundNames(l).join(', ');
    const b = inboundNames(c).join(', ');
    if (a !== b) diffs.push(`layer "${l.name}" takes [${b}] instead of [${a}]`);
  }
  const known = new Set(layersOf(reference).map((l) => l.name));
  for (const l of layersOf(candidate))
    if (!known.has(l.name)) diffs.push(`extra layer "${l.name}" (${l.getClassName()})`);
  const rc = classCounts(reference);
  const cc = classCounts(candidate);
  for (const cls of new Set([...rc.keys(), ...cc.keys()]))
    if ((rc.get(cls) ?? 0) !== (cc.get(cls) ?? 0))
      diffs.push(`${cc.get(cls) ?? 0} ${cls} layers instead of ${rc.get(cls) ?? 0}`);
  const io = (m: LayersModel) => [m.inputs.map((t) => t.sourceLayer.name), m.outputs.map((t) => t.sourceLayer.name)];
  const [ri, ro] = io(reference);
  const [ci, co] = io(candidate);
  if (ri?.join() !== ci?.join()) diffs.push(`inputs are [${ci}] instead of [${ri}]`);
  if (ro?.join() !== co?.join()) diffs.push(`outputs are [${co}] instead of [${ro}]`);
  const shapes = (m: LayersModel) => m.outputs.map((t) => JSON.stringify(t.shape)).join(' ');
  if (shapes(reference) !== shapes(candidate))
    diffs.push(`output shapes are ${shapes(candidate)} instead of ${shapes(reference)}`);
  if (reference.countParams() !== candidate.countParams())
    diffs.push(`${candidate.countParams()} parameters instead of ${reference.countParams()}`);
  return diffs;
}

/** Sizes tried, smallest first, for the unknown axes of the inputs (a sequence's length, an image's height and width). */
const PROBE_SIZES = [4, 16, 64, 256];

/**
 * The size to give the inputs' unknown axes: the smallest the model runs on (a fully convolutional
 * net's valid convolutions need more than 4 pixels: MTCNN's P-Net, 12), tried on one zero sample.
 */
function unknownSize(tf: TF, model: LayersModel): number {
  if (!model.inputs.some((x) => x.shape.slice(1).some((d) => d === null))) return PROBE_SIZES[0] as number;
  for (const n of PROBE_SIZES) {
    try {
      tf.tidy(() => {
        const xs = model.inputs.map((x) => tf.zeros([x.shape[0] ?? 1, ...x.shape.slice(1).map((d) => d ?? n)]));
        model.resetStates();
        model.predict(xs.length === 1 ? (xs[0] as Tensor) : xs);
      });
      return n;
    } catch {
      // too small for this model: try the next size
    }
  }
  return PROBE_SIZES[0] as number;
}

/** A deterministic random batch for the model's inputs: token ids in range for Embedding inputs. */
export function randomBatch(tf: TF, model: LayersModel, batch = 2, seed = 7): Tensor[] {
  const size = unknownSize(tf, model);
  return model.inputs.map((input, i) => {
    // A fixed batch size (stateful layers) is the only one the model takes.
    const shape = [input.shape[0] ?? batch, ...input.shape.slice(1).map((d) => d ?? size)];
    const embedding = model.layers.find(
      (l) => l.getClassName() === 'Embedding' && inboundNames(l).includes(input.sourceLayer.name),
    );
    if (embedding) {
      const vocab = (embedding.getConfig().inputDim as number) ?? 2;
      return tf.tidy(() => tf.floor(tf.randomUniform(shape, 0, vocab, 'float32', seed + i)));
    }
    return tf.randomUniform(shape, -1, 1, 'float32', seed + i);
  });
}

/** Largest absolute difference between the two models' predictions on `inputs`. */
export function predictionDifference(tf: TF, a: LayersModel, b: LayersModel, inputs: readonly Tensor[]): number {
  return tf.tidy(() => {
    const x = inputs.length === 1 ? (inputs[0] as Tensor) : [...inputs];
    // Stateful layers start from zero states in both, and predict in batches of their fixed size.
    const batchSize = inputs[0]?.shape[0];
    a.resetStates();
    b.resetStates();
    const pa = [a.predict(x, { batchSize })].flat() as Tensor[];
    const pb = [b.predict(x, { batchSize })].flat() as Tensor[];
    let max = 0;
    pa.forEach((t, i) => {
      const u = pb[i];
      const d =
        u && t.shape.join() === u.shape.join()
          ? (tf.max(tf.abs(tf.sub(t, u))).dataSync()[0] as number)
          : Number.POSITIVE_INFINITY;
      max = Math.max(max, Number.isNaN(d) ? Number.POSITIVE_INFINITY : d);
    });
    return max;
  });
}

/** Above this many parameters the predictions are compared on a one-sample probe, not a batch. */
export const LARGE_MODEL_PARAMS = 20_000_000;

/**
 * Names of the weights whose bytes differ between the two models (same order and shapes assumed); a
 * weight with a constraint is compared as tfjs loads it, projected by its constraint.
 */
export function weightDifferences(reference: LayersModel, candidate: LayersModel): string[] {
  const a = reference.weights;
  const b = candidate.weights;
  if (a.length !== b.length) return [`${b.length} weights instead of ${a.length}`];
  const out: string[] = [];
  a.forEach((w, i) => {
    // tfjs projects a constrained weight (MaxNorm, NonNeg, …) as it loads it: compare with the projection.
    const projected = w.constraint && w.trainable ? w.constraint.apply(w.read()) : undefined;
    const x = (projected ?? w.read()).dataSync();
    projected?.dispose();
    const y = (b[i] as typeof w).read().dataSync();
    const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
    const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
    let same = bx.length === by.length;
    for (let k = 0; same && k < bx.length; k++) if (bx[k] !== by[k]) same = false;
    if (!same) out.push(`weight "${w.originalName}" differs from the one written`);
  });
  return out;
}

/**
 * Compares a model read back from an export with the model it came from. With `predictions`, both
 * predict a random batch (the candidate must already hold the same weights): two samples, or one
 * (a probe) for a model over `LARGE_MODEL_PARAMS`. With `weights`, every weight is also compared
 * byte for byte. `checked` says what was done.
 */
export function compareModels(
  tf: TF,
  reference: LayersModel,
  candidate: LayersModel,
  { predictions = true, weights = false }: { predictions?: boolean; weights?: boolean } = {},
): FidelityReport {
  const differences = topologyDifferences(reference, candidate);
  const done: string[] = ['topology'];
  if (weights && differences.length === 0) {
    differences.push(...weightDifferences(reference, candidate));
    done.push(`${reference.weights.length} weights byte for byte`);
  }
  return finishReport(tf, reference, candidate, differences, done, predictions);
}

/**
 * The end of a fidelity check (here and in nestedCheck.ts): the predictions compared when nothing
 * differs yet and `predictions` is on (a one-sample probe for a large model), and the report.
 */
export function finishReport(
  tf: TF,
  reference: LayersModel,
  candidate: LayersModel,
  differences: string[],
  done: string[],
  predictions = true,
): FidelityReport {
  const params = reference.countParams();
  let maxDifference: number | undefined;
  if (predictions && differences.length === 0) {
    const probe = params > LARGE_MODEL_PARAMS;
    const batch = randomBatch(tf, reference, probe ? 1 : 2);
    try {
      maxDifference = predictionDifference(tf, reference, candidate, batch);
    } finally {
      tf.dispose(batch);
    }
    done.push(probe ? 'predictions on a one-sample probe (large model)' : 'predictions on a random batch');
    if (!(maxDifference <= PREDICTION_TOLERANCE))
      differences.push(`predictions differ by up to ${maxDifference} (tolerance ${PREDICTION_TOLERANCE})`);
  }
  return {
    pass: differences.length === 0,
    differences,
    layers: reference.layers.filter((l) => l.getClassName() !== 'InputLayer').length + reference.inputs.length,
    params,
    checked: done.join(', '),
    ...(maxDifference === undefined ? {} : { maxDifference }),
  };
}
