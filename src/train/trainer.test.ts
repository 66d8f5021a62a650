import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdit } from '../compile';
import { makeBuiltin } from './data/builtin';
import type { TrainEvent } from './events';
import { linear, mlp, separable, settings, tinySegmenter } from './testing';
import { createTrainer, type Trainer, type TrainerOptions } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

const noYield = async () => {};

function make(over: Partial<TrainerOptions> = {}, events: TrainEvent[] = []): Trainer {
  const r = createTrainer(tf, {
    doc: mlp(),
    dataset: separable(64),
    settings: settings({ epochs: 3, batchSize: 16 }),
    yieldToEventLoop: noYield,
    onEvent: (e) => events.push(e),
    ...over,
  });
  if (!r.ok) throw new Error(r.check.problems.map((p) => p.message).join('; '));
  return r.trainer;
}

const of = <T extends TrainEvent['type']>(events: TrainEvent[], type: T) =>
  events.filter((e): e is Extract<TrainEvent, { type: T }> => e.type === type);

describe('Trainer', () => {
  it('learns a separable set: the loss falls and accuracy rises, with events per batch and epoch', async () => {
    const events: TrainEvent[] = [];
    const t = make({ settings: settings({ epochs: 8, batchSize: 8, learningRate: 0.05 }) }, events);
    const r = await t.run();
    expect(r.reason).toBe('completed');
    expect(r.epochs).toBe(8);
    const epochs = of(events, 'epoch');
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss * 0.7);
    expect(epochs.at(-1)!.metrics.acc).toBeGreaterThan(0.85);
    expect(epochs[0]!.val).toBeDefined();
    expect(of(events, 'batch')).toHaveLength(8 * 7); // 51 training samples in batches of 8
    expect(events[0]).toMatchObject({
      type: 'started',
      backend: 'cpu',
      loss: 'categoricalCrossentropy',
      metric: 'acc',
      samples: { train: 51, validation: 13 },
      batchesPerEpoch: 7,
      weights: { kept: [], fresh: ['hidden', 'head'] },
    });
    expect(events.at(-1)).toEqual({ type: 'done', reason: 'completed', epochs: 8 });
    t.dispose();
  });

  it('never changes the weights of a frozen layer (trainable: false), and trains the others', async () => {
    const frozen = applyEdit(mlp(), { op: 'setTrainable', ids: ['hidden'], trainable: false });
    expect(frozen.error).toBeUndefined();
    const t = make({ doc: frozen.doc, settings: settings({ epochs: 3, batchSize: 8, learningRate: 0.1 }) });
    const before = await t.getWeights();
    expect((await t.run()).reason).toBe('completed');
    const after = await t.getWeights();
    expect(after.hidden?.map((w) => [...w.values])).toEqual(before.hidden?.map((w) => [...w.values]));
    expect(after.head?.[0]?.values).not.toEqual(before.head?.[0]?.values);
    t.dispose();
  });

  it('keeps a constrained kernel in its set (NonNeg ≥ 0 after every step) and adds the regularizer to the loss', async () => {
    const minKernel = async (params: Record<string, unknown>) => {
      let doc = mlp();
      for (const [param, value] of Object.entries(params))
        doc = applyEdit(doc, { op: 'setParam', node: 'hidden', param, value }).doc;
      const t = make({ doc, settings: settings({ epochs: 3, batchSize: 8, learningRate: 0.1 }) });
      const r = await t.run();
      expect(r.reason).toBe('completed');
      const kernel = (await t.getWeights()).hidden?.[0]?.values ?? [];
      t.dispose();
      return { min: Math.min(...kernel), loss: r.history[0]?.loss ?? 0 };
    };
    const plain = await minKernel({});
    expect(plain.min).toBeLessThan(0);
    expect((await minKernel({ kernelConstraint: { className: 'NonNeg' } })).min).toBeGreaterThanOrEqual(0);
    expect((await minKernel({ kernelRegularizer: { l1: 0, l2: 1 } })).loss).toBeGreaterThan(plain.loss);
  });

  it('is deterministic by seed', async () => {
    const run = async (seed: number) => {
      const t = make({ settings: settings({ epochs: 2, batchSize: 16, seed }) });
      const r = await t.run();
      t.dispose();
      return r.history.map((e) => [e.loss, e.val?.loss]);
    };
    const a = await run(3);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('reports wall-clock time, ETA and steady-state samples/s (epoch 1 apart) from the clock it is given', async () => {
    const events: TrainEvent[] = [];
    let clock = 0;
    let tick = 10;
    const t = make({ now: () => (clock += tick) }, events);
    await t.run();
    const batches = of(events, 'batch');
    const epochs = of(events, 'epoch');
    // Every batch event is later on the clock than the one before (time between batches counts).
    for (let i = 1; i < batches.length; i++)
      expect((batches[i] as { elapsedMs: number }).elapsedMs).toBeGreaterThan(batches[i - 1]?.elapsedMs as number);
    expect(batches.at(-1)?.etaMs).toBe(0);
    // Epoch 1 carries its own rate apart; the later epochs do not.
    expect(epochs[0]?.warmUpSamplesPerSecond).toBe(epochs[0]?.samplesPerSecond);
    expect(epochs[1]?.warmUpSamplesPerSecond).toBeUndefined();
    t.dispose();
    // A slow first epoch does not drag the steady-state rate down: same clock pace after it.
    clock = 0;
    const slow: TrainEvent[] = [];
    const u = make(
      {
        now: () => {
          clock += tick;
          return clock;
        },
        onEvent: (e) => {
          slow.push(e);
          if (e.type === 'epoch' && e.epoch === 1) tick = 1; // epoch 1 took 10× longer per tick
        },
      },
      slow,
    );
    tick = 10;
    await u.run();
    const [e1, e2, e3] = of(slow, 'epoch');
    expect(e2?.samplesPerSecond).toBeGreaterThan(5 * (e1?.samplesPerSecond as number));
    expect(e3?.samplesPerSecond).toBeCloseTo(e2?.samplesPerSecond as number, -1);
    u.dispose();
  });

  it('yields to the event loop by time (after 50 ms of work), not after every batch', async () => {
    let clock = 0;
    let yields = 0;
    const t = make(
      {
        now: () => (clock += 7),
        yieldToEventLoop: async () => {
          yields++;
        },
      },
      [],
    );
    await t.run();
    const batches = 12; // 3 epochs of 4
    expect(yields).toBeGreaterThan(0);
    expect(yields).toBeLessThan(batches);
    t.dispose();
  });

  it('trains a conv segmenter with a Reshape head on shapes-seg (per-pixel accuracy, masks preview)', async () => {
    const events: TrainEvent[] = [];
    const dataset = makeBuiltin({ name: 'shapes-seg', samples: 12 }, [8, 8, 3]);
    const t = make(
      { doc: tinySegmenter(), dataset, settings: settings({ epochs: 2, batchSize: 5 }), previewEvery: 2 },
      events,
    );
    const r = await t.run();
    expect(r.reason).toBe('completed');
    for (const e of of(events, 'epoch')) {
      expect(Number.isFinite(e.loss)).toBe(true);
      expect(e.metrics.acc).toBeGreaterThanOrEqual(0);
      expect(e.metrics.acc).toBeLessThanOrEqual(1);
    }
    const [preview] = of(events, 'preview');
    expect(preview?.epoch).toBe(2);
    const seg = preview?.preview.segmentation;
    expect(seg?.samples).toHaveLength(2); // 2 validation samples
    expect(seg?.samples[0]?.truth).toMatchObject({ width: 8, height: 8 });
    expect(seg?.samples[0]?.prediction.data).toHaveLength(8 * 8 * 4);
    t.dispose();
  });

  it('stops on a NaN or infinite loss with a message and a hint, releasing every tensor', async () => {
    const events: TrainEvent[] = [];
    const before = tf.memory().numTensors;
    const t = make(
      {
        doc: mlp(2, 1, 'linear', 32),
        dataset: linear(64),
        settings: settings({ epochs: 50, batchSize: 8, optimizer: 'sgd', learningRate: 1000 }),
      },
      events,
    );
    const afterCreate = tf.memory().numTensors;
    const r = await t.run();
    expect(r.reason).toBe('fault');
    expect(r.fault?.kind).toBe('nan');
    expect(r.fault?.message).toMatch(
      /^The loss became (not a number \(NaN\)|infinite) at epoch \d+, batch \d+: training stopped/,
    );
    expect(r.fault?.hint).toBe(
      'Lower the learning rate (it is 1000; try 100) and train again: the diverged weights were discarded, so the next run starts from fresh ones.',
    );
    expect(events.at(-1)).toMatchObject({ type: 'fault', kind: 'nan' });
    expect(r.epochs).toBeLessThan(50);
    expect(tf.memory().numTensors).toBe(afterCreate);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stop ends the run after the current batch and releases every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const events: TrainEvent[] = [];
    let trainer: Trainer | undefined;
    trainer = make(
      {
        settings: settings({ epochs: 5, batchSize: 8, optimizer: 'adam' }),
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'batch' && e.epoch === 2 && e.batch === 3) trainer?.stop();
        },
      },
      events,
    );
    const afterCreate = tf.memory().numTensors;
    const r = await trainer.run();
    expect(r).toMatchObject({ reason: 'stopped', epochs: 1 });
    expect(of(events, 'batch').length).toBe(7 + 3);
    expect(events.at(-1)).toEqual({ type: 'done', reason: 'stopped', epochs: 1 });
    expect(tf.memory().numTensors).toBe(afterCreate); // the optimizer's state and the batches are gone
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before); // and the model's weights
  });

  it('pauses between batches and resumes where it was', async () => {
    const events: TrainEvent[] = [];
    let trainer: Trainer | undefined;
    let stateWhilePaused = '';
    trainer = make({
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.epoch === 1 && e.batch === 2) trainer?.pause();
        if (e.type === 'paused') {
          stateWhilePaused = trainer?.state ?? '';
          queueMicrotask(() => trainer?.resume());
        }
      },
    });
    const r = await trainer.run();
    expect(r.reason).toBe('completed');
    expect(stateWhilePaused).toBe('paused');
    const types = events.map((e) => (e.type === 'batch' ? `b${e.epoch}.${e.batch}` : e.type));
    expect(types.slice(1, 6)).toEqual(['b1.1', 'b1.2', 'paused', 'resumed', 'b1.3']);
    expect(of(events, 'batch')).toHaveLength(12);
    expect(trainer.state).toBe('idle');
    trainer.dispose();
  });

  it('stop while paused ends the run', async () => {
    let trainer: Trainer | undefined;
    trainer = make({
      onEvent: (e) => {
        if (e.type === 'batch' && e.batch === 1) trainer?.pause();
        if (e.type === 'paused') queueMicrotask(() => trainer?.stop());
      },
    });
    expect(await trainer.run()).toMatchObject({ reason: 'stopped', epochs: 0 });
    trainer.dispose();
  });

  it('a lost WebGL context stops cleanly with its own message', async () => {
    const before = tf.memory().numTensors;
    const t = make({
      onEvent: (e) => {
        if (e.type === 'batch' && e.batch === 2)
          throw new Error('WebGL: CONTEXT_LOST_WEBGL: loseContext: context lost');
      },
    });
    const r = await t.run();
    expect(r.fault).toMatchObject({ kind: 'context-lost' });
    expect(r.fault?.message).toMatch(/^The cpu context was lost at epoch 1, batch 2/);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends at once when interrupted (a lost GPU context whose reads never come back), releasing its tensors', async () => {
    const before = tf.memory().numTensors;
    let lose: (e: Error) => void = () => {};
    const interrupt = new Promise<never>((_, reject) => {
      lose = reject;
    });
    const events: TrainEvent[] = [];
    const t = make(
      {
        interrupt,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'batch' && e.batch === 2)
            lose(new Error('webgl: the GPU context was lost (CONTEXT_LOST_WEBGL)'));
        },
      },
      events,
    );
    const r = await t.run();
    expect(r).toMatchObject({ reason: 'fault', epochs: 0, fault: { kind: 'context-lost' } });
    expect(of(events, 'batch')).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: 'fault', kind: 'context-lost' });
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('resets the weights to a fresh initialisation, idle or during a run', async () => {
    const events: TrainEvent[] = [];
    let trainer: Trainer | undefined;
    trainer = make({
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'batch' && e.epoch === 2 && e.batch === 1) trainer?.resetWeights();
      },
    });
    const r = await trainer.run();
    expect(r.reason).toBe('completed');
    expect(of(events, 'weightsReset')).toHaveLength(1);
    const trained = await trainer.getWeights();
    const n = tf.memory().numTensors;
    trainer.resetWeights();
    expect(tf.memory().numTensors).toBe(n);
    const fresh = await trainer.getWeights();
    expect(fresh.hidden?.[0]?.values).not.toEqual(trained.hidden?.[0]?.values);
    expect([...(fresh.hidden?.[1]?.values ?? [])]).toEqual(Array(8).fill(0)); // biases start at 0
    trainer.dispose();
  });

  it('refuses a second run at once and anything after dispose', async () => {
    const t = make();
    const first = t.run();
    await expect(t.run()).rejects.toThrow(/the trainer is running/);
    await first;
    t.dispose();
    await expect(t.getWeights()).rejects.toThrow(/disposed/);
    expect(() => t.resetWeights()).toThrow(/disposed/);
  });

  it('does not create a trainer when the data does not fit', () => {
    const r = createTrainer(tf, { doc: mlp(3), dataset: separable(), settings: settings() });
    expect(r.ok).toBe(false);
    expect(r.check.problems[0]?.fix?.label).toBe('Set the Input shape to 2');
  });
});
