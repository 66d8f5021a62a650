/**
 * The live-statistics overlay of a canvas node (the editor's `nodeOverlay` extension): a coloured
 * dot and a mini histogram of the layer's outputs at the top right of the node, amber or red on a
 * problem with the reasons on hover; a click opens the layer's history (output spread, zeros,
 * gradient norm, update-to-weight ratio) beside the node. Reads the run's statistics store only.
 */
import './nodeStats.css';
import { useState } from 'react';
import { useStore } from 'zustand';
import { statsLine } from '../../train/health';
import { useEditor } from '../store/context';
import { type NodeStatsStore, nodeView, type StatsPoint } from './nodeStats';

const LEVEL_TEXT = { ok: 'healthy', warn: 'needs a look', bad: 'problem' } as const;

function MiniHistogram({ counts }: { counts: readonly number[] }) {
  const top = Math.max(1, ...counts);
  const w = 3;
  return (
    <svg className="sw-node-stats-hist" width={counts.length * w} height={12} aria-hidden="true">
      {counts.map((c, i) => {
        const h = c ? Math.max(1, (c / top) * 12) : 0;
        // biome-ignore lint/suspicious/noArrayIndexKey: the bins are positions
        return <rect key={i} x={i * w} y={12 - h} width={w - 0.6} height={h} />;
      })}
    </svg>
  );
}

/** One series over the run's samples; `log` plots log10 (gradient norms and ratios span decades). */
function Sparkline({
  label,
  points,
  pick,
  log,
  format,
}: {
  label: string;
  points: readonly StatsPoint[];
  pick: (p: StatsPoint) => number | undefined;
  log?: boolean;
  format: (v: number) => string;
}) {
  const values = points.map(pick);
  const shown = values.map((v) =>
    v === undefined || !Number.isFinite(v) ? undefined : log ? Math.log10(Math.max(v, 1e-12)) : v,
  );
  const finite = shown.filter((v): v is number => v !== undefined);
  const last = values.filter((v): v is number => v !== undefined).at(-1);
  if (!finite.length || last === undefined) return null;
  const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
  const W = 130;
  const H = 28;
  const xy = shown
    .map((v, i) =>
      v === undefined
        ? ''
        : `${((i / Math.max(1, shown.length - 1)) * W).toFixed(1)},${(H - 2 - ((v - lo) / (hi - lo || 1)) * (H - 4)).toFixed(1)}`,
    )
    .filter(Boolean)
    .join(' ');
  return (
    <div className="sw-node-stats-row">
      <span className="sw-node-stats-label">{label}</span>
      <svg width={W} height={H} role="img" aria-label={`${label} over the run, now ${format(last)}`}>
        {finite.length > 1 ? <polyline points={xy} /> : <circle cx={W} cy={H / 2} r={2} />}
      </svg>
      <span className="sw-node-stats-now">{format(last)}</span>
    </div>
  );
}

const sci = (v: number) => v.toExponential(1);
const pct = (v: number) => `${Math.round(v * 100)}%`;

function History({
  stats,
  path,
  reasons,
  onClose,
}: {
  stats: NodeStatsStore;
  path: string;
  reasons: readonly string[];
  onClose: () => void;
}) {
  useStore(stats, (s) => s.seq); // redraw with every sample
  const points = stats.history.get(path) ?? [];
  return (
    <div
      className="sw-node-stats-pop nodrag nopan nowheel"
      data-testid="node-stats-history"
      role="dialog"
      aria-label={`Statistics of ${path}`}
    >
      <div className="sw-node-stats-pop-head">
        <strong>{path}</strong> · {points.length} {points.length === 1 ? 'sample' : 'samples'}
        <button
          type="button"
          className="sw-node-stats-close"
          aria-label="Close"
          onClick={(e) => {
            e.stopPropagation();
            onClose();
          }}
        >
          ×
        </button>
      </div>
      {reasons.length > 0 && (
        <ul className="sw-node-stats-reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <Sparkline label="output std" points={points} pick={(p) => p.std} format={(v) => v.toPrecision(3)} />
      <Sparkline label="zeros" points={points} pick={(p) => p.zeros} format={pct} />
      <Sparkline label="‖gradient‖" points={points} pick={(p) => p.gradNorm} log format={sci} />
      <Sparkline label="update/weight" points={points} pick={(p) => p.updateRatio} log format={sci} />
    </div>
  );
}

/** The overlay for one node; nothing before the first sample, or inside a block's definition. */
export function NodeStatsOverlay({ id, stats }: { id: string; stats: NodeStatsStore }) {
  const latest = useStore(stats, (s) => s.latest);
  const top = useEditor((s) => s.scopePath.length === 0);
  const [open, setOpen] = useState(false);
  const view = top ? nodeView(latest, id) : undefined;
  if (!view) return null;
  const { level, reasons } = view.health;
  const title = [
    `Layer statistics: ${LEVEL_TEXT[level]}`,
    ...reasons,
    statsLine(view.stats),
    view.layers > 1 ? `(${view.layers} layers in this block; figures of ${view.stats.path})` : '',
    'Click for the history.',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <>
      <button
        type="button"
        className="sw-node-stats nodrag"
        data-testid="node-stats"
        data-level={level}
        title={title}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sw-node-stats-dot" aria-hidden="true" />
        <MiniHistogram counts={view.stats.histogram.counts} />
      </button>
      {open && <History stats={stats} path={view.stats.path} reasons={reasons} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The Training panel's switch: statistics for the next run (on by default: they cost ≤ 5%). */
export function StatsSwitch({ stats, disabled }: { stats: NodeStatsStore; disabled: boolean }) {
  const on = useStore(stats, (s) => s.on);
  return (
    <label
      className="sw-train-stats-switch"
      title="Every few hundred ms of training, each layer's output spread, dead units and gradients on a fixed batch, shown on its node. They take at most 5% of the training time."
    >
      <input
        type="checkbox"
        data-testid="train-stats"
        checked={on}
        disabled={disabled}
        onChange={(e) => stats.setOn(e.target.checked)}
      />
      Live layer statistics on the canvas
    </label>
  );
}
