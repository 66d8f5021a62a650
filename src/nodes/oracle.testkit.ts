/**
 * Test kit: checks a layer definition against tfjs, the oracle. Builds the real tfjs layer with
 * `def.build`, applies it to symbolic inputs of the given shapes, and compares the output shape
 * and the parameter counts with `inferShape` and `countParams`. Test-only (imports tfjs).
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { type AnyLayerDef, isShapeError, type Shape } from './define';
import { resolveParams } from './schema';

let n = 0;

export function oracleCheck(def: AnyLayerDef, inputs: readonly Shape[], raw: Record<string, unknown>): void {
  const { values, errors } = resolveParams(def.params, raw);
  expect(errors, 'params must be valid for an oracle case').toEqual([]);
  const ours = def.inferShape(inputs, values);
  if (isShapeError(ours)) throw new Error(`inferShape failed: ${ours.error.message}`);
  const counts = def.countParams(inputs, values);
  n += 1;
  const layer = def.build(tf, def.concrete?.(inputs, values) ?? values, `${def.type}_oracle_${n}`);
  const symbolic = inputs.map((s) => tf.input({ shape: s as number[] }));
  const out = layer.apply(symbolic.length === 1 ? (symbolic[0] as tf.SymbolicTensor) : symbolic) as tf.SymbolicTensor;
  expect([...ours], `output shape of ${def.kerasClass} ${JSON.stringify(raw)}`).toEqual(out.shape.slice(1));
  const size = (ws: { shape: readonly (number | null)[] }[]) =>
    ws.reduce((a, w) => a + w.shape.reduce<number>((x, y) => x * (y ?? 0), 1), 0);
  const trainableTf = size(layer.trainableWeights);
  const nonTrainableTf = size(layer.nonTrainableWeights);
  expect(counts, `param counts of ${def.kerasClass} ${JSON.stringify(raw)}`).toEqual({
    trainable: trainableTf,
    nonTrainable: nonTrainableTf,
  });
  // The built layer must serialize (the exports rely on getConfig).
  expect(() => JSON.stringify(layer.getConfig())).not.toThrow();
  expect(layer.getClassName()).toBe(def.kerasClass);
}

/** Runs `inferShape` with defaults filled and returns the shape or the error message. */
export function infer(def: AnyLayerDef, inputs: readonly Shape[], raw: Record<string, unknown> = {}): Shape | string {
  const { values, errors } = resolveParams(def.params, raw);
  if (errors.length) return errors.map((e) => e.message).join('; ');
  const r = def.inferShape(inputs, values);
  return isShapeError(r) ? r.error.message : r;
}
