/**
 * Each layer's Keras mapping against tfjs itself: it covers every catalogue param, and reading back
 * the config tfjs serializes for a layer (snake_case, as in model.json) gives the params it was
 * built with — for the defaults and for a non-default variant of every param.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AnyLayerDef,
  defaultParams,
  isShapeError,
  LAYERS,
  type ParamSpec,
  resolveParams,
  type Shape,
} from '../nodes';
import { keras3Key, paramMappings, readKerasParams } from './kerasTable';
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
      if (d === null) return spec.length ? Array(spec.length).fill(3) : [1];
      return (d as number[]).map((v) => (v === -1 ? -1 : v + 1));
  }
}

/** Input shapes tried, in order, for a layer with given params: the first its shape inference accepts. */
const CANDIDATES: readonly (readonly Shape[])[] = [
  [[8, 8, 4]],
  [[8, 4]],
  [[8]],
  [
    [8, 8, 4],
    [8, 8, 4],
  ],
  [
    [8, 4],
    [8, 4],
  ],
  [[4], [4]],
  [[6, 6, 6, 4]],
];

/**
 * Builds the layer with tfjs, applies it to inputs its shape inference accepts, and reads the
 * config tfjs writes for it in a model.json (snake_case keys and values, through tfjs' own
 * serialization) back through the mapping. Returns the params read back and the params tfjs was
 * given, as a model.json holds them (Reshape's -1 resolved, as the exports write it; LayerNormalization's
 * axis as tfjs resolves it when built: the last axis counted with the batch axis).
 */
function roundTrip(
  def: AnyLayerDef,
  params: Record<string, unknown>,
): { back: Record<string, unknown>; expected: Record<string, unknown> } | undefined {
  const inputs = CANDIDATES.find(
    (c) =>
      c.length >= def.inputs.min && c.length <= def.inputs.max && !isShapeError(def.inferShape(c, params as never)),
  );
  if (!inputs) throw new Error(`${def.type}: no sample input fits ${JSON.stringify(params)}`);
  const given = { ...((def.concrete?.(inputs, params as never) ?? params) as Record<string, unknown>) };
  let model: tf.LayersModel;
  try {
    const layer = def.build(tf, given as never, 'probe');
    // A stateful recurrent layer needs a fixed batch size (tfjs resets its states as it builds).
    const xs = inputs.map((s) =>
      tf.input(params.stateful === true ? { batchShape: [2, ...s] as number[] } : { shape: [...s] as number[] }),
    );
    const out = layer.apply(xs.length === 1 ? (xs[0] as tf.SymbolicTensor) : xs) as tf.SymbolicTensor;
    model = tf.model({ inputs: xs, outputs: out });
  } catch {
    return undefined; // a value tfjs refuses to build (e.g. ELU alpha ≠ 1): nothing to compare
  }
  const topology = model.toJSON(null, false) as unknown as {
    config: { layers: { name: string; config: Record<string, unknown> }[] };
  };
  const config = topology.config.layers.find((l) => l.name === 'probe')?.config ?? {};
  // tfjs 4.22 omits SeparableConv2D's depth_multiplier from its config; the exports put it back
  // (fixTfjsTopology), and so does this oracle.
  if (def.type === 'separableConv2d') config.depth_multiplier = params.depthMultiplier;
  const read = readKerasParams(def.type, config);
  if (!read.ok) throw new Error(read.error);
  if (def.type === 'layerNormalization' && given.axis === -1) given.axis = inputs[0]?.length ?? 0;
  return { back: resolveParams(def.params, read.params).values as Record<string, unknown>, expected: given };
}

const layers = LAYERS.filter((d) => d.type !== 'input');

describe('the Keras mapping of each layer', () => {
  it("maps exactly its params (Input's shape is the importers' and writers' own)", () => {
    for (const def of LAYERS) {
      const mapped = paramMappings(def)
        .map((m) => m.param)
        .sort();
      const own = def.type === 'input' ? [] : Object.keys(def.params).sort();
      expect(mapped, def.type).toEqual(own);
    }
  });

  it('uses Keras 3 argument names that are Python identifiers in snake_case', () => {
    for (const def of LAYERS) for (const m of paramMappings(def)) expect(keras3Key(m)).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(layers.map((d) => [d.kerasClass, d] as const))('%s: reads back the defaults tfjs serializes', (_, def) => {
    const r = roundTrip(def, defaultParams(def.params) as Record<string, unknown>);
    expect(r?.back).toEqual(r?.expected);
  });

  it.each(layers.map((d) => [d.kerasClass, d] as const))('%s: reads back each non-default param', (_, def) => {
    let compared = 0;
    for (const [key, spec] of Object.entries(def.params)) {
      const params = { ...(defaultParams(def.params) as Record<string, unknown>), [key]: variant(key, spec) };
      if (resolveParams(def.params, params).errors.length) continue;
      const r = roundTrip(def, params);
      if (!r) continue;
      compared++;
      expect(r.back, `${def.type}.${key}`).toEqual(r.expected);
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
    expect(readKerasParams('conv1d', { data_format: 'channels_first' })).toMatchObject({
      ok: false,
      key: 'data_format',
      error: expect.stringMatching(/^data_format "channels_first" \(tfjs 4.22's Conv1D .* Permute\(\[2, 1\]\)/),
    });
    expect(readKerasParams('maxPooling1d', { data_format: 'channels_first' })).toMatchObject({ ok: false });
    expect(readKerasParams('conv1d', { data_format: 'channels_last' })).toMatchObject({ ok: true });
    expect(readKerasParams('conv2d', { data_format: 'channels_first' })).toEqual({
      ok: true,
      params: { dataFormat: 'channels_first' },
    });
    expect(readKerasParams('flatten', { data_format: null })).toEqual({ ok: true, params: { dataFormat: null } });
    expect(readKerasParams('conv2d', { data_format: null })).toEqual({ ok: true, params: {} });
    expect(readKerasParams('gru', { reset_after: true })).toMatchObject({ ok: false, key: 'reset_after' });
    expect(readKerasParams('lstm', { time_major: true })).toMatchObject({ ok: false, key: 'time_major' });
    expect(readKerasParams('lstm', { go_backwards: true })).toMatchObject({ ok: true });
    expect(readKerasParams('lstm', { return_state: true })).toMatchObject({ ok: true });
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
