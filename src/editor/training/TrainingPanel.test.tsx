// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../../compile';
import { EXAMPLES } from '../../compile';
import type { TrainEvent } from '../../train/events';
import { mlp, tinySegmenter } from '../../train/testing';
import { renderWith } from '../test/render.testkit';
import { type FakeClient, fakeClient } from './fakeClient.testkit';
import { createTrainingPanel } from './panel';

afterEach(cleanup);

const withTraining = (doc: SkipwireDoc, training: Record<string, unknown>): SkipwireDoc => ({
  ...doc,
  metadata: { ...doc.metadata, training },
});

function setup(doc: SkipwireDoc) {
  const client = fakeClient();
  const panel = createTrainingPanel({ createClient: () => client });
  const r = renderWith(doc, panel.render());
  return { ...r, client, session: panel.session() };
}

const status = () => screen.getByTestId('train-check-status');
const problems = () => [...document.querySelectorAll('.sw-train-check .sw-diagnostic')];
const ready = () => waitFor(() => expect(status().textContent).toContain('Ready to train'));
const text = (id: string) => screen.getByTestId(id).textContent;

describe('training panel: the data check', () => {
  it('says why the head does not fit the classes, and its fix button edits the model', async () => {
    const s = setup(withTraining(tinySegmenter(5), { dataset: { name: 'shapes-seg', samples: 8 } }));
    await waitFor(() => expect(status().textContent).toContain('Cannot train yet'));
    const [first] = problems();
    expect(first?.getAttribute('data-severity')).toBe('error');
    expect(first?.textContent).toContain(
      "The model's head gives 5 values per pixel; the data set has 4 classes (background, circle, square, triangle).",
    );
    expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Fix: Output 4 classes' }));
    const classifier = s.store.getState().doc.nodes.find((n) => n.id === 'classifier');
    expect(classifier?.params.filters).toBe(4);
    await ready();
    expect(problems().some((p) => p.textContent?.includes('values per pixel'))).toBe(false);
    expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(false);
  });

  it('offers a settings fix where the loss does not suit the head', async () => {
    const s = setup(withTraining(mlp(2, 1, 'sigmoid'), { loss: 'categoricalCrossentropy', dataset: { name: 'xor' } }));
    await waitFor(() => expect(problems()[0]?.textContent).toContain('Categorical crossentropy needs one output'));
    fireEvent.click(screen.getByRole('button', { name: 'Fix: Use binary crossentropy' }));
    expect((s.store.getState().doc.metadata.training as { loss: string }).loss).toBe('binaryCrossentropy');
    await ready();
  });

  it('offers to set the input shape for another data set, and shows a warning without blocking', async () => {
    const s = setup(withTraining((EXAMPLES.spirals as () => SkipwireDoc)(), { batchSize: 64 }));
    await ready();
    expect(status().textContent).toContain('1,000 samples of 2');
    fireEvent.change(screen.getByTestId('train-dataset'), { target: { value: 'shapes' } });
    await waitFor(() => screen.getByRole('button', { name: 'Fix: Set the Input shape to 32×32×3' }));
    expect((s.store.getState().doc.metadata.training as { dataset: unknown }).dataset).toEqual({ name: 'shapes' });
    fireEvent.change(screen.getByTestId('train-dataset'), { target: { value: 'xor' } });
    const samples = document.querySelector('[data-setting="samples"] input') as HTMLInputElement;
    fireEvent.change(samples, { target: { value: '40' } });
    fireEvent.keyDown(samples, { key: 'Enter' });
    await waitFor(() =>
      expect(problems()[0]?.textContent).toContain('The batch size (64) is larger than the training set (32 samples)'),
    );
    expect(problems()[0]?.getAttribute('data-severity')).toBe('warning');
    expect(status().textContent).toContain('Ready to train');
  });

  it('asks for a file before a CSV or an image folder can be checked', async () => {
    setup((EXAMPLES.spirals as () => SkipwireDoc)());
    fireEvent.change(screen.getByTestId('train-dataset'), { target: { value: 'csv' } });
    expect(status().textContent).toBe('Choose a CSV file, or drop one on the data section.');
    expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByTestId('train-dataset'), { target: { value: 'images' } });
    expect(status().textContent).toBe('Choose a folder of images, or drop one on the data section.');
  });
});

/** Plays a short run of the worker: started, a batch, an epoch. */
function playRun(client: FakeClient) {
  const events = runEvents();
  act(() => {
    for (const e of events) client.emit(e);
  });
}

