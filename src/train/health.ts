/**
 * A layer's health from its statistics (`LayerStats`): pure functions, no tfjs. The canvas colours
 * each node by `layerHealth(...).level` and shows the reasons on hover.
 *
 * Thresholds (`HEALTH`), and why:
 * - **Dead units**: a unit (channel) that outputs 0 for every probe sample passes no gradient
 *   through a ReLU and stops learning. Amber from 30% of the units, red from 70%.
 * - **Vanishing gradient**: the update-to-weight ratio ‖ΔW‖/‖W‖ per step is about 1e-3 in a healthy
 *   run (Karpathy's rule of thumb); below 1e-6 the layer barely moves (amber), and a gradient norm
 *   of exactly 0 means no signal reaches it at all (red).
 * - **Exploding gradient**: a per-step ratio above 1e-2 rewrites the weights fast (amber), above
 *   1e-1 they jump by a tenth every step (red); a gradient or output that is not finite is red.
 * - **Saturation**: tanh and sigmoid outputs pinned within 0.03 of the ends of their range have a
 *   gradient near 0. Amber from 50% of the values, red from 90%.
 */
import type { LayerStats } from './events';

export type HealthLevel = 'ok' | 'warn' | 'bad';

export interface LayerHealth {
  readonly level: HealthLevel;
  /** One sentence per problem found, worst first; empty when healthy. */
  readonly reasons: readonly string[];
}

export const HEALTH = {
  deadWarn: 0.3,
  deadBad: 0.7,
  vanishingRatio: 1e-6,
  explodingWarn: 1e-2,
  explodingBad: 1e-1,
  saturatedWarn: 0.5,
  saturatedBad: 0.9,
} as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const sci = (x: number) => x.toExponential(1);

/** Classifies one layer's latest statistics. */
export function layerHealth(s: LayerStats): LayerHealth {
  const found: { level: HealthLevel; text: string }[] = [];
  const add = (level: HealthLevel, text: string) => found.push({ level, text });

  if (!Number.isFinite(s.mean) || !Number.isFinite(s.std))
    add('bad', 'Exploding: the output is not finite (NaN or infinity).');
  if (s.gradNorm !== undefined && !Number.isFinite(s.gradNorm))
    add('bad', 'Exploding gradient: its norm is not finite.');
  else if (s.gradNorm === 0) add('bad', 'Vanishing gradient: no gradient reaches this layer (norm 0).');

  if (s.updateRatio !== undefined && Number.isFinite(s.updateRatio) && s.gradNorm !== 0) {
    if (s.updateRatio > HEALTH.explodingBad)
      add(
        'bad',
        `Exploding updates: the weights change by ${sci(s.updateRatio)} of their size per step (lower the learning rate).`,
      );
    else if (s.updateRatio > HEALTH.explodingWarn)
      add(
        'warn',
        `Large updates: the weights change by ${sci(s.updateRatio)} of their size per step (healthy is about 1e-3).`,
      );
    else if (s.updateRatio < HEALTH.vanishingRatio)
      add('warn', `Vanishing gradient: the weights change by only ${sci(s.updateRatio)} of their size per step.`);
  }

  if (s.deadUnits >= HEALTH.deadBad)
    add('bad', `Dead units: ${pct(s.deadUnits)} of the units output 0 for every sample.`);
  else if (s.deadUnits >= HEALTH.deadWarn)
    add('warn', `Dead units: ${pct(s.deadUnits)} of the units output 0 for every sample.`);

  if (s.saturated !== undefined) {
    if (s.saturated >= HEALTH.saturatedBad)
      add('bad', `Saturated: ${pct(s.saturated)} of the outputs sit at the ends of the range.`);
    else if (s.saturated >= HEALTH.saturatedWarn)
      add('warn', `Saturating: ${pct(s.saturated)} of the outputs sit at the ends of the range.`);
  }

  const bad = found.filter((f) => f.level === 'bad');
  const warn = found.filter((f) => f.level === 'warn');
  return {
    level: bad.length ? 'bad' : warn.length ? 'warn' : 'ok',
    reasons: [...bad, ...warn].map((f) => f.text),
  };
}

/** The worst of several layers' health (a block node shows its inner layers' worst). */
export function worstHealth(all: readonly LayerHealth[]): LayerHealth {
  const rank = { ok: 0, warn: 1, bad: 2 } as const;
  let level: HealthLevel = 'ok';
  for (const h of all) if (rank[h.level] > rank[level]) level = h.level;
  return { level, reasons: all.flatMap((h) => h.reasons) };
}

/** One line summing the statistics up, for a tooltip. */
export function statsLine(s: LayerStats): string {
  const parts = [`mean ${s.mean.toPrecision(3)}`, `std ${s.std.toPrecision(3)}`, `zeros ${pct(s.zeros)}`];
  if (s.saturated !== undefined) parts.push(`saturated ${pct(s.saturated)}`);
  if (s.gradNorm !== undefined) parts.push(`‖grad‖ ${sci(s.gradNorm)}`);
  if (s.updateRatio !== undefined) parts.push(`update/weight ${sci(s.updateRatio)}`);
  return parts.join(' · ');
}
