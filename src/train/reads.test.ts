import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainEvent } from './events';
import { RunClock } from './pace';
import { GPU_READ_EVERY, NonFiniteLoss, PendingReads, readEveryFor } from './reads';
import { linear, mlp, separable, settings } from './testing';
import { createTrainer, type TrainerOptions } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

/** A run's events and final weights, reading losses back every `readEvery` batches. */
async function run(readEvery: number, over: Partial<TrainerOptions> = {}) {
  const events: TrainEvent[] = [];
  const r = createTrainer(tf, {
    doc: mlp(),
    dataset: separable(96),
    settings: settings({ epochs: 3, batchSize: 8, optimizer: 'adam', seed: 7 }),
    yieldToEventLoop: async () => {},
    now: () => 0, // no time passes: reads wait for `readEvery` batches (or an epoch's end)
    onEvent: (e) => events.push(e),
    readEvery,
    ...over,
  });
  if (!r.ok) throw new Error('the data does not fit');
  const result = await r.trainer.run();
  const weights = r.trainer.compiled.model.getWeights().map((w) => Array.from(w.dataSync()));
  r.trainer.dispose();
  return { events, result, weights };
}

/** What a run reported: each batch's and epoch's loss and metrics, in order. */
const losses = (events: TrainEvent[]): unknown[] =>
  events.flatMap((e): unknown[] => {
    if (e.type === 'batch') return [{ epoch: e.epoch, batch: e.batch, loss: e.loss, metrics: e.metrics }];
    if (e.type === 'epoch') return [{ epoch: e.epoch, loss: e.loss, metrics: e.metrics, val: e.val }];
    return [];
  });
const batchEvents = (events: TrainEvent[]) => events.filter((e) => e.type === 'batch');