/** The events of a short run: started, a batch, an epoch. */
function runEvents(): TrainEvent[] {
  return [
    {
      type: 'started',
      backend: 'cpu',
      fallbacks: [{ backend: 'webgl', reason: 'webgl is not available here' }],
      loss: 'categoricalCrossentropy',
      metric: 'acc',
      samples: { train: 800, validation: 200 },
      epochs: 2,
      batchesPerEpoch: 25,
      weights: { kept: [], fresh: ['hidden'] },
      warnings: [],
    },
    {
      type: 'batch',
      epoch: 1,
      batch: 25,
      batchesPerEpoch: 25,
      loss: 0.6934,
      metrics: { acc: 0.5 },
      elapsedMs: 2000,
      etaMs: 2000,
      samplesPerSecond: 400,
    },
    {
      type: 'epoch',
      epoch: 1,
      epochs: 2,
      backend: 'cpu',
      loss: 0.7,
      metrics: { acc: 0.52 },
      val: { loss: 0.65, metrics: { acc: 0.6 } },
      elapsedMs: 2100,
      etaMs: 2100,
      samplesPerSecond: 390,
    },
  ];
}

describe('training panel: a run', () => {
  it('starts with the settings, the data and the chosen backend, and shows progress, loss and fallbacks', async () => {
    const s = setup(
      withTraining((EXAMPLES.spirals as () => SkipwireDoc)(), { epochs: 2, dataset: { name: 'circles' } }),
    );
    await ready();
    fireEvent.change(screen.getByRole('combobox', { name: 'Backend' }), { target: { value: 'cpu' } });
    fireEvent.click(screen.getByTestId('train-start'));
    await waitFor(() => expect(s.client.starts).toHaveLength(1));
    expect(s.client.starts[0]).toMatchObject({
      backend: 'cpu',
      data: { kind: 'builtin', spec: { name: 'circles' } },
      settings: { epochs: 2, optimizer: 'adam' },
      previewEvery: 1,
    });
    playRun(s.client);
    // Events reach the page at the next animation frame.
    await waitFor(() => expect(text('train-backend')).toBe('cpu'));
    expect(screen.getByRole('list', { name: 'Backends passed over' }).textContent).toBe('webgl is not available here');
    expect(text('train-epoch')).toBe('1');
    expect(text('train-loss')).toBe('0.6934');
    expect(text('train-progress')).toBe('Epoch 1 of 2 · batch 25 of 25 · 2 s left · 400.0 samples/s');
    expect(screen.getByRole('progressbar', { name: 'Training progress' }).getAttribute('value')).toBe('25');
    fireEvent.click(screen.getByTestId('train-pause'));
    act(() => s.client.emit({ type: 'paused' }));
    fireEvent.click(await screen.findByTestId('train-resume'));
    fireEvent.click(screen.getByTestId('train-stop'));
    await waitFor(() => expect(s.client.calls).toEqual(['start', 'pause', 'resume', 'stop']));
    act(() => s.client.emit({ type: 'done', reason: 'stopped', epochs: 1 }));
    s.client.tensors = 12;
    await act(async () => s.client.finish({ started: true, reason: 'stopped', epochs: 1, history: [] }));
    expect(text('train-done')).toContain('Stopped after 1 epoch.');
    await waitFor(() => expect(text('train-tensors')).toBe('12 tensors, 12.0 KB'));
    expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(false);
  });

  it('names the metric from the start of a run, before any epoch has a value', async () => {
    const s = setup(withTraining((EXAMPLES.spirals as () => SkipwireDoc)(), { dataset: { name: 'xor' } }));
    await ready();
    fireEvent.click(screen.getByTestId('train-start'));
    await waitFor(() => expect(s.client.starts).toHaveLength(1));
    const [started] = runEvents();
    act(() => s.client.emit(started as TrainEvent));
    await waitFor(() => expect(text('train-backend')).toBe('cpu'));
    expect(screen.getByText('accuracy', { selector: 'dt' })).toBeTruthy();
    expect(screen.queryByText('mean abs. error', { selector: 'dt' })).toBeNull();
  });

  it('shows a fault with its hint, and the editor goes on working', async () => {
    const s = setup(withTraining((EXAMPLES.spirals as () => SkipwireDoc)(), { dataset: { name: 'xor' } }));
    await ready();
    fireEvent.click(screen.getByTestId('train-start'));
    await waitFor(() => expect(s.client.starts).toHaveLength(1));
    playRun(s.client);
    act(() =>
      s.client.emit({
        type: 'fault',
        kind: 'nan',
        message: 'The loss became not a number (NaN) at epoch 2, batch 3: training stopped.',
        hint: 'Lower the learning rate (it is 0.5; try 0.05) and train again: the diverged weights were discarded, so the next run starts from fresh ones.',
      }),
    );
    await act(async () => s.client.finish({ started: true, reason: 'fault', epochs: 1, history: [] }));
    const fault = screen.getByTestId('train-fault');
    expect(fault.getAttribute('role')).toBe('alert');
    expect(fault.textContent).toContain('The loss became not a number (NaN) at epoch 2, batch 3');
    expect(fault.textContent).toContain('Lower the learning rate (it is 0.5; try 0.05)');
    act(() => s.store.getState().apply({ op: 'setParam', node: 'hidden', param: 'units', value: 4 }));
    expect(s.store.getState().doc.nodes.find((n) => n.id === 'hidden')?.params.units).toBe(4);
    expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(false);
  });
});
