/** The training panel's pure parts: chart series, reading CSV files, image sizing, and its imports. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchEvent, EpochEvent } from '../../train/events';
import { imageShapeFor, readCsvFile, withColumns } from './byo';
import { fakeClient } from './fakeClient.testkit';
import { formatDuration, formatValue } from './format';
import { TrainingSeries } from './series';
import { createTrainingSession } from './session';
import { suggestBuiltin } from './settingsModel';

const batch = (epoch: number, b: number, loss: number): BatchEvent => ({
  type: 'batch',
  epoch,
  batch: b,
  batchesPerEpoch: 2,
  loss,
  metrics: { acc: 1 - loss },
  elapsedMs: 0,
  etaMs: 0,
  samplesPerSecond: 0,
});

const epoch = (e: number, loss: number, val?: number): EpochEvent => ({
  type: 'epoch',
  epoch: e,
  epochs: 2,
  backend: 'webgl',
  loss,
  metrics: { acc: 1 - loss },
  ...(val === undefined ? {} : { val: { loss: val, metrics: { acc: 1 - val } } }),
  elapsedMs: 0,
  etaMs: 0,
  samplesPerSecond: 0,
});

describe('chart series', () => {
  it('puts batches at fractions of an epoch and epoch values at the last batch of their epoch', () => {
    const s = new TrainingSeries();
    s.addBatch(batch(1, 1, 0.875));
    s.addBatch(batch(1, 2, 0.625));
    s.addEpoch(epoch(1, 0.75, 0.5));
    s.addBatch(batch(2, 1, 0.5));
    s.addBatch(batch(2, 2, 0.25));
    s.addEpoch(epoch(2, 0.375));
    expect(s.lossRows()).toEqual([
      [0.5, 1, 1.5, 2],
      [0.875, 0.625, 0.5, 0.25],
      [null, 0.75, null, 0.375],
      [null, 0.5, null, null],
    ]);
    expect(s.metric).toBe('acc');
    expect(s.metricRows()).toEqual([
      s.x,
      [0.125, 0.375, 0.5, 0.75],
      [null, 0.25, null, 0.625],
      [null, 0.5, null, null],
    ]);
    s.clear();
    expect(s.lossRows()).toEqual([[], [], [], []]);
    expect(s.metric).toBeUndefined();
  });
});

describe('training session', () => {
  it('applies a burst of events in one store update per frame', () => {
    const client = fakeClient();
    const frames: (() => void)[] = [];
    const session = createTrainingSession(client, { schedule: (f) => frames.push(f) });
    let updates = 0;
    session.subscribe(() => updates++);
    for (let b = 1; b <= 2; b++) client.emit(batch(1, b, 1 / b));
    client.emit(epoch(1, 0.75, 0.5));
    for (let b = 1; b <= 2; b++) client.emit(batch(2, b, 0.25));
    expect(updates).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(updates).toBe(1);
    const s = session.getState();
    expect(s).toMatchObject({ epochsDone: 1, loss: 0.25, progress: { epoch: 2, batch: 2 } });
    expect(session.series.length).toBe(4);
    client.emit({ type: 'paused' });
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(session.getState().phase).toBe('paused');
  });
});

describe('bring your own data', () => {
  const csv =
    'sepal,petal,colour,species\n5.1,1.4,red,setosa\n7.0,4.7,blue,versicolor\n6.3,,red,virginica\n5.0,1.5,blue,setosa\n';

  it('reads a CSV file: the last column is the label, the other numeric columns the features', async () => {
    const choice = await readCsvFile(new File([csv], 'iris.csv'));
    expect(choice).toMatchObject({ fileName: 'iris.csv', label: 'species', features: ['sepal', 'petal'], skipped: 1 });
    expect(choice.dataset).toMatchObject({ name: 'iris.csv', task: 'classification', count: 3, inputShape: [2] });
    const regression = await withColumns({ ...choice, features: ['sepal'], label: 'petal', task: 'regression' });
    expect(regression.dataset).toMatchObject({ task: 'regression', count: 3, targetShape: [1] });
  });

  it('carries the reason when the chosen columns make no data set', async () => {
    const choice = await readCsvFile(new File([csv], 'iris.csv'));
    const none = await withColumns({ ...choice, features: [] });
    expect(none.dataset).toBeUndefined();
    expect(none.error).toBe('Choose at least one feature column.');
    await expect(readCsvFile(new File(['a,b\n1\n'], 'bad.csv'))).rejects.toThrow(/row 2 has 1 fields/);
  });

  it('sizes image folders to an image input, else 32×32×3', () => {
    expect(imageShapeFor([64, 48, 1])).toEqual([64, 48, 1]);
    expect(imageShapeFor([2])).toEqual([32, 32, 3]);
    expect(imageShapeFor([null, null, 3])).toEqual([32, 32, 3]);
  });

  it('suggests the built-in set that suits the model', () => {
    expect(suggestBuiltin([2], [2])).toBe('spirals');
    expect(suggestBuiltin([32, 32, 3], [1024, 4])).toBe('shapes-seg');
    expect(suggestBuiltin([32, 32, 3], [3])).toBe('shapes');
  });
});

describe('numbers shown', () => {
  it('formats durations and values', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(3_720_000)).toBe('1 h 02 min');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(0.0000123)).toBe('1.230e-5');
    expect(formatValue(Number.NaN)).toBe('NaN');
  });
});

describe('src/editor/training imports', () => {
  const dir = 'src/editor/training';
  const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

  it.each(files)('%s loads no tfjs on the page (training runs in the worker)', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const imports = [...text.matchAll(/^\s*import\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
      .filter((m) => !m[1])
      .map((m) => m[2] as string);
    expect(imports.filter((i) => i.startsWith('@tensorflow/'))).toEqual([]);
    // The worker is started by the client; the panel never imports the worker or the trainer itself.
    expect(imports.filter((i) => /train\/(worker|trainer|steps|losses|weights)$/.test(i))).toEqual([]);
    expect(text).not.toMatch(/import\(\s*['"]@tensorflow/);
  });
});