describe('reading losses back in batches', () => {
  it('reads a few batches at a time on a GPU backend, every batch at once elsewhere', () => {
    expect(readEveryFor('webgl')).toBe(GPU_READ_EVERY);
    expect(readEveryFor('webgpu')).toBe(GPU_READ_EVERY);
    expect(readEveryFor('wasm')).toBe(1);
    expect(readEveryFor('cpu')).toBe(1);
  });

  it('gives the same results as reading every batch: each batch event its own loss, in order, same weights', async () => {
    const before = tf.memory().numTensors;
    const each = await run(1);
    const batched = await run(GPU_READ_EVERY);
    expect(batched.result.reason).toBe('completed');
    expect(losses(batched.events)).toEqual(losses(each.events));
    expect(batchEvents(batched.events)).toHaveLength(3 * 10); // 77 samples in batches of 8
    expect(batched.weights).toEqual(each.weights);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads the pending batches together: their events come after several steps have run', async () => {
    /** The first kernel's values when each epoch-1 batch event arrives. */
    const kernelAtEvents = async (readEvery: number) => {
      const at = new Map<number, number[]>();
      let model: tf.LayersModel | undefined;
      const r = createTrainer(tf, {
        doc: mlp(),
        dataset: separable(96),
        settings: settings({ epochs: 1, batchSize: 8, seed: 7 }),
        yieldToEventLoop: async () => {},
        now: () => 0,
        readEvery,
        onEvent: (e) => {
          if (e.type === 'batch') at.set(e.batch, Array.from(model?.getWeights()[0]?.dataSync() ?? []));
        },
      });
      if (!r.ok) throw new Error('the data does not fit');
      model = r.trainer.compiled.model;
      await r.trainer.run();
      r.trainer.dispose();
      return at;
    };
    const each = await kernelAtEvents(1);
    const byFour = await kernelAtEvents(4);
    // Batch 1's event is sent once batches 1–4 have been read together: step 4 has run by then.
    expect(byFour.get(1)).toEqual(each.get(4));
    expect(byFour.get(1)).not.toEqual(each.get(1));
    expect(byFour.get(8)).toEqual(each.get(8));
    expect(byFour.get(9)).toEqual(each.get(10)); // the epoch's last batches: read at its end
  });

  it('ends on the first batch whose loss is not finite, naming that batch, as a per-batch read would', async () => {
    const diverging = {
      doc: mlp(2, 1, 'linear', 32),
      dataset: linear(64),
      settings: settings({ epochs: 50, batchSize: 8, optimizer: 'sgd' as const, learningRate: 1000 }),
    };
    const before = tf.memory().numTensors;
    const each = await run(1, diverging);
    const batched = await run(GPU_READ_EVERY, diverging);
    expect(each.result.fault?.kind).toBe('nan');
    expect(batched.result.fault?.message).toBe(each.result.fault?.message);
    expect(losses(batched.events)).toEqual(losses(each.events));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('on cpu and wasm reads each value where it lies, without a kernel; on a GPU in one transfer', async () => {
    const engine = tf.engine();
    const runKernel = engine.runKernel;
    let kernels = 0;
    engine.runKernel = function (this: typeof engine, ...args: Parameters<typeof runKernel>) {
      kernels++;
      return runKernel.apply(this, args);
    } as typeof runKernel;
    try {
      const kernelsOfTake = async (backend: string) => {
        const reads = new PendingReads(tf, backend, 'acc', { readEvery: 3 });
        for (let b = 1; b <= 3; b++) reads.push(1, b, 8, [tf.scalar(b / 10), tf.scalar(b / 5)]);
        const got: number[] = [];
        kernels = 0;
        await reads.take(new RunClock(() => 0, 3), (r) => got.push(r.loss, r.metrics.acc as number));
        expect(got.map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 0.2, 0.2, 0.4, 0.3, 0.6]);
        return kernels;
      };
      const before = tf.memory().numTensors;
      expect(await kernelsOfTake('cpu')).toBe(0);
      expect(await kernelsOfTake('wasm')).toBe(0);
      expect(await kernelsOfTake('webgl')).toBeGreaterThan(0); // reshapes and one concat, then one read
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      engine.runKernel = runKernel;
    }
  });

  it('on a GPU reads only every few batches and at an epoch end, even when a yield falls after every batch', async () => {
    const engine = tf.engine();
    const runKernel = engine.runKernel;
    let concats = 0;
    engine.runKernel = function (this: typeof engine, ...args: Parameters<typeof runKernel>) {
      if (args[0] === 'Concat') concats++;
      return runKernel.apply(this, args);
    } as typeof runKernel;
    let t = 0;
    let yields = 0;
    try {
      // 100 ms pass per clock reading, so every batch passes the yield mark.
      const { events } = await run(4, {
        backend: { name: 'webgl', fallbacks: [] },
        now: () => (t += 100),
        yieldToEventLoop: async () => void yields++,
      });
      const started = events.find((e) => e.type === 'started');
      const perEpoch = started?.type === 'started' ? started.batchesPerEpoch : 0;
      expect(perEpoch).toBeGreaterThan(8);
      expect(yields).toBe(3 * perEpoch);
      expect(concats).toBe(3 * Math.ceil(perEpoch / 4)); // a read per 4 batches (and the epoch's rest), not one per yield
      expect(batchEvents(events)).toHaveLength(3 * perEpoch);
    } finally {
      engine.runKernel = runKernel;
    }
  });

  it('on a GPU concatenates the same number of values whatever the number of batches read (one shader)', async () => {
    const engine = tf.engine();
    const runKernel = engine.runKernel;
    const concats: number[] = [];
    engine.runKernel = function (this: typeof engine, ...args: Parameters<typeof runKernel>) {
      if (args[0] === 'Concat') concats.push(Object.keys(args[1]).length);
      return runKernel.apply(this, args);
    } as typeof runKernel;
    try {
      const before = tf.memory().numTensors;
      for (const count of [1, 2, 3, 4]) {
        const reads = new PendingReads(tf, 'webgl', 'acc', { readEvery: 4 });
        for (let b = 1; b <= count; b++) reads.push(1, b, 8, [tf.scalar(b / 10), tf.scalar(b / 5)]);
        const got: number[] = [];
        await reads.take(new RunClock(() => 0, count), (r) => got.push(r.loss, r.metrics.acc as number));
        // Every batch read once, in order, with its own values; the filling is not reported.
        expect(got.map((v) => Math.round(v * 10) / 10)).toEqual(
          Array.from({ length: count }, (_, i) => [(i + 1) / 10, (i + 1) / 5]).flat(),
        );
      }
      expect(concats).toEqual([8, 8, 8, 8]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      engine.runKernel = runKernel;
    }
  });

  it('on a GPU a read goes out without waiting: training goes on, events come back in order, same results', async () => {
    const reads = new PendingReads(tf, 'webgl', 'acc');
    const clock = new RunClock(() => 0, 6);
    const got: number[] = [];
    const onBatch = (r: { batch: number }) => got.push(r.batch);
    reads.push(1, 1, 8, [tf.scalar(0.5), tf.scalar(0)]);
    reads.push(1, 2, 8, [tf.scalar(0.5), tf.scalar(0)]);
    reads.send(clock, onBatch);
    expect([got, reads.size]).toEqual([[], 0]); // sent, not back yet
    reads.push(1, 3, 8, [tf.scalar(0.5), tf.scalar(0)]);
    reads.send(clock, onBatch);
    reads.push(1, 4, 8, [tf.scalar(0.5), tf.scalar(0)]);
    await reads.take(clock, onBatch);
    expect(got).toEqual([1, 2, 3, 4]);
    expect(clock.done).toBe(4);
    // A NaN in one read: nothing after it is reported, and `check` says so.
    reads.push(1, 5, 8, [tf.scalar(Number.NaN), tf.scalar(0)]);
    reads.send(clock, onBatch);
    reads.push(1, 6, 8, [tf.scalar(1), tf.scalar(0)]);
    reads.send(clock, onBatch);
    await reads.settle();
    expect(() => reads.check()).toThrow(NonFiniteLoss);
    expect(got).toEqual([1, 2, 3, 4]);
    reads.dispose();

    const each = await run(1);
    const gpu = await run(GPU_READ_EVERY, { backend: { name: 'webgl', fallbacks: [] } });
    expect(losses(gpu.events)).toEqual(losses(each.events));
    expect(gpu.weights).toEqual(each.weights);
  });

  it('PendingReads: one read for all pending batches, counted on the clock; NaN throws at its batch', async () => {
    const reads = new PendingReads(tf, 'webgl', 'acc');
    const clock = new RunClock(() => 0, 3);
    reads.push(1, 1, 8, [tf.scalar(0.5), tf.scalar(0.25)]);
    reads.push(1, 2, 4, [tf.scalar(0.75), tf.scalar(1)]);
    expect(reads.size).toBe(2);
    expect(reads.full).toBe(false);
    const got: unknown[] = [];
    await reads.take(clock, (r) => got.push(r));
    expect(got).toEqual([
      { epoch: 1, batch: 1, loss: 0.5, metrics: { acc: 0.25 } },
      { epoch: 1, batch: 2, loss: 0.75, metrics: { acc: 1 } },
    ]);
    expect([clock.done, clock.seen, reads.size]).toEqual([2, 12, 0]);
    reads.push(1, 3, 8, [tf.scalar(Number.NaN), tf.scalar(0)]);
    await expect(reads.take(clock, () => {})).rejects.toEqual(new NonFiniteLoss(Number.NaN, { epoch: 1, batch: 3 }));
    reads.push(2, 1, 8, [tf.scalar(1), tf.scalar(0)]);
    reads.dispose();
    expect(reads.size).toBe(0);
  });
});
