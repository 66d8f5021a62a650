/**
 * What the Keras calls share: the reader's context, located failures, and the tensors of a call,
 * checked (keras.ts, states.ts).
 */
import type { SyntaxNode } from '@lezer/common';
import type { RawRef } from '../kerasModel';
import { type GraphScope, type ModelObj, PyImportError, Tensor, taintOf } from './values';

export interface KerasContext {
  graph: GraphScope;
  readonly models: ModelObj[];
  where(pos: number): string;
  text(node: SyntaxNode, max?: number): string;
  /** Counts layers and models made (a statement that makes none and reads something unknown is skipped). */
  built: number;
  /** Keras 1 names or arguments were seen. */
  legacy: boolean;
  /** Keras 2 (`tensorflow.keras`) imports were seen. */
  keras2: boolean;
  /** Things the import report should say. */
  readonly notes: string[];
}

/** Stops the import with a message located at the call. */
export const fail = (ctx: KerasContext, node: SyntaxNode, message: string): never => {
  throw new PyImportError(`${ctx.where(node.from)}: \`${ctx.text(node)}\`: ${message}`);
};

/** The tensors in a call's first argument (one tensor, or a list of them), checked. */
export function tensorsOf(ctx: KerasContext, v: unknown, node: SyntaxNode): Tensor[] {
  const t = taintOf(v);
  if (t) throw new PyImportError(t);
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || !list.every((x) => x instanceof Tensor))
    fail(
      ctx,
      node,
      'a layer is called on something that is not a tensor; call it on the output of Input() or of another layer',
    );
  const graph = (list[0] as Tensor).graph;
  if (list.some((x) => (x as Tensor).graph !== graph)) throw new MixedGraphs();
  return list as Tensor[];
}

/** Thrown when a helper's body uses a tensor from outside it: the helper is then read inline. */
export class MixedGraphs extends Error {}

export const refOf = (t: Tensor): RawRef => ({ layer: t.layer, node: t.node, tensor: t.tensor });
