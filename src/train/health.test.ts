import { describe, expect, it } from 'vitest';
import type { LayerStats } from './events';
import { HEALTH, layerHealth, statsLine, worstHealth } from './health';

const stats = (over: Partial<LayerStats> = {}): LayerStats => ({
  path: 'conv',
  mean: 0.2,
  std: 0.5,
  zeros: 0.4,
  deadUnits: 0,
  gradNorm: 0.3,
  weightNorm: 4,
  updateRatio: 1e-3,
  histogram: { min: 0, max: 1, counts: [1, 2] },
  ...over,
});

describe('layerHealth', () => {
  it('a healthy layer: ok, no reasons', () => {
    expect(layerHealth(stats())).toEqual({ level: 'ok', reasons: [] });
  });

  it('dead units: amber from 30%, red from 70%', () => {
    expect(layerHealth(stats({ deadUnits: HEALTH.deadWarn - 0.01 })).level).toBe('ok');
    expect(layerHealth(stats({ deadUnits: 0.3 })).level).toBe('warn');
    const red = layerHealth(stats({ deadUnits: 0.75 }));
    expect(red.level).toBe('bad');
    expect(red.reasons).toEqual(['Dead units: 75% of the units output 0 for every sample.']);
  });

  it('vanishing gradients: a zero gradient is red, a tiny update ratio amber', () => {
    expect(layerHealth(stats({ gradNorm: 0, updateRatio: 0 })).reasons).toEqual([
      'Vanishing gradient: no gradient reaches this layer (norm 0).',
    ]);
    const tiny = layerHealth(stats({ updateRatio: 1e-8 }));
    expect(tiny.level).toBe('warn');
    expect(tiny.reasons[0]).toMatch(/^Vanishing gradient: the weights change by only 1\.0e-8/);
  });

  it('exploding: large updates amber, huge ones red, non-finite gradients or outputs red', () => {
    expect(layerHealth(stats({ updateRatio: 0.05 })).level).toBe('warn');
    expect(layerHealth(stats({ updateRatio: 0.5 })).reasons[0]).toMatch(/^Exploding updates/);
    expect(layerHealth(stats({ gradNorm: Number.POSITIVE_INFINITY })).level).toBe('bad');
    expect(layerHealth(stats({ mean: Number.NaN })).reasons[0]).toMatch(/not finite/);
  });

  it('saturation (tanh, sigmoid): amber from 50%, red from 90%; layers without weights are judged on outputs only', () => {
    expect(layerHealth(stats({ saturated: 0.6 })).level).toBe('warn');
    expect(layerHealth(stats({ saturated: 0.95 })).level).toBe('bad');
    const plain: LayerStats = { path: 'pool', mean: 0, std: 1, zeros: 0, deadUnits: 0, histogram: stats().histogram };
    expect(layerHealth(plain).level).toBe('ok');
  });

  it('the worst reason comes first; a block shows its worst layer', () => {
    const h = layerHealth(stats({ saturated: 0.6, deadUnits: 0.9 }));
    expect(h.level).toBe('bad');
    expect(h.reasons[0]).toMatch(/^Dead units/);
    expect(h.reasons[1]).toMatch(/^Saturating/);
    expect(worstHealth([layerHealth(stats()), h]).level).toBe('bad');
    expect(worstHealth([]).level).toBe('ok');
  });

  it('sums the figures up in one line', () => {
    expect(statsLine(stats())).toBe('mean 0.200 · std 0.500 · zeros 40% · ‖grad‖ 3.0e-1 · update/weight 1.0e-3');
  });
});
