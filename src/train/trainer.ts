/**
 * The training loop, platform-neutral: tfjs is passed in, so the browser worker, the CLI and the
 * Node tests run exactly this code. It compiles the document with the same compiler as
 * everywhere, checks the data against it, then trains batch by batch with pause, resume, stop,
 * reset, previews and fault handling. Every tensor it creates is released when a run ends; the
 * model's weights stay until `dispose`.
 *
 * @example
 * const r = createTrainer(tf, { doc, dataset, settings, onEvent: (e) => console.log(e) });
 * if (r.ok) await r.trainer.run();
 */
import type { Optimizer } from '@tensorflow/tfjs';
import { type Analysis, analyze, type Compiled, compileModel } from '../compile';
import { type AppliedWeights, applyWeights, readWeights, type WeightSet } from '../formats/weights';
import type { TF } from '../nodes';
import { checkData, type DataCheck, type TargetLayout } from './check';
import { RunControl } from './control';
import type { EpochEvent, Preview, TrainEvent } from './events';
import { classifyError, nanFault, type TrainingFault } from './faults';
import { type BatchPlan, batchesPerEpoch, batchPlan, splitRows } from './fixedBatch';
import { StatsSampler } from './layerStats';
import { lossFunction, type Metrics, makeOptimizer, metricFunction, metricName } from './losses';
import { RunClock, yieldTurn } from './pace';
import { computePreview } from './preview';
import { NonFiniteLoss, onGpu, PendingReads, type ReadBatch } from './reads';
import { Rng, withRandom } from './rng';
import { interruptible, reinitialise, type StepContext, trainStepTensors, validateRows } from './steps';
import { encodeTargets } from './targets';
import type { RunResult, TrainerOptions, TrainerState } from './trainerTypes';

export type { RunResult, TrainerOptions, TrainerState } from './trainerTypes';

export type CreateResult =
  | { readonly ok: true; readonly trainer: Trainer; readonly check: DataCheck }
  | { readonly ok: false; readonly check: DataCheck };

/** Checks the data against the model and, when nothing blocks training, compiles it. */
export function createTrainer(tf: TF, options: TrainerOptions): CreateResult {
  const analysis = options.analysis ?? analyze(options.doc);
  const check = checkData(analysis, options.dataset, options.settings);
  if (!check.ok || !check.layout) return { ok: false, check };
  return { ok: true, trainer: new Trainer(tf, options, analysis, check, check.layout), check };
}

export class Trainer {
  readonly compiled: Compiled;
  /** Which layers kept weights given at creation. */
  readonly weightsApplied: AppliedWeights;
  private readonly tf: TF;
  private readonly options: TrainerOptions;
  private readonly analysis: Analysis;
  private readonly check: DataCheck;
  private readonly layout: TargetLayout;
  private readonly rng: Rng;
  private readonly trainRows: readonly number[];
  /** The batch size used (the model's fixed one, or the setting) and whether samples keep their order. */
  readonly plan: BatchPlan;
  readonly valRows: readonly number[];
  readonly steps: StepContext;
  private optimizer: Optimizer | undefined;
  private status: TrainerState = 'idle';
  private readonly control = new RunControl();
  /** The current run's clock (paused time is left out of it). */
  private clock: RunClock | undefined;
  private disposeAfterRun = false;

  /** Use `createTrainer`, which checks the data first. */
  constructor(tf: TF, options: TrainerOptions, analysis: Analysis, check: DataCheck, layout: TargetLayout) {
    this.tf = tf;
    this.options = options;
    this.analysis = analysis;
    this.check = check;
    this.layout = layout;
    this.rng = new Rng(options.settings.seed);
    this.plan = batchPlan(analysis, options.settings);
    const order = new Rng(options.settings.seed ^ 0x5eed5eed).permutation(options.dataset.count);
    const split = splitRows(this.plan, order, check.split.validation);
    this.valRows = split.val;
    this.trainRows = split.train;
    this.compiled = withRandom(this.rng, () => compileModel(tf, options.doc, analysis));
    this.steps = {
      tf,
      model: this.compiled.model,
      dataset: options.dataset,
      targets: encodeTargets(options.dataset, layout),
      layout,
      lossFn: lossFunction(tf, check.loss),
      metricFn: metricFunction(tf, layout),
      rng: this.rng,
      ...(options.interrupt ? { interrupt: options.interrupt } : {}),
    };
    this.weightsApplied = options.weights
      ? applyWeights(tf, this.compiled.layers, options.weights)
      : {
          kept: [],
          imported: [],
          fresh: [...this.compiled.layers].filter(([, l]) => l.weights.length).map(([p]) => p),
        };
  }

