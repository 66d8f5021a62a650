/**
 * Live per-layer statistics while training: on a fixed probe batch, in inference mode (no dropout,
 * no randomness drawn: the run trains exactly as without statistics), each layer's output mean,
 * standard deviation, share of zeros and of dead units, saturation (tanh, sigmoid), a histogram;
 * for layers with trainable weights the gradient norm and the update-to-weight ratio since the
 * previous sample.
 *
 * The trainer asks `maybeSample` at its time-based yields (never per batch). A sample is due
 * `everyMs` after the previous one, or later: the next sample waits at least `1/budget − 1` times
 * what the last one took, so statistics never cost more than `budget` (5%) of the run's time.
 * Every tensor is released before a sample returns, except the copies of the weights kept for the
 * next update ratio, released by `dispose`.
 */
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import type { Compiled } from '../compile';
import type { TfLayer } from '../nodes';
import type { LayerStats, LayerStatsEvent } from './events';
import type { RunClock } from './pace';
import { batchTensors, interruptible, type StepContext } from './steps';

/** Default spacing of samples, in milliseconds of training. */
export const STATS_EVERY_MS = 400;
/** Share of the run's time statistics may take at most. */
export const STATS_BUDGET = 0.05;
/** Samples in the probe batch (fewer when the data set is smaller). */
export const PROBE_SAMPLES = 16;
const HISTOGRAM_BINS = 12;
const HISTOGRAM_SAMPLE = 512;

interface Probed {
  readonly path: string;
  readonly layer: TfLayer;
  /** tanh/sigmoid: how to measure saturation. */
  readonly squash?: 'tanh' | 'sigmoid';
  readonly weights: readonly Variable[];
}

export interface SamplerOptions {
  readonly everyMs?: number;
  readonly budget?: number;
}

const squashOf = (activation: unknown): Probed['squash'] =>
  activation === 'tanh' ? 'tanh' : activation === 'sigmoid' || activation === 'hardSigmoid' ? 'sigmoid' : undefined;

export class StatsSampler {
  private readonly probed: Probed[] = [];
  private readonly probeModel: LayersModel;
  /** Which probed layer gives the model's output (-1: none does; the loss then runs the model again). */
  private readonly outputAt: number;
  private readonly rows: readonly number[];
  private previous: Map<string, Tensor[]> | undefined;
  private previousStep = 0;
  private due: number;
  private warm = false;
  private readonly everyMs: number;
  private readonly budget: number;

  constructor(
    private readonly c: StepContext,
    { analysis, layers }: Pick<Compiled, 'analysis' | 'layers'>,
    rows: readonly number[],
    private readonly now: () => number,
    settings: SamplerOptions | true = {},
  ) {
    const options = settings === true ? {} : settings;
    const { tf, model } = c;
    this.everyMs = options.everyMs ?? STATS_EVERY_MS;
    this.budget = options.budget ?? STATS_BUDGET;
    this.rows = rows.slice(0, PROBE_SAMPLES);
    for (const l of analysis.layers) {
      const layer = layers.get(l.path);
      // Inputs have nothing to say; a shared layer's outputs are several tensors (not probed).
      if (!layer || l.def.inputs.max === 0 || l.sharedWith !== undefined || layer.inboundNodes.length !== 1) continue;
      const squash = squashOf(l.params.activation);
      this.probed.push({
        path: l.path,
        layer,
        ...(squash ? { squash } : {}),
        weights: layer.trainable ? layer.trainableWeights.map((w) => w.read() as Variable) : [],
      });
    }
    const outputs = this.probed.map((p) => {
      const out = p.layer.output;
      return Array.isArray(out) ? (out[0] as (typeof out)[number]) : out;
    });
    this.probeModel = tf.model({ inputs: model.inputs, outputs });
    this.outputAt = analysis.outputs.length === 1 ? this.probed.findIndex((p) => p.path === analysis.outputs[0]) : -1;
    this.due = now() + this.everyMs;
  }

  /** Computes a sample when one is due; otherwise returns undefined at once. */
  async maybeSample(where: { readonly epoch: number; readonly batch: number }, clock: RunClock) {
    const t0 = this.now();
    if (t0 < this.due || this.rows.length === 0) return undefined;
    const at = { epoch: where.epoch, batch: where.batch, step: clock.done, elapsedMs: clock.elapsed() };
    const layers = await this.sample(at.step);
    const costMs = this.now() - t0;
    // The first sample warms up (kernels, the probe model): its cost says little of the next ones.
    this.due = this.warm ? nextDue(this.now(), costMs, this.everyMs, this.budget) : this.now() + this.everyMs;
    this.warm = true;
    return { type: 'layerStats', ...at, probe: this.rows.length, costMs, layers } satisfies LayerStatsEvent;
  }

