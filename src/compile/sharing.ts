/**
 * Shared layers in the analysis (`DocNode.shares`): which layer a node calls again, which instance
 * a block instance shares, and whether the call's inputs fit the shared weights. Pure.
 */

import type { ParamCount, ParamValues, Schema } from '../nodes';
import type { FlatLayer } from './analysis';
import { BLOCK_TYPE, type DocNode, type SkipwireDoc } from './document';
import type { Frame } from './expand';
import type { GraphCheck } from './validate';

/** The node a layer shares, as its checked params and path; or why it cannot. */
export function sharedTarget(
  check: GraphCheck,
  node: DocNode,
  pathPrefix: string,
): { params: ParamValues<Schema>; path: string } | string | null {
  const k = check.order.findIndex((n) => n.id === node.shares);
  const target = check.order[k];
  const problem = !target
    ? `shares the weights of "${node.shares}", which is not in this graph`
    : target === node
      ? 'cannot share its own weights'
      : target.type !== node.type
        ? `shares the weights of "${target.name}", which is not the same kind of layer`
        : target.shares !== undefined
          ? `shares the weights of "${target.name}", which itself shares another layer's; point it at "${target.shares}"`
          : undefined;
  if (problem) return `This layer ${problem}.`;
  const params = check.plan.params[k];
  // Invalid params are reported at the shared layer itself.
  return params ? { params: callParams(check, node, params), path: `${pathPrefix}${(target as DocNode).id}` } : null;
}

/**
 * An opaque layer's output shape belongs to the call, not the weights: a Lambda called again on
 * other shapes (DeepFM's `sum_of_tensors`) gives other shapes. Each call has its own (entered,
 * else declared by the file or known for the class, else asked for at that call).
 */
function callParams(check: GraphCheck, node: DocNode, shared: ParamValues<Schema>): ParamValues<Schema> {
  if (node.type !== 'opaque') return shared;
  return { ...shared, outputShape: check.plan.params[check.order.indexOf(node)]?.outputShape ?? null };
}

/**
 * For a block instance: the path prefix (`other/`) of the instance whose layers it calls again —
 * its own `shares`, or, inside a shared instance, the matching inner instance.
 */
export function sharedInstancePrefix(
  frame: Frame,
  doc: SkipwireDoc,
  node: DocNode,
): { prefix?: string; error?: string } | undefined {
  if (node.shares === undefined)
    return frame.shares === undefined ? undefined : { prefix: `${frame.shares}${node.id}/` };
  const graph = frame.block ?? doc;
  const target = graph.nodes.find((n) => n.id === node.shares);
  if (!target || target === node || target.type !== BLOCK_TYPE || target.block !== node.block)
    return {
      error: `This block instance shares the weights of "${node.shares}", which is not another instance of the same block.`,
    };
  return { prefix: `${frame.pathPrefix}${target.id}/` };
}

/** Why a call of a shared layer does not fit its weights (another parameter count), if it does not. */
export function sharerMismatch(own: ParamCount, owner: FlatLayer | undefined): string | undefined {
  if (!owner) return undefined;
  const need = own.trainable + own.nonTrainable;
  const has = owner.count.trainable + owner.count.nonTrainable;
  if (need === has) return undefined;
  const n = (x: number) => x.toLocaleString('en-US');
  return `This call of shared layer "${owner.name}" gets inputs of another size: its weights would need ${n(need)} parameters, the layer has ${n(has)}.`;
}