  get state(): TrainerState {
    return this.status;
  }

  get batchesPerEpoch(): number {
    return batchesPerEpoch(this.plan, this.trainRows.length);
  }

  /** Trains for `settings.epochs` epochs from the current weights. Resolves when the run ends. */
  async run(): Promise<RunResult> {
    if (this.status !== 'idle') throw new Error(`cannot start training: the trainer is ${this.status}`);
    const { settings } = this.options;
    const now = this.options.now ?? (() => performance.now());
    const turn = this.options.yieldToEventLoop ?? yieldTurn;
    this.status = 'running';
    this.control.stopRequested = false;
    this.optimizer = makeOptimizer(this.tf, settings.optimizer, settings.learningRate);
    const backend = this.options.backend?.name ?? this.tf.getBackend();
    const perEpoch = this.batchesPerEpoch;
    this.emit({
      type: 'started',
      backend,
      fallbacks: this.options.backend?.fallbacks ?? [],
      ...(this.options.backend?.reason ? { choice: this.options.backend.reason } : {}),
      loss: this.check.loss,
      metric: metricName(this.layout),
      samples: { train: this.trainRows.length, validation: this.valRows.length },
      epochs: settings.epochs,
      batchesPerEpoch: perEpoch,
      weights: this.weightsApplied,
      warnings: this.check.problems.filter((p) => p.severity === 'warning'),
    });
    const history: EpochEvent[] = [];
    const total = settings.epochs * perEpoch;
    const trained = this.plan.fixed ? perEpoch * this.plan.size : this.trainRows.length;
    const clock = new RunClock(now, total);
    this.clock = clock;
    const where = { epoch: 1, batch: 0 };
    // Statistics, when on, probe the first validation samples (training ones when there are none).
    const { stats } = this.options;
    const probeRows = this.valRows.length ? this.valRows : this.trainRows;
    const sampler = stats ? new StatsSampler(this.steps, this.compiled, probeRows, now, stats) : undefined;
    const reads = new PendingReads(this.tf, backend, metricName(this.layout), this.options);
    const finish = (reason: RunResult['reason'], fault?: TrainingFault): RunResult => {
      if (fault) this.emit({ type: 'fault', ...fault });
      else this.emit({ type: 'done', reason: reason as 'completed' | 'stopped', epochs: history.length });
      return { reason, epochs: history.length, history, ...(fault ? { fault } : {}) };
    };
    try {
      for (let epoch = 1; epoch <= settings.epochs; epoch++) {
        where.epoch = epoch;
        // Stateful layers: data order, states reset at each epoch's start (Keras users' callback).
        const order = this.plan.stateful ? [...this.trainRows] : this.rng.shuffle([...this.trainRows]);
        if (this.plan.stateful) this.compiled.model.resetStates();
        const sums = reads.startEpoch();
        // Batch events wait for their losses: sent for reading a few at a time (on a GPU the read
        // comes back while training goes on), waited for before a pause, a stop or the epoch's end.
        const onBatch = (r: ReadBatch) =>
          this.emit({ type: 'batch', ...r, batchesPerEpoch: perEpoch, ...clock.pace() });
        for (let b = 0; b < perEpoch; b++) {
          where.batch = b + 1;
          if (this.control.pauseRequested || this.control.stopRequested) await reads.take(clock, onBatch);
          await this.checkpoint();
          if (this.control.stopRequested) return finish('stopped');
          reads.check(); // a read that came back with a NaN loss, or a lost context: no further step
          const rows = order.slice(b * this.plan.size, (b + 1) * this.plan.size);
          reads.push(epoch, b + 1, rows.length, trainStepTensors(this.steps, this.optimizer, rows));
          if (b === perEpoch - 1) await reads.take(clock, onBatch);
          // On a GPU only every few batches, not at each yield (a read there per batch cost SwiftShader ~20 %).
          else if (reads.full || (clock.yieldDue() && !onGpu(backend))) reads.send(clock, onBatch);
          await clock.maybeYield(turn, b === perEpoch - 1);
          const stats = await sampler?.maybeSample(where, clock);
          if (stats) this.emit(stats);
        }
        const val = await validateRows(this.steps, this.valRows, this.plan);
        const timed = clock.pace();
        const event: EpochEvent = {
          type: 'epoch',
          epoch,
          epochs: settings.epochs,
          backend,
          loss: sums.loss / trained,
          metrics: this.metrics(sums.metric / trained),
          ...(val ? { val: { loss: val[0], metrics: this.metrics(val[1]) } } : {}),
          ...timed,
          ...(epoch === 1 ? { warmUpSamplesPerSecond: timed.samplesPerSecond } : {}),
        };
        history.push(event);
        this.emit(event);
        if (epoch === 1) clock.warmedUp();
        const every = this.options.previewEvery ?? 0;
        if (every > 0 && epoch % every === 0) this.emit({ type: 'preview', epoch, preview: await this.preview() });
      }
      return finish('completed');
    } catch (e) {
      if (e instanceof NonFiniteLoss) return finish('fault', nanFault(e.loss, this.faultContext(backend, e.where)));
      return finish('fault', classifyError(e, this.faultContext(backend, where)));
    } finally {
      await reads.settle();
      reads.dispose();
      this.optimizer.dispose();
      this.optimizer = undefined;
      sampler?.dispose();
      this.control.pauseRequested = false;
      this.status = 'idle';
      if (this.disposeAfterRun) {
        this.disposeAfterRun = false;
        this.dispose();
      }
    }
  }

