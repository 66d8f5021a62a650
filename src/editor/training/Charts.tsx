/**
 * Live charts of the run with uPlot (loaded once the panel is shown, never with the editor's first
 * scripts): loss, and accuracy or mean absolute error, per batch and per epoch, training against
 * validation. The session applies events at most once per animation frame; a chart redraws at
 * most every `REDRAW_MS`, and builds and redraws in a task of its own (a timer), never inside the
 * React commit or the event that asked for it, so no main-thread task grows long while training.
 */
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import type { ChartRows, TrainingSeries } from './series';
import type { TrainingSession } from './session';
import { useSession } from './useSession';

let uplot: Promise<typeof uPlot> | undefined;
/** Loads uPlot (once). The panel calls it when shown, so the first chart of a run draws at once. */
export const loadUplot = (): Promise<typeof uPlot> => {
  uplot ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([m]) => m.default);
  return uplot;
};

const HEIGHT = 170;
/** The shortest time between two redraws of a chart during a run (the last state is always drawn). */
export const REDRAW_MS = 250;

/**
 * Calls `f` in a task of its own, at most once every `ms`: requests in between are merged into
 * one trailing call. `cancel` drops a pending call.
 */
export function throttled(f: () => void, ms: number): { request(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = Number.NEGATIVE_INFINITY;
  return {
    request() {
      if (timer !== undefined) return;
      const wait = Math.max(0, last + ms - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        last = performance.now();
        f();
      }, wait);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The theme's colours (light or dark), read from the editor's CSS variables. */
function palette(el: Element) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--sw-muted', '#60646c'),
    grid: v('--sw-border', '#d9dde3'),
    batch: v('--sw-minimap-node', '#c4cad3'),
    train: v('--sw-accent', '#3e63dd'),
    validation: '#f59322',
  };
}

/** The steps uPlot may put between epoch ticks: whole epochs only (never 1.25, 1.5). */
export const EPOCH_INCRS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];

/** Epoch tick labels: whole numbers (batches sit at fractions of an epoch, but ticks do not). */
export const epochTicks = (_u: unknown, splits: number[]): string[] =>
  splits.map((v) => (Number.isInteger(v) ? String(v) : ''));

export function options(title: string, width: number, colors: ReturnType<typeof palette>): uPlot.Options {
  const axis = { stroke: colors.text, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid } };
  return {
    title,
    width,
    height: HEIGHT,
    scales: { x: { time: false } },
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    axes: [
      { ...axis, label: 'epoch', labelSize: 18, size: 32, incrs: EPOCH_INCRS, values: epochTicks },
      { ...axis, size: 48 },
    ],
    series: [
      { label: 'epoch' },
      { label: 'batch', stroke: colors.batch, width: 1, points: { show: false } },
      { label: 'training', stroke: colors.train, width: 2, spanGaps: true, points: { show: true, size: 5 } },
      {
        label: 'validation',
        stroke: colors.validation,
        width: 2,
        dash: [6, 3],
        spanGaps: true,
        points: { show: true, size: 5 },
      },
    ],
  };
}

function Chart({
  session,
  title,
  rows,
  testId,
}: {
  session: TrainingSession;
  title: string;
  rows: (series: TrainingSeries) => ChartRows;
  testId: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let chart: uPlot | undefined;
    let live = true;
    const data = () => rows(session.series) as uPlot.AlignedData;
    const redraw = throttled(() => chart?.setData(data()), REDRAW_MS);
    const off = session.subscribe((s, before) => {
      if (s.chartSeq !== before.chartSeq) redraw.request();
    });
    const width = () => Math.max(160, el.clientWidth);
    const resize = new ResizeObserver(() => chart?.setSize({ width: width(), height: HEIGHT }));
    // The colours come from the theme: a switch between light and dark draws the chart again.
    const scheme = window.matchMedia?.('(prefers-color-scheme: dark)');
    let build: (() => void) | undefined;
    const rebuild = () => build?.();
    let first: ReturnType<typeof setTimeout> | undefined;
    loadUplot()
      // A task of its own for the first build: not in the commit that mounted the chart.
      .then((UPlot) => new Promise<typeof uPlot>((resolve) => (first = setTimeout(() => resolve(UPlot), 0))))
      .then((UPlot) => {
        if (!live) return;
        if (!document.createElement('canvas').getContext('2d')) throw new Error('this browser draws no 2-D canvas');
        build = () => {
          chart?.destroy();
          chart = new UPlot(options(title, width(), palette(el)), data(), el);
        };
        build();
        resize.observe(el);
        scheme?.addEventListener('change', rebuild);
      })
      .catch((e: unknown) => setProblem(`The chart cannot be drawn here: ${e instanceof Error ? e.message : e}`));
    return () => {
      live = false;
      clearTimeout(first);
      redraw.cancel();
      off();
      resize.disconnect();
      scheme?.removeEventListener('change', rebuild);
      chart?.destroy();
    };
  }, [session, title, rows]);
  return (
    <figure className="sw-train-chart" data-testid={testId}>
      <div ref={box} />
      {problem && <figcaption className="sw-muted">{problem}</figcaption>}
    </figure>
  );
}

const lossRows = (s: TrainingSeries) => s.lossRows();
const metricRows = (s: TrainingSeries) => s.metricRows();

export function Charts({ session }: { session: TrainingSession }) {
  // The metric is known from the first batch; the chart is titled after it.
  const metric = useSession(session, (s) => (s.chartSeq > 0 ? session.series.metric : undefined));
  return (
    <div className="sw-train-charts">
      <Chart session={session} title="Loss" rows={lossRows} testId="train-chart-loss" />
      {metric && (
        <Chart
          session={session}
          title={metric === 'acc' ? 'Accuracy' : 'Mean absolute error'}
          rows={metricRows}
          testId="train-chart-metric"
        />
      )}
    </div>
  );
}
