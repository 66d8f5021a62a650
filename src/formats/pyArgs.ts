/** Keyword arguments of a catalogue layer in the Keras Python export, from the layer's own `keras` record. */
import type { AnyLayerDef } from '../nodes';
import { keras3Key, paramMappings } from './kerasTable';
import { pyValue } from './pyLiteral';
import { sameValue } from './values';

/** `layers.Conv2D(filters=64, …)` keyword arguments for a catalogue layer (`exposed`: param → Python name). */
export function layerArgs(
  def: AnyLayerDef,
  params: Record<string, unknown>,
  exposed: ReadonlyMap<string, string>,
): string[] {
  const args: string[] = [];
  for (const m of paramMappings(def)) {
    const ref = exposed.get(m.param);
    if (ref !== undefined) {
      args.push(`${keras3Key(m)}=${ref}`);
      continue;
    }
    const v = params[m.param];
    if (m.k3Default !== undefined && sameValue(v, m.k3Default)) continue;
    args.push(`${keras3Key(m)}=${pyValue(m.write ? m.write(v) : v)}`);
  }
  for (const [k, v] of Object.entries(def.keras.pyExtra ?? {})) args.push(`${k}=${pyValue(v)}`);
  return args;
}
