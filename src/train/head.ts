/**
 * Fixes to a model's head that make it fit a data set: the edit that sets the number of outputs
 * (on the layer that sets it, looking back through the layers that keep the last axis) and the one
 * that sets the output activation. The head analysis itself (activation, loss) is in
 * src/compile/training.ts. Pure, no tfjs.
 */
import type { Analysis, EditOp, FlatLayer } from '../compile';
import { outputLayer } from '../compile';

export { type HeadActivation, headActivation, outputLayer, resolveLoss } from '../compile';

function byPath(analysis: Analysis): Map<string, FlatLayer> {
  return new Map(analysis.layers.map((l) => [l.path, l]));
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
    const role = layer.def.head;
    if (role?.sizeParam)
      // A channels-first layer sets its first axis, not its last: no fix to offer.
      return layer.params.dataFormat === 'channels_first'
        ? undefined
        : [{ op: 'setParam', node: layer.path, param: role.sizeParam, value: n }, ...ops];
    if (role?.shapeParam) {
      const target = layer.params[role.shapeParam] as number[];
      if (target.at(-1) !== last) return undefined;
      ops.push({ op: 'setParam', node: layer.path, param: role.shapeParam, value: [...target.slice(0, -1), n] });
    } else if (!role?.keepsLastAxis) {
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
