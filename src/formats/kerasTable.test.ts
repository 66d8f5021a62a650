/**
 * The Keras table against tfjs itself: it covers every catalogue param, and reading back the
 * config tfjs serializes for a layer (snake_case, as in model.json) gives the params it was built
 * with — for the defaults and for a non-default variant of every param.
 */
import * as tf from '@tensorflow/tfjs';
import { convertTsToPythonic } from '@tensorflow/tfjs-layers/dist/utils/serialization_utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AnyLayerDef, defaultParams, LAYERS, type ParamSpec, resolveParams } from '../nodes';
import { KERAS_TABLE, readKerasParams } from './kerasTable';
import { activationFromKeras, sidesFromKeras } from './values';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** A valid value other than the default, or undefined when the spec has none. */
function variant(key: string, spec: ParamSpec): unknown {
  if (key === 'dims') return [...(spec.default as number[])].reverse(); // a permutation
  const d = spec.default;
  switch (spec.kind) {
    case 'int':
      return d === null ? 3 : d === -1 ? 1 : d + 1;
    case 'float':
      return d === null ? 6 : spec.max !== undefined && d >= spec.max ? d / 2 : d === 0 ? 0.25 : d / 2;
    case 'bool':
      return !d;
    case 'choice':
      return spec.options.includes('hardSigmoid') && d !== 'hardSigmoid'
        ? 'hardSigmoid'
        : spec.options.find((o: string) => o !== d);
    case 'ints':
      if (d === null) return spec.length === 2 ? [3, 3] : [1];
      return (d as number[]).map((v) => (v === -1 ? -1 : v + 1));
  }
}

/** Builds with tfjs and reads the serialized config back through the table. */
function roundTrip(def: AnyLayerDef, params: Record<string, unknown>): Record<string, unknown> | undefined {
  let layer: ReturnType<AnyLayerDef['build']>;
  try {
    layer = def.build(tf, params as never, 'probe');
  } catch {
    return undefined; // a value tfjs refuses to build (e.g. ELU alpha ≠ 1): nothing to compare
  }
  const config = convertTsToPythonic(layer.getConfig() as never) as Record<string, unknown>;
  // tfjs 4.22 omits SeparableConv2D's depth_multiplier from its config; the exports put it back
  // (fixTfjsTopology), and so does this oracle.
  if (def.type === 'separableConv2d') config.depth_multiplier = params.depthMultiplier;
  const read = readKerasParams(def.type, config);
  if (!read.ok) throw new Error(read.error);
  return resolveParams(def.params, read.params).values as Record<string, unknown>;
}

const layers = LAYERS.filter((d) => d.type !== 'input');

describe('KERAS_TABLE', () => {
  it('has an entry for every catalogue layer, mapping exactly its params', () => {
    for (const def of LAYERS) {
      const mapping = KERAS_TABLE[def.type];
      expect(mapping, def.type).toBeDefined();
      const mapped = (mapping?.params ?? []).map((m) => m.param).sort();
      const own = def.type === 'input' ? [] : Object.keys(def.params).sort();
      expect(mapped, def.type).toEqual(own);
    }
  });

  it('uses Keras 3 argument names that are Python identifiers in snake_case', () => {
    for (const mapping of Object.values(KERAS_TABLE))
      for (const m of mapping.params) expect(m.keras3 ?? m.key).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(layers.map((d) => [d.kerasClass, d] as const))('%s: reads back the defaults tfjs serializes', (_, def) => {
    const params = defaultParams(def.params) as Record<string, unknown>;
    expect(roundTrip(def, params)).toEqual(params);
  });

  it.each(layers.map((d) => [d.kerasClass, d] as const))('%s: reads back each non-default param', (_, def) => {
    let compared = 0;
    for (const [key, spec] of Object.entries(def.params)) {
      const params = { ...(defaultParams(def.params) as Record<string, unknown>), [key]: variant(key, spec) };
      if (resolveParams(def.params, params).errors.length) continue;
      const back = roundTrip(def, params);
      if (!back) continue;
      compared++;
      expect(back, `${def.type}.${key}`).toEqual(params);
    }
    expect(compared).toBe(Object.keys(def.params).length - (def.type === 'elu' ? 1 : 0));
  });
});

describe('value conversions', () => {
  it('reads Keras activations, aliases and Keras 3 function objects', () => {
    expect(activationFromKeras('hard_sigmoid')).toBe('hardSigmoid');
    expect(activationFromKeras('silu')).toBe('swish');
    expect(activationFromKeras(null)).toBe('linear');
    expect(activationFromKeras({ module: 'keras.activations', class_name: 'function', config: 'relu' })).toBe('relu');
    expect(activationFromKeras('leaky_relu')).toBe('leaky_relu'); // unknown: left for the param check to name
  });

  it('reads 2-D paddings in all of Keras’ forms', () => {
    expect(sidesFromKeras(2)).toEqual([2, 2, 2, 2]);
    expect(sidesFromKeras([1, 3])).toEqual([1, 1, 3, 3]);
    expect(
      sidesFromKeras([
        [1, 2],
        [3, 4],
      ]),
    ).toEqual([1, 2, 3, 4]);
  });

  it('refuses settings the catalogue cannot reproduce, naming them', () => {
    expect(readKerasParams('conv2d', { data_format: 'channels_first' })).toMatchObject({
      ok: false,
      error: 'data_format "channels_first" (only "channels_last" is supported) is not supported',
    });
    expect(readKerasParams('gru', { reset_after: true })).toMatchObject({ ok: false, key: 'reset_after' });
    expect(readKerasParams('lstm', { return_state: true })).toMatchObject({ ok: false, key: 'return_state' });
    expect(readKerasParams('relu', { negative_slope: 0.1 })).toMatchObject({ ok: false, key: 'negative_slope' });
    expect(readKerasParams('gru', { reset_after: false })).toMatchObject({ ok: true });
  });

  it('reads Keras 3 names (negative_slope) and pooling strides equal to the pool size as unset', () => {
    expect(readKerasParams('leakyRelu', { negative_slope: 0.2 })).toEqual({ ok: true, params: { alpha: 0.2 } });
    expect(readKerasParams('maxPooling2d', { pool_size: [3, 3], strides: [3, 3] })).toEqual({
      ok: true,
      params: { poolSize: [3, 3], strides: null },
    });
  });
});
