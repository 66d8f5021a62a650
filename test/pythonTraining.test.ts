/**
 * The Python export compiles the model with what the trainer would use: for every example and for
 * softmax→Reshape, sigmoid and linear heads, the loss, metric, learning rate and epochs written in
 * `compile_model` / `train_distributed` equal those of a training run on a data set that fits the
 * model (the trainer's own functions: settings, data check, metric).
 */
import { describe, expect, it } from 'vitest';
import { type Analysis, analyze } from '../src/compile/analyze';
import { DocBuilder } from '../src/compile/builder';
import type { SkipwireDoc } from '../src/compile/document';
import { EXAMPLES } from '../src/compile/examples';
import { exportPython } from '../src/formats/python';
import { checkData } from '../src/train/check';
import type { Dataset } from '../src/train/data/types';
import { metricName } from '../src/train/losses';
import { readTrainingSettings } from '../src/train/settings';

/** What `model.compile` and `train_distributed` say in the exported script. */
function exported(doc: SkipwireDoc) {
  const py = exportPython(doc, { distributed: true });
  const loss = /loss="(\w+)"/.exec(py)?.[1];
  const metric = /metrics=\["(\w+)"\]/.exec(py)?.[1];
  const lr = /learning_rate=([\d.e-]+)/.exec(py)?.[1];
  const epochs = /def train_distributed\(epochs=(\d+)/.exec(py)?.[1];
  return { loss, metric, learningRate: Number(lr), epochs: Number(epochs) };
}

const KERAS_LOSS = {
  categoricalCrossentropy: 'categorical_crossentropy',
  binaryCrossentropy: 'binary_crossentropy',
  meanSquaredError: 'mean_squared_error',
  meanAbsoluteError: 'mean_absolute_error',
} as const;
const KERAS_METRIC = { acc: 'accuracy', mae: 'mae' } as const;

/** A tiny data set shaped for the model: classes for a softmax / sigmoid head, values otherwise. */
function datasetFor(a: Analysis): Dataset {
  const byPath = new Map(a.layers.map((l) => [l.path, l]));
  const input = (byPath.get(a.inputs[0] as string)?.shape ?? []) as number[];
  const out = (byPath.get(a.outputs[0] as string)?.shape ?? []) as number[];
  const count = 4;
  const x = new Float32Array(count * input.reduce((p, d) => p * d, 1));
  const base = { name: 'probe', count, inputShape: input, x };
  const head = checkData(
    a,
    { ...base, task: 'regression', targetShape: out, targets: new Float32Array(0) },
    readTrainingSettings({ metadata: {} } as SkipwireDoc).settings,
  ).head;
  if (head === 'other')
    return {
      ...base,
      task: 'regression',
      targetShape: out,
      targets: new Float32Array(count * out.reduce((p, d) => p * d, 1)),
    };
  const k = out.at(-1) === 1 ? 2 : (out.at(-1) as number);
  const classes = Array.from({ length: k }, (_, i) => `c${i}`);
  if (out.length === 1) return { ...base, task: 'classification', classes, labels: new Int32Array(count) };
  const lead = out.slice(0, -1);
  const maskShape: [number, number] =
    lead.length === 2 ? [lead[0] as number, lead[1] as number] : [lead.reduce((p, d) => p * d, 1), 1];
  return {
    ...base,
    task: 'segmentation',
    classes,
    maskShape,
    labels: new Int32Array(count * maskShape[0] * maskShape[1]),
  };
}

/** What the trainer uses for the document: its settings, the loss of the data check, the metric of the layout. */
function trained(doc: SkipwireDoc) {
  const a = analyze(doc);
  const { settings } = readTrainingSettings(doc);
  const check = checkData(a, datasetFor(a), settings);
  if (!check.layout) throw new Error(`no layout: ${check.problems.map((p) => p.message).join('; ')}`);
  return {
    loss: KERAS_LOSS[check.loss],
    metric: KERAS_METRIC[metricName(check.layout)],
    learningRate: settings.learningRate,
    epochs: settings.epochs,
  };
}

function head(kind: 'softmaxReshape' | 'sigmoid' | 'linear', training?: Record<string, unknown>): SkipwireDoc {
  const b = new DocBuilder(kind, training ? { training } : {});
  const x = b.layer('input', 'input', { shape: [4] });
  if (kind === 'softmaxReshape') {
    const d = b.layer('dense', 'scores', { units: 6, activation: 'softmax' }, [x]);
    b.layer('reshape', 'cells', { targetShape: [2, 3] }, [d]);
  } else
    b.layer(
      'dense',
      'out',
      { units: kind === 'sigmoid' ? 1 : 3, activation: kind === 'sigmoid' ? 'sigmoid' : 'linear' },
      [x],
    );
  return b.build();
}

describe('the Python export trains as the trainer would', () => {
  it.each(Object.keys(EXAMPLES))('example %s', (name) => {
    const doc = (EXAMPLES[name] as () => SkipwireDoc)();
    expect(exported(doc)).toEqual(trained(doc));
  });

  it.each(['softmaxReshape', 'sigmoid', 'linear'] as const)('%s head, no settings saved', (kind) => {
    const doc = head(kind);
    expect(exported(doc)).toEqual(trained(doc));
  });

  it('softmax → Reshape with no settings: categorical crossentropy, accuracy, lr 0.01, 20 epochs', () => {
    expect(exported(head('softmaxReshape'))).toEqual({
      loss: 'categorical_crossentropy',
      metric: 'accuracy',
      learningRate: 0.01,
      epochs: 20,
    });
  });

  it.each(['softmaxReshape', 'sigmoid', 'linear'] as const)('%s head with saved settings', (kind) => {
    const doc = head(kind, { optimizer: 'rmsprop', learningRate: 0.003, epochs: 7, loss: 'meanAbsoluteError' });
    expect(exported(doc)).toEqual(trained(doc));
    expect(exported(doc)).toMatchObject({ loss: 'mean_absolute_error', learningRate: 0.003, epochs: 7 });
  });
});
