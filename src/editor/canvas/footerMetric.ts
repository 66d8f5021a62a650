/**
 * What the node footers show next to the output shape — parameters, MACs per sample or output
 * activation size per sample — chosen in the status bar, and each node's cost for it, derived
 * from the analysis (never stored in the document).
 */
import { create } from 'zustand';
import type { Analysis } from '../../compile';
import { formatBytes, formatMacs, modelCost, thousands } from '../../compile';

export type FooterMetric = 'params' | 'macs' | 'activations';

export const FOOTER_METRICS: readonly {
  readonly value: FooterMetric;
  readonly label: string;
  readonly hint: string;
}[] = [
  { value: 'params', label: 'Params', hint: 'Parameters of each layer' },
  { value: 'macs', label: 'MACs', hint: 'Multiply-accumulates per sample (torchinfo mult-adds)' },
  { value: 'activations', label: 'Activations', hint: 'Output size per sample, float32' },
];

export const useFooterMetric = create<{ metric: FooterMetric; setMetric(m: FooterMetric): void }>((set) => ({
  metric: 'params',
  setMetric: (metric) => set({ metric }),
}));

interface NodeCost {
  macs: number;
  /** The layer's output per sample; for an instance, all its layers' outputs. */
  activationBytes: number;
}

const perAnalysis = new WeakMap<Analysis, Map<string, NodeCost>>();

/**
 * The cost of every node by path prefix: `conv` for a top-level layer, `apes_1` for all the
 * layers of an instance, `apes_1/conv` for one inside it.
 */
function costsByPrefix(analysis: Analysis): Map<string, NodeCost> {
  let map = perAnalysis.get(analysis);
  if (map) return map;
  map = new Map();
  const { layers } = modelCost(analysis);
  for (const [path, c] of layers) {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const key = parts.slice(0, i).join('/');
      const e = map.get(key) ?? { macs: 0, activationBytes: 0 };
      e.macs += c.macs ?? 0;
      e.activationBytes += c.activationBytes ?? 0;
      map.set(key, e);
    }
  }
  perAnalysis.set(analysis, map);
  return map;
}

/**
 * A node's footer text for `metric` (not `params`, which the node has): a top-level node by its
 * id; a node of a block definition through the first instance that holds it.
 */
export function nodeCostText(analysis: Analysis, id: string, metric: FooterMetric): string | undefined {
  const map = costsByPrefix(analysis);
  let c = map.get(id);
  if (!c)
    for (const [key, value] of map)
      if (key.endsWith(`/${id}`)) {
        c = value;
        break;
      }
  if (!c) return undefined;
  if (metric === 'macs') return formatMacs(c.macs);
  if (metric === 'activations') return formatBytes(c.activationBytes);
  return undefined;
}

export const paramsText = (n: number): string => `${thousands(n)} params`;
