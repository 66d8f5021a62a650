/**
 * The Python export of a recurrent layer's states (Keras `return_state` / `initial_state`):
 * `out, out_h, out_c = layers.LSTM(…, return_state=True)(x)` and
 * `layers.LSTM(…)(y, initial_state=[h, c])`.
 */
import type { AnyLayerDef } from '../nodes';
import { identifier } from './pyLiteral';

/** The names a layer's call assigns (one per output port) and its call's arguments. */
export function pyCall(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  v: string,
  ins: readonly string[],
  taken: Set<string>,
): { vars: string[]; lhs: string; arg: string } {
  const states = def.stateShapes?.([], params).length ?? 0;
  const vars = [v, ...Array.from({ length: states }, (_, i) => identifier(`${v}_state_${i + 1}`, taken))];
  const lhs = vars.join(', ');
  // A recurrent layer's inputs after the sequence are its initial states (an opaque layer's `apply`
  // only passes its call's output shape).
  if (def.apply && def.stateShapes)
    return { vars, lhs, arg: ins.length > 1 ? `${ins[0]}, initial_state=[${ins.slice(1).join(', ')}]` : `${ins[0]}` };
  return { vars, lhs, arg: ins.length === 1 && def.inputs.max === 1 ? (ins[0] as string) : `[${ins.join(', ')}]` };
}

/**
 * A node's variables that are model outputs: those no wire takes; but a recurrent layer's states
 * are never model outputs by themselves, and a layer whose states are taken (an encoder) is none
 * by its main output either — as the analysis counts a model's outputs (and Keras builds it).
 */
export function outputVars(vars: readonly string[], consumed: (port: number) => boolean, def?: AnyLayerDef): string[] {
  if (!def?.stateShapes) return vars.filter((_, port) => !consumed(port));
  return vars.some((_, port) => consumed(port)) ? [] : vars.slice(0, 1);
}