  /** Pauses after the current batch. */
  pause(): void {
    if (this.status === 'running') this.control.pause();
  }

  resume(): void {
    this.control.resume();
  }

  /** Stops after the current batch; `run` then resolves with reason `stopped`. */
  stop(): void {
    if (this.status !== 'running' && this.status !== 'paused') return;
    this.control.stop();
  }

  /** Initialises the weights afresh (and the optimizer's state, during a run). */
  resetWeights(): void {
    this.assertLive();
    withRandom(this.rng, () => reinitialise(this.tf, this.compiled, this.options.doc, this.analysis));
    if (this.optimizer) {
      this.optimizer.dispose();
      this.optimizer = makeOptimizer(this.tf, this.options.settings.optimizer, this.options.settings.learningRate);
    }
    this.emit({ type: 'weightsReset' });
  }

  /** A predictions preview with the current weights, on the validation samples (or training ones). */
  async preview(): Promise<Preview> {
    this.assertLive();
    const validation = this.valRows.length > 0;
    return interruptible(
      computePreview({
        tf: this.tf,
        model: this.compiled.model,
        dataset: this.options.dataset,
        layout: this.layout,
        indices: validation ? this.valRows : this.trainRows,
        set: validation ? 'validation' : 'training',
      }),
      this.options.interrupt,
    );
  }

  /** The current weights by layer path (plain data). */
  async getWeights(): Promise<WeightSet> {
    this.assertLive();
    return readWeights(this.compiled.layers);
  }

  /** Releases the model; during a run, stops it and releases the model when it has ended. */
  dispose(): void {
    if (this.status === 'disposed' || this.disposeAfterRun) return;
    if (this.status === 'running' || this.status === 'paused') {
      this.disposeAfterRun = true;
      this.stop();
      return;
    }
    this.status = 'disposed';
    this.compiled.model.dispose();
  }

  private assertLive(): void {
    if (this.status === 'disposed' || this.disposeAfterRun) throw new Error('the trainer was disposed');
  }

  private emit(event: TrainEvent): void {
    this.options.onEvent?.(event);
  }

  private metrics(value: number): Metrics {
    return { [metricName(this.layout)]: value };
  }

  private faultContext(backend: string, where: { epoch: number; batch: number }) {
    const { learningRate } = this.options.settings;
    return { backend, batchSize: this.plan.size, learningRate, ...where };
  }

  /** Waits while paused; returns at once otherwise. */
  private async checkpoint(): Promise<void> {
    const pause = () => {
      this.status = 'paused';
      this.emit({ type: 'paused' });
    };
    await this.control.checkpoint(this.clock, pause, () => {
      this.status = 'running';
      this.emit({ type: 'resumed' });
    });
    this.status = 'running';
  }
}
