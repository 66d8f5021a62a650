// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../../compile';
import type { LayerStats, LayerStatsEvent, StartedEvent } from '../../train/events';
import { mlp } from '../../train/testing';
import { renderWith } from '../test/render.testkit';
import { fakeClient } from './fakeClient.testkit';
import { createNodeStats, HISTORY_POINTS, nodeView } from './nodeStats';
import { createTrainingPanel } from './panel';

afterEach(cleanup);

const doc = (): SkipwireDoc => ({ ...mlp(), metadata: { training: { dataset: { name: 'xor' } } } });

const layer = (path: string, over: Partial<LayerStats> = {}): LayerStats => ({
  path,
  mean: 0.1,
  std: 0.4,
  zeros: 0,
  deadUnits: 0,
  gradNorm: 0.2,
  weightNorm: 3,
  updateRatio: 1e-3,
  histogram: { min: -1, max: 1, counts: [1, 3, 5, 3, 1] },
  ...over,
});

const sample = (step: number, layers: LayerStats[]): LayerStatsEvent => ({
  type: 'layerStats',
  epoch: 1,
  batch: step,
  step,
  elapsedMs: step * 100,
  probe: 16,
  costMs: 3,
  layers,
});

const started: StartedEvent = {
  type: 'started',
  backend: 'cpu',
  fallbacks: [],
  loss: 'categoricalCrossentropy',
  metric: 'acc',
  samples: { train: 32, validation: 8 },
  epochs: 1,
  batchesPerEpoch: 4,
  weights: { kept: [], fresh: [] },
  warnings: [],
};

function setup() {
  const client = fakeClient();
  const panel = createTrainingPanel({ createClient: () => client });
  const Overlay = panel.nodeOverlay;
  const r = renderWith(
    doc(),
    <>
      {panel.render()}
      <div data-node="hidden">
        <Overlay id="hidden" />
      </div>
      <div data-node="head">
        <Overlay id="head" />
      </div>
    </>,
  );
  return { ...r, client, panel };
}

const start = async (s: ReturnType<typeof setup>, n: number) => {
  await waitFor(() => expect(screen.getByTestId('train-start').hasAttribute('disabled')).toBe(false));
  fireEvent.click(screen.getByTestId('train-start'));
  await waitFor(() => expect(s.client.starts).toHaveLength(n));
};

describe('live layer statistics on the nodes', () => {
  it('on by default: the run asks for them, the nodes show them, coloured by health, the reason on hover', async () => {
    const s = setup();
    expect(screen.queryByTestId('node-stats')).toBeNull(); // nothing before the first sample
    await start(s, 1);
    expect(s.client.starts[0]?.stats).toBe(true);
    act(() => {
      s.client.emit(started);
      s.client.emit(sample(1, [layer('hidden'), layer('head')]));
      s.client.emit(sample(2, [layer('hidden', { deadUnits: 0.8, zeros: 0.8 }), layer('head', { updateRatio: 0.05 })]));
    });
    const [hidden, head] = screen.getAllByTestId('node-stats');
    expect(hidden?.getAttribute('data-level')).toBe('bad');
    expect(hidden?.getAttribute('title')).toContain('Dead units: 80% of the units output 0 for every sample.');
    expect(head?.getAttribute('data-level')).toBe('warn');
    expect(head?.getAttribute('title')).toMatch(/Large updates/);
    expect(hidden?.querySelectorAll('rect')).toHaveLength(5); // the histogram's bins
    fireEvent.click(hidden as HTMLElement);
    const history = screen.getByTestId('node-stats-history');
    expect(history.textContent).toContain('hidden · 2 samples');
    expect(screen.getByRole('img', { name: 'zeros over the run, now 80%' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'output std over the run, now 0.400' })).toBeTruthy();
  });

  it('the switch turns them off for the next run; a new run forgets the last one', async () => {
    const s = setup();
    await start(s, 1);
    act(() => {
      s.client.emit(started);
      s.client.emit(sample(1, [layer('hidden')]));
      s.client.emit({ type: 'done', reason: 'completed', epochs: 1 });
    });
    await act(async () => s.client.finish({ started: true, reason: 'completed', epochs: 1, history: [] }));
    expect(screen.getAllByTestId('node-stats')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('train-stats'));
    await start(s, 2);
    expect(s.client.starts[1]?.stats).toBe(false);
    act(() => s.client.emit(started));
    expect(screen.queryByTestId('node-stats')).toBeNull();
    expect(s.panel.stats.history.size).toBe(0);
  });
});

