/**
 * What the canvas shows of a run's live layer statistics: the latest figures per layer path, a
 * short history of each (for the node's chart), and the Training panel's switch. Filled from the
 * run's `layerStats` events by the training session; derived from the run, never stored in the
 * document. The store exists before the training worker starts (the canvas reads it at once).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LayerStats, LayerStatsEvent } from '../../train/events';
import { type LayerHealth, layerHealth, worstHealth } from '../../train/health';

/** Points kept per layer (older ones are thinned out by half when full). */
export const HISTORY_POINTS = 240;

/** One layer's figures at one sample. */
export interface StatsPoint {
  readonly step: number;
  readonly epoch: number;
  readonly std: number;
  readonly zeros: number;
  readonly gradNorm?: number;
  readonly updateRatio?: number;
}

export interface NodeStatsState {
  /** The panel's switch: statistics for the next run (on by default, see docs/training.md). */
  readonly on: boolean;
  /** Latest figures per layer path, from the last sample of the current (or last) run. */
  readonly latest: ReadonlyMap<string, LayerStats>;
  /** Bumped with every sample (the history changed). */
  readonly seq: number;
}

export type NodeStatsStore = StoreApi<NodeStatsState> & {
  /** Per layer path, in step order: plain arrays appended in place (read after `seq` changed). */
  readonly history: ReadonlyMap<string, readonly StatsPoint[]>;
  setOn(on: boolean): void;
  /** A new run: forget the last one's figures. */
  clear(): void;
  add(event: LayerStatsEvent): void;
};

export function createNodeStats(): NodeStatsStore {
  const history = new Map<string, StatsPoint[]>();
  const store = createStore<NodeStatsState>()(() => ({ on: true, latest: new Map(), seq: 0 }));
  return Object.assign(store, {
    history,
    setOn: (on: boolean) => store.setState({ on }),
    clear() {
      history.clear();
      store.setState((s) => ({ latest: new Map(), seq: s.seq + 1 }));
    },
    add(e: LayerStatsEvent) {
      for (const l of e.layers) {
        const points = history.get(l.path) ?? [];
        history.set(l.path, points);
        if (points.length >= HISTORY_POINTS) {
          const thinned = points.filter((_, i) => i % 2 === 1);
          points.length = 0;
          points.push(...thinned);
        }
        points.push({
          step: e.step,
          epoch: e.epoch,
          std: l.std,
          zeros: l.zeros,
          ...(l.gradNorm !== undefined ? { gradNorm: l.gradNorm } : {}),
          ...(l.updateRatio !== undefined ? { updateRatio: l.updateRatio } : {}),
        });
      }
      store.setState((s) => ({ latest: new Map(e.layers.map((l) => [l.path, l])), seq: s.seq + 1 }));
    },
  });
}

/** What a node shows: its own layer's figures, or for a block node its inner layers' (worst health). */
export interface NodeView {
  /** The layer whose histogram and history are shown (a block: its last inner layer). */
  readonly stats: LayerStats;
  readonly health: LayerHealth;
  /** Inner layers summed up (a block node), else 1. */
  readonly layers: number;
}

/** The figures for the top-level node `id`, or undefined when the run has none for it. */
export function nodeView(latest: ReadonlyMap<string, LayerStats>, id: string): NodeView | undefined {
  const own = latest.get(id);
  if (own) return { stats: own, health: layerHealth(own), layers: 1 };
  const inner = [...latest.values()].filter((l) => l.path.startsWith(`${id}/`));
  const last = inner.at(-1);
  if (!last) return undefined;
  const health = worstHealth(
    inner.map((l) => {
      const h = layerHealth(l);
      return { level: h.level, reasons: h.reasons.map((r) => `${l.path.slice(id.length + 1)}: ${r}`) };
    }),
  );
  return { stats: last, health, layers: inner.length };
}