  /** The statistics of every probed layer now (`step`: optimisation steps so far). */
  async sample(step: number): Promise<LayerStats[]> {
    const { tf } = this.c;
    const steps = Math.max(1, step - this.previousStep);
    const before = this.previous;
    const [packed, hist] = tf.tidy(() => {
      const [x, y] = batchTensors(this.c, this.rows);
      const vars = this.probed.flatMap((p) => p.weights);
      const forward = () => {
        const outs = this.probeModel.apply(x, { training: false }) as Tensor | Tensor[];
        return Array.isArray(outs) ? outs : [outs];
      };
      // One forward pass for the outputs and the gradients (kept out of variableGrads' own tidy).
      let acts: Tensor[] = [];
      const grads = vars.length
        ? tf.variableGrads(() => {
            acts = forward().map((t) => tf.keep(t));
            const pred = acts[this.outputAt] ?? (this.c.model.apply(x, { training: false }) as Tensor);
            return this.c.lossFn(y, pred);
          }, vars).grads
        : {};
      if (!vars.length) acts = forward();
      const scalars: Tensor[] = [];
      const samples: Tensor[] = [];
      const sq = (ts: readonly Tensor[]) => (ts.length ? tf.addN(ts.map((t) => tf.sum(tf.square(t)))) : tf.scalar(0));
      this.probed.forEach((p, i) => {
        const a = acts[i] as Tensor;
        const flat = tf.reshape(a, [-1]);
        const { mean, variance } = tf.moments(flat);
        const units = a.shape.at(-1) ?? 1;
        const perUnit = tf.max(tf.abs(tf.reshape(a, [-1, units])), 0);
        const sat =
          p.squash === 'tanh'
            ? tf.mean(tf.cast(tf.greater(tf.abs(flat), 0.97), 'float32'))
            : p.squash === 'sigmoid'
              ? tf.mean(tf.cast(tf.logicalOr(tf.less(flat, 0.03), tf.greater(flat, 0.97)), 'float32'))
              : tf.scalar(-1);
        const g = sq(p.weights.map((w) => grads[w.name] ?? tf.zerosLike(w)));
        const w2 = sq(p.weights);
        const prev = before?.get(p.path);
        const d2 = prev ? sq(p.weights.map((w, k) => tf.sub(w, prev[k] as Tensor))) : tf.scalar(-1);
        const p2 = prev ? sq(prev) : tf.scalar(-1);
        scalars.push(
          mean,
          tf.sqrt(variance),
          tf.mean(tf.cast(tf.equal(flat, 0), 'float32')),
          tf.mean(tf.cast(tf.equal(perUnit, 0), 'float32')),
          sat,
          g,
          w2,
          d2,
          p2,
        );
        const n = flat.shape[0] as number;
        const stride = Math.max(1, Math.floor(n / HISTOGRAM_SAMPLE));
        const idx = tf.range(0, Math.min(n, HISTOGRAM_SAMPLE * stride), stride, 'int32');
        samples.push(tf.pad(tf.gather(flat, idx), [[0, HISTOGRAM_SAMPLE - (idx.shape[0] as number)]], Number.NaN));
      });
      const result: [Tensor, Tensor] = [
        tf.stack(scalars.map((s) => tf.reshape(tf.cast(s, 'float32'), []))),
        tf.stack(samples),
      ];
      tf.dispose(acts); // kept ones are not the tidy's to release
      return result;
    });
    try {
      const [v, h] = await interruptible(Promise.all([packed.data(), hist.data()]), this.c.interrupt);
      this.keepWeights(step);
      return this.probed.map((p, i) => {
        const at = (k: number) => v[i * 9 + k] as number;
        const has = p.weights.length > 0;
        const out: LayerStats = {
          path: p.path,
          mean: at(0),
          std: at(1),
          zeros: at(2),
          deadUnits: at(3),
          ...(at(4) >= 0 ? { saturated: at(4) } : {}),
          ...(has ? { gradNorm: Math.sqrt(at(5)), weightNorm: Math.sqrt(at(6)) } : {}),
          ...(has && at(7) >= 0 && at(8) > 0 ? { updateRatio: Math.sqrt(at(7)) / Math.sqrt(at(8)) / steps } : {}),
          histogram: histogram(h.subarray(i * HISTOGRAM_SAMPLE, (i + 1) * HISTOGRAM_SAMPLE)),
        };
        return out;
      });
    } finally {
      packed.dispose();
      hist.dispose();
    }
  }

  /** Releases the weight copies kept for the update ratios. */
  dispose(): void {
    for (const ts of this.previous?.values() ?? []) for (const t of ts) t.dispose();
    this.previous = undefined;
  }

  private keepWeights(step: number): void {
    const { tf } = this.c;
    this.dispose();
    this.previous = new Map(
      this.probed.filter((p) => p.weights.length).map((p) => [p.path, p.weights.map((w) => tf.clone(w))]),
    );
    this.previousStep = step;
  }
}

/**
 * When the next sample is due, after one that took `costMs`: `everyMs` later, or later still so
 * that sampling takes at most `budget` of the time.
 */
export function nextDue(now: number, costMs: number, everyMs: number, budget: number): number {
  return now + Math.max(everyMs, (costMs * (1 - budget)) / budget);
}

/** `HISTOGRAM_BINS` equal bins over the finite values' range (NaN padding left out). */
export function histogram(values: ArrayLike<number>): LayerStats['histogram'] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  if (min > max) return { min: 0, max: 0, counts };
  const width = (max - min) / HISTOGRAM_BINS || 1;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) continue;
    const bin = Math.min(HISTOGRAM_BINS - 1, Math.floor((x - min) / width));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { min, max, counts };
}