describe('feature maps after training', () => {
  it("asks the worker for the selected layer's maps of the chosen validation sample, and draws them", async () => {
    const s = setup();
    s.client.maps = {
      path: 'hidden',
      row: 4,
      shape: [2, 2, 20],
      channels: 20,
      maps: Array.from({ length: 16 }, () => ({ width: 2, height: 2, data: new Uint8ClampedArray(16) })),
    };
    await start(s, 1);
    const image = { width: 2, height: 2, data: new Uint8ClampedArray(16) };
    act(() => {
      s.client.emit(started);
      s.client.emit({
        type: 'preview',
        epoch: 1,
        preview: {
          confusion: {
            classes: ['a', 'b'],
            matrix: [
              [3, 1],
              [0, 4],
            ],
            accuracy: 0.875,
            set: 'validation',
            wrong: 1,
            misclassified: [{ row: 4, truth: 0, predicted: 1, confidence: 0.9, image }],
          },
        },
      });
      s.client.emit({ type: 'done', reason: 'completed', epochs: 1 });
    });
    await act(async () => s.client.finish({ started: true, reason: 'completed', epochs: 1, history: [] }));
    expect(screen.getByTestId('train-misclassified').textContent).toContain(
      '1 of the validation samples predicted wrong',
    );
    expect(screen.getByRole('img', { name: 'sample 4: truth a, predicted b (90.0%)' })).toBeTruthy();
    expect(screen.getByTestId('train-feature-maps').textContent).toContain('Select a layer on the canvas');
    act(() => s.store.getState().select(['hidden']));
    await waitFor(() => expect(s.client.calls).toContain('featureMaps hidden 0'));
    await waitFor(() => expect(screen.getByTestId('train-feature-maps').querySelectorAll('canvas')).toHaveLength(16));
    expect(screen.getByTestId('train-feature-maps').textContent).toContain('2×2×20: the first 16 of 20 channels');
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Validation sample' }), { target: { value: '5' } });
    await waitFor(() => expect(s.client.calls).toContain('featureMaps hidden 5'));
  });
});

describe('nodeStats', () => {
  it('a block node shows its inner layers: the worst health, reasons named by layer', () => {
    const latest = new Map([
      ['apes_1/conv', layer('apes_1/conv', { deadUnits: 0.9 })],
      ['apes_1/add', layer('apes_1/add')],
      ['apes_10/add', layer('apes_10/add')],
    ]);
    const v = nodeView(latest, 'apes_1');
    expect(v?.layers).toBe(2);
    expect(v?.stats.path).toBe('apes_1/add');
    expect(v?.health.level).toBe('bad');
    expect(v?.health.reasons[0]).toMatch(/^conv: Dead units/);
    expect(nodeView(latest, 'nothing')).toBeUndefined();
  });

  it('keeps a bounded history, thinned by half when full', () => {
    const stats = createNodeStats();
    for (let i = 1; i <= HISTORY_POINTS + 1; i++) stats.add(sample(i, [layer('a')]));
    const points = stats.history.get('a') ?? [];
    expect(points.length).toBe(HISTORY_POINTS / 2 + 1);
    expect(points.at(-1)?.step).toBe(HISTORY_POINTS + 1);
    expect(points[0]?.step).toBe(2);
  });
});
