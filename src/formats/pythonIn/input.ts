/** `keras.Input(shape=…)`: an input layer in the current graph, its batch shape read from the call. */
import type { SyntaxNode } from '@lezer/common';
import { fail, type KerasContext } from './context';
import { inputBatchShape } from './kerasArgs';
import { type MutableLayer, Tensor } from './values';

export function input(
  ctx: KerasContext,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
  node: SyntaxNode,
): Tensor {
  const shape = inputBatchShape(args, kwargs);
  if (!shape) return fail(ctx, node, 'Input needs shape=(…) with the size of each axis but the batch');
  const unknown = shape.find(
    (d): d is { class_name: string } => typeof (d as { class_name?: unknown })?.class_name === 'string',
  );
  if (unknown)
    fail(
      ctx,
      node,
      `the size \`${unknown.class_name}\` is computed from something the script loads, which is not read: write it as a number`,
    );
  const name = kwargs.get('name');
  const raw: MutableLayer = {
    name: ctx.graph.uniqueName(typeof name === 'string' ? name : undefined, 'input_layer'),
    className: 'InputLayer',
    config: { batch_input_shape: shape },
    calls: [],
  };
  ctx.graph.layers.push(raw);
  ctx.built++;
  return new Tensor(ctx.graph, raw.name, 0, 0);
}
