/**
 * Facts about a model's head read from the analysis: the activation that produces the output
 * (looking back through layers that only move values around), the layer that sets the number of
 * outputs, and the loss that suits it. Pure, no tfjs.
 */
import type { Analysis, EditOp, FlatLayer } from '../compile';
import type { LossName, LossSetting } from './settings';

export type HeadActivation = 'softmax' | 'sigmoid' | 'other';

/** Layers that keep each output value as it is (they reorder, drop or copy values). */
const PASS_THROUGH = new Set(['reshape', 'flatten', 'dropout', 'gaussianNoise', 'permute']);
/** Layers that keep the size of the last axis. */
const KEEP_LAST_AXIS = new Set(['activation', 'softmax', 'dropout', 'gaussianNoise']);
/** Layers whose param sets the size of the last axis. */
const SIZE_PARAM: Readonly<Record<string, string>> = {
  dense: 'units',
  conv1d: 'filters',
  conv2d: 'filters',
  conv2dTranspose: 'filters',
  separableConv2d: 'filters',
};

function byPath(analysis: Analysis): Map<string, FlatLayer> {
  return new Map(analysis.layers.map((l) => [l.path, l]));
}

/** The (single) output layer, or undefined. */
export function outputLayer(analysis: Analysis): FlatLayer | undefined {
  const path = analysis.outputs[0];
  return analysis.layers.find((l) => l.path === path);
}

/** The activation applied last before the output: `softmax`, `sigmoid` or `other`. */
export function headActivation(analysis: Analysis): HeadActivation {
  const layers = byPath(analysis);
  let layer = outputLayer(analysis);
  for (let guard = 0; layer && guard < layers.size; guard++) {
    if (layer.type === 'softmax') return 'softmax';
    const act = layer.params.activation;
    if (typeof act === 'string' && act !== 'linear') return act === 'softmax' || act === 'sigmoid' ? act : 'other';
    if (!PASS_THROUGH.has(layer.type) && layer.type !== 'activation') return 'other';
    layer = layers.get(layer.inputs[0] ?? '');
  }
  return 'other';
}

/** The loss `setting` resolves to for this head. */
export function resolveLoss(setting: LossSetting, head: HeadActivation): LossName {
  if (setting !== 'auto') return setting;
  return head === 'softmax'
    ? 'categoricalCrossentropy'
    : head === 'sigmoid'
      ? 'binaryCrossentropy'
      : 'meanSquaredError';
}

/**
 * The edit that makes the model output `n` values on its last axis: the param of the layer that
 * sets it (Dense units, Conv filters), and the last dim of any Reshape between it and the output.
 * Undefined when there is no such layer at the top level of the document.
 */
export function setOutputSizeOps(analysis: Analysis, n: number): EditOp[] | undefined {
  const layers = byPath(analysis);
  const ops: EditOp[] = [];
  let layer = outputLayer(analysis);
  const last = layer?.shape?.at(-1);
  for (let guard = 0; layer && guard < layers.size; guard++) {
    if (layer.path.includes('/')) return undefined; // inside a block: every instance would change
    const param = SIZE_PARAM[layer.type];
    if (param) return [{ op: 'setParam', node: layer.path, param, value: n }, ...ops];
    if (layer.type === 'reshape') {
      const target = layer.params.targetShape as number[];
      if (target.at(-1) !== last) return undefined;
      ops.push({ op: 'setParam', node: layer.path, param: 'targetShape', value: [...target.slice(0, -1), n] });
    } else if (!KEEP_LAST_AXIS.has(layer.type)) {
      return undefined;
    }
    layer = layers.get(layer.inputs[0] ?? '');
  }
  return undefined;
}

/** The edit that sets the activation of the layer that produces the output, when it has one. */
export function setHeadActivationOps(analysis: Analysis, activation: 'softmax' | 'sigmoid'): EditOp[] | undefined {
  const layer = outputLayer(analysis);
  if (!layer || layer.path.includes('/') || typeof layer.params.activation !== 'string') return undefined;
  return [{ op: 'setParam', node: layer.path, param: 'activation', value: activation }];
}
