import * as tf from '@tensorflow/tfjs';
import { expose } from 'comlink';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEdit, example } from '../compile';
import { createTrainingClient } from './client';
import type { TrainEvent } from './events';
import { YIELD_AFTER_MS } from './pace';
import { createTrainingService, type TrainRequest } from './service';
import { linear, mlp } from './testing';

beforeAll(() => {
  tf.env().set('PROD', true);
});

const request = (over: Partial<TrainRequest> = {}): TrainRequest => ({
  doc: example('spirals'),
  settings: { epochs: 2, batchSize: 32 },
  data: { kind: 'builtin', spec: { name: 'xor', samples: 100 } },
  ...over,
});

function service() {
  const events: TrainEvent[] = [];
  const s = createTrainingService({ loadTf: async () => tf });
  s.subscribe((batch) => events.push(...batch));
  return { s, events };
}

const started = (events: TrainEvent[]) => events.filter((e) => e.type === 'started');

describe('training service (what the worker exposes)', () => {
  it('makes the data set, falls back to cpu saying why, trains and previews each epoch', async () => {
    const before = tf.memory().numTensors;
    const { s, events } = service();
    const r = await s.start(request({ backend: 'webgl' }));
    expect(r).toMatchObject({ started: true, reason: 'completed', epochs: 2 });
    expect(started(events)[0]).toMatchObject({
      backend: 'cpu',
      fallbacks: [
        { backend: 'webgl', reason: 'webgl is not available here' },
        { backend: 'webgpu', reason: 'webgpu is not available here' },
        { backend: 'wasm', reason: 'wasm is not available here' },
      ],
      samples: { train: 80, validation: 20 },
    });
    const previews = events.filter((e) => e.type === 'preview');
    expect(previews).toHaveLength(2);
    expect(previews[0]?.type === 'preview' && Object.keys(previews[0].preview)).toEqual(['confusion', 'boundary']);
    expect(await s.preview()).toHaveProperty('boundary');
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('picks the backend by the model when asked for none: wasm for a small dense model, else the next in order', async () => {
    const { s, events } = service();
    await s.start(request({ settings: { epochs: 1 } }));
    // This service has no wasm loader: the automatic choice (wasm) falls back to cpu, saying why.
    expect(started(events)[0]).toMatchObject({
      backend: 'cpu',
      fallbacks: [{ backend: 'wasm', reason: 'wasm is not available here' }],
    });
    expect(started(events)[0]).not.toHaveProperty('choice');
    s.dispose();
  });

  it('reports the tensors alive: zeros before tfjs loads, the model kept after a run, none after a reset', async () => {
    const { s } = service();
    expect(await s.memory()).toEqual({ numTensors: 0, numBytes: 0 });
    const before = tf.memory().numTensors;
    await s.start(request({ settings: { epochs: 1 } }));
    const kept = await s.memory();
    expect(kept.backend).toBe('cpu');
    expect(kept.numTensors).toBeGreaterThan(before);
    expect(kept.numTensors).toBe(tf.memory().numTensors);
    s.resetWeights();
    expect((await s.memory()).numTensors).toBe(before);
    s.dispose();
  });

  it('checks without training, and a start that does not fit answers with the problems', async () => {
    const { s, events } = service();
    const report = await s.check(request({ doc: mlp(3), settings: { epochs: 0 } }));
    expect(report.ok).toBe(false);
    expect(report.settingsIssues[0]).toMatch(/^training settings: epochs:/);
    expect(report.dataset).toEqual({
      name: 'xor',
      task: 'classification',
      count: 100,
      inputShape: [2],
      classes: ['negative', 'positive'],
    });
    expect(report.problems[0]?.fix?.label).toBe('Set the Input shape to 2');
    const r = await s.start(request({ doc: mlp(3) }));
    expect(r.started).toBe(false);
    expect(events).toEqual([]);
    s.dispose();
  });

  it('keeps trained weights for the next run after an edit, on every unchanged layer', async () => {
    const { s, events } = service();
    await s.start(request());
    const trained = await s.getWeights();
    // Both branches get 12 units (Add needs them equal): their kernels and the output's change shape.
    const edited = applyEdit(example('spirals'), { op: 'setParam', node: 'branch_b', param: 'units', value: 12 });
    const both = applyEdit(edited.doc, { op: 'setParam', node: 'branch_a', param: 'units', value: 12 });
    await s.start(request({ doc: both.doc }));
    expect(started(events)[1]).toMatchObject({
      weights: { kept: ['hidden'], fresh: ['branch_a', 'branch_b', 'output'] },
    });
    await s.start(request({ doc: both.doc, keepWeights: false }));
    expect(started(events)[2]).toMatchObject({ weights: { kept: [] } });
    expect(trained?.hidden).toBeDefined();
    s.dispose();
  });

  it('reset forgets the weights; setWeights gives the next run its weights', async () => {
    const { s, events } = service();
    await s.start(request());
    const w = await s.getWeights();
    s.resetWeights();
    expect(events.at(-1)).toEqual({ type: 'weightsReset' });
    expect(await s.getWeights()).toBeUndefined();
    await s.setWeights(w);
    expect(await s.getWeights()).toBe(w);
    await s.start(request());
    expect(started(events)[1]).toMatchObject({ weights: { kept: ['hidden', 'branch_a', 'branch_b', 'output'] } });
    s.dispose();
  });

  it('one run at a time; a stop before the model is built stops the run', async () => {
    const { s, events } = service();
    const first = s.start(request());
    await expect(s.start(request())).rejects.toThrow(/already running/);
    s.stop();
    expect(await first).toMatchObject({ started: true, reason: 'stopped', epochs: 0 });
    expect(events.at(-1)).toEqual({ type: 'done', reason: 'stopped', epochs: 0 });
    s.dispose();
  });
});

describe('events leave the service in lists: one per stretch of training, not one per batch', () => {
  it('holds batch events until the trainer yields or another event comes, in order', async () => {
    const lists: (readonly TrainEvent[])[] = [];
    const s = createTrainingService({ loadTf: async () => tf });
    s.subscribe((events) => lists.push(events));
    const t0 = performance.now();
    const r = await s.start(request({ settings: { epochs: 3, batchSize: 8 }, previewEvery: 0 }));
    const ms = performance.now() - t0;
    expect(r).toMatchObject({ started: true, reason: 'completed' });
    const events = lists.flat();
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches).toHaveLength(3 * 10); // 80 training samples in batches of 8
    // Every event once, in the trainer's order: each epoch after its batches, `done` last.
    expect(batches.map((e) => `${e.epoch}.${e.batch}`)).toEqual(
      [1, 2, 3].flatMap((ep) => Array.from({ length: 10 }, (_, b) => `${ep}.${b + 1}`)),
    );
    expect(events.map((e) => e.type).filter((t) => t !== 'batch')).toEqual([
      'started',
      'epoch',
      'epoch',
      'epoch',
      'done',
    ]);
    // A list ends with its one other event, or is all batches, sent at a yield: after
    // YIELD_AFTER_MS of work, or at an epoch's end (one forced yield per epoch).
    for (const list of lists) expect(list.slice(0, -1).every((e) => e.type === 'batch')).toBe(true);
    const batchOnly = lists.filter((l) => l.every((e) => e.type === 'batch')).length;
    expect(batchOnly).toBeLessThanOrEqual(Math.ceil(ms / YIELD_AFTER_MS) + 3);
    expect(lists.length).toBeLessThan(batches.length);
    s.dispose();
  });
});

describe('training client over a message channel (as with the worker)', () => {
  const { port1, port2 } = new MessageChannel();
  expose(createTrainingService({ loadTf: async () => tf }), port1);
  const client = createTrainingClient(port2);

  afterAll(() => {
    client.terminate();
    port1.close();
  });

  it('streams every event before start resolves, and follows the status', async () => {
    const events: TrainEvent[] = [];
    const statuses: string[] = [];
    const off = client.subscribe((e) => {
      events.push(e);
      statuses.push(client.status);
      if (e.type === 'started') void client.pause();
      if (e.type === 'paused') void client.resume();
    });
    const r = await client.start(request({ settings: { epochs: 2, batchSize: 16 } }));
    expect(r).toMatchObject({ started: true, reason: 'completed' });
    expect(events.at(-1)).toEqual({ type: 'done', reason: 'completed', epochs: 2 });
    const types = events.map((e) => e.type);
    // The pause lands between two batches, when its message arrives; the resume follows it.
    const at = types.indexOf('paused');
    expect(at).toBeGreaterThan(0);
    expect(types[at + 1]).toBe('resumed');
    expect(types.filter((t) => t === 'batch')).toHaveLength(10);
    expect([statuses[0], statuses[at], statuses[at + 1]]).toEqual(['running', 'paused', 'running']);
    expect(client.status).toBe('idle');
    const weights = await client.getWeights();
    expect(weights?.output?.[0]?.values).toBeInstanceOf(Float32Array);
    off();
  });

  it('answers checks with the problems and their fixes as data', async () => {
    const report = await client.check(request({ doc: mlp(2, 3) }));
    expect(report.problems[0]?.fix?.ops).toEqual([{ op: 'setParam', node: 'head', param: 'units', value: 2 }]);
  });

  it('discards diverged weights after a NaN fault, so the next run starts afresh', async () => {
    const before = tf.memory().numTensors;
    const { s, events } = service();
    const diverging = request({
      doc: mlp(2, 1, 'linear', 32),
      data: { kind: 'dataset', dataset: linear(64) },
      settings: { epochs: 50, batchSize: 8, optimizer: 'sgd', learningRate: 1000 },
    });
    expect(await s.start(diverging)).toMatchObject({ started: true, reason: 'fault', fault: { kind: 'nan' } });
    expect(events.at(-1)).toMatchObject({ type: 'fault', kind: 'nan' });
    expect(await s.getWeights()).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
    const again = await s.start({
      ...diverging,
      settings: { epochs: 1, batchSize: 8, optimizer: 'sgd', learningRate: 0.01 },
    });
    expect(again).toMatchObject({ started: true, reason: 'completed' });
    expect(started(events).at(-1)).toMatchObject({ weights: { kept: [] } });
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('ends the run with a fault when the worker crashes, instead of hanging', async () => {
    const channel = new MessageChannel();
    const service = createTrainingService({ loadTf: async () => tf });
    expose(service, channel.port1);
    const crashing = createTrainingClient(channel.port2);
    const events: TrainEvent[] = [];
    crashing.subscribe((e) => {
      events.push(e);
      if (e.type === 'batch') channel.port2.dispatchEvent(new Event('error'));
    });
    const r = await crashing.start(request({ settings: { epochs: 50, batchSize: 16 } }));
    expect(r).toMatchObject({ started: true, reason: 'fault', fault: { kind: 'error' } });
    expect(events.find((e) => e.type === 'fault')).toMatchObject({ message: expect.stringMatching(/worker crashed/) });
    expect(crashing.status).toBe('idle');
    service.stop();
    channel.port1.close();
  });
});
