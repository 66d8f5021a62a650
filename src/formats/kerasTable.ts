/**
 * Reads and writes params through each layer's Keras mapping (`keras` on its definition in
 * src/nodes/layers): config keys of Keras 2 / tfjs JSON, Keras 3 argument names, the named value
 * conversions (values.ts) both ways, the Keras 3 defaults (the Python export leaves those
 * arguments out) and the config settings the catalogue cannot represent (the importers refuse
 * them, naming the layer and the setting).
 *
 * The importers read configs through it; the Python export writes arguments through it. A test
 * checks that it inverts tfjs' own serialization for every catalogue param.
 */
import { type AnyLayerDef, getLayer, type KerasArg, type KerasConversion } from '../nodes';
import {
  activationFromKeras,
  activationToKeras,
  axisFromKeras,
  constraintFromKeras,
  constraintToKeras,
  dotAxesFromKeras,
  dotAxesToKeras,
  pair,
  regularizerFromKeras,
  regularizerToKeras,
  sameValue,
  sidesFromKeras,
  sidesToKeras,
  single,
  targetShapeFromKeras,
  triple,
} from './values';

type Convert = (v: unknown) => unknown;

/** Each named conversion: Keras → catalogue (`read`) and catalogue → Keras (`write`, identity when absent). */
const CONVERSIONS: Readonly<Record<KerasConversion, { readonly read: Convert; readonly write?: Convert }>> = {
  single: { read: single },
  pair: { read: pair },
  triple: { read: triple },
  sides: { read: sidesFromKeras, write: sidesToKeras },
  activation: { read: activationFromKeras, write: activationToKeras },
  axis: { read: axisFromKeras },
  dotAxes: { read: dotAxesFromKeras, write: dotAxesToKeras },
  targetShape: { read: targetShapeFromKeras },
  regularizer: { read: regularizerFromKeras, write: regularizerToKeras },
  constraint: { read: constraintFromKeras, write: constraintToKeras },
};

export interface ParamMapping {
  /** Catalogue param (tfjs argument name). */
  readonly param: string;
  /** Key in a Keras 2 / tfjs config, and the Keras 3 argument name unless `keras3` says otherwise. */
  readonly key: string;
  readonly keras3?: string;
  /** Keras config value → catalogue value. Identity when absent. */
  readonly read?: Convert;
  /** Catalogue value → Keras value (config and Python). Identity when absent. */
  readonly write?: Convert;
  /** The Keras 3 default, as a catalogue value. Absent: the argument is always written. */
  readonly k3Default?: unknown;
}

/** A layer's params as Keras arguments, in declaration order (params the format code handles itself left out). */
export function paramMappings(def: AnyLayerDef): ParamMapping[] {
  const out: ParamMapping[] = [];
  for (const [param, given] of Object.entries(def.keras.params as Record<string, string | KerasArg | null>)) {
    if (given === null) continue;
    const arg: KerasArg = typeof given === 'string' ? { key: given } : given;
    const conversion = arg.convert ? CONVERSIONS[arg.convert] : undefined;
    out.push({
      param,
      key: arg.key,
      ...(arg.keras3 === undefined ? {} : { keras3: arg.keras3 }),
      ...(conversion ? { read: conversion.read } : {}),
      ...(conversion?.write ? { write: conversion.write } : {}),
      ...(Object.hasOwn(arg, 'k3Default') ? { k3Default: arg.k3Default } : {}),
    });
  }
  return out;
}

/** The Keras config key or Keras 3 argument of a param mapping. */
export const keras3Key = (m: ParamMapping): string => m.keras3 ?? m.key;

export type ReadParams =
  | { readonly ok: true; readonly params: Record<string, unknown> }
  | { readonly ok: false; readonly error: string; readonly key: string };

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/**
 * A Keras config (snake_case keys, Keras 2 or 3) → the catalogue params of layer type `type`,
 * through its mapping: keys read with their conversions, refusals checked. Absent keys are left
 * out (the catalogue default applies). Values are not validated here.
 */
export function readKerasParams(type: string, config: Readonly<Record<string, unknown>>): ReadParams {
  const def = getLayer(type);
  if (!def) return { ok: false, error: `unknown layer type "${type}"`, key: 'class_name' };
  for (const r of def.keras.refuse ?? []) {
    const v = config[r.key];
    if (Object.hasOwn(config, r.key) && !r.allow.some((a) => sameValue(a, v)))
      return { ok: false, error: `${r.key} ${show(v)} (${r.why}) is not supported`, key: r.key };
  }
  const params: Record<string, unknown> = {};
  for (const m of paramMappings(def)) {
    const key = Object.hasOwn(config, m.key)
      ? m.key
      : m.keras3 && Object.hasOwn(config, m.keras3)
        ? m.keras3
        : undefined;
    // Keras' None for a setting that cannot be unset (tfjs writes mask_zero: null) means its default.
    if (key === undefined || (config[key] === null && !def.params[m.param]?.nullable)) continue;
    params[m.param] = m.read ? m.read(config[key]) : config[key];
  }
  const equal = def.keras.unsetWhenEqual;
  if (equal && sameValue(params[equal[0]], params[equal[1]])) params[equal[0]] = null;
  return { ok: true, params };
}
