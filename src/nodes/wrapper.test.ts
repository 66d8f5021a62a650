import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getLayer } from './catalogue';
import { type AnyLayerDef, isShapeError, type Shape } from './define';
import { resolveParams } from './schema';
import { paramShown, wrappersOf } from './wrapper';

const def = (type: string) => getLayer(type) as AnyLayerDef;
let n = 0;

/** The wrapped layer against tfjs' own Bidirectional / TimeDistributed: output shape and counts. */
function oracle(type: string, input: Shape, raw: Record<string, unknown>) {
  const d = def(type);
  const { values, errors } = resolveParams(d.params, raw);
  expect(errors).toEqual([]);
  const ours = d.inferShape([input], values);
  if (isShapeError(ours)) throw new Error(ours.error.message);
  n += 1;
  const layer = d.build(tf, d.concrete?.([input], values) ?? values, `wrapped_${n}`);
  const out = layer.apply(tf.input({ shape: input as number[] })) as tf.SymbolicTensor;
  expect([...ours]).toEqual(out.shape.slice(1));
  const size = (ws: { shape: readonly (number | null)[] }[]) =>
    ws.reduce((a, w) => a + w.shape.reduce<number>((x, y) => x * (y ?? 0), 1), 0);
  expect(d.countParams([input], values)).toEqual({
    trainable: size(layer.trainableWeights),
    nonTrainable: size(layer.nonTrainableWeights),
  });
  const wrapper = raw.wrapper as string;
  expect(layer.getClassName()).toBe(
    wrapper === 'bidirectional' ? 'Bidirectional' : wrapper === 'timeDistributed' ? 'TimeDistributed' : d.kerasClass,
  );
  expect(() => JSON.stringify(layer.getConfig())).not.toThrow();
}

describe('Bidirectional as a param of a recurrent layer', () => {
  it.each([
    ['lstm', [10, 8], { units: 16, returnSequences: true }],
    ['lstm', [10, 8], { units: 16 }],
    ['lstm', [null, 8], { units: 4, returnSequences: true }],
    ['gru', [7, 3], { units: 5, returnSequences: true }],
    ['simpleRnn', [7, 3], { units: 6 }],
  ] as const)('%s %j %j: every merge mode as tfjs builds it', (type, input, params) => {
    for (const mergeMode of ['concat', 'sum', 'mul', 'ave'])
      oracle(type, input, { ...params, wrapper: 'bidirectional', mergeMode });
  });

  it('doubles the counts and the MACs, and concat doubles the last axis', () => {
    const lstm = def('lstm');
    const v = resolveParams(lstm.params, { units: 8, wrapper: 'bidirectional' }).values;
    const plain = resolveParams(lstm.params, { units: 8 }).values;
    expect(lstm.inferShape([[5, 3]], v)).toEqual([16]);
    expect(lstm.countParams([[5, 3]], v).trainable).toBe(2 * lstm.countParams([[5, 3]], plain).trainable);
    expect(lstm.macs?.([[5, 3]], v, [16])).toBe(2 * (lstm.macs?.([[5, 3]], plain, [8]) ?? 0));
    expect(lstm.describe?.(v)).toBe('bidirectional · 8');
    expect(lstm.describe?.({ ...v, mergeMode: 'sum' })).toBe('bidirectional sum · 8');
  });

  it('is offered to recurrent layers only; TimeDistributed to every one-input layer', () => {
    expect(wrappersOf(def('lstm'))).toEqual([]); // already wrapped in the catalogue
    expect(def('lstm').params.wrapper).toMatchObject({ options: ['none', 'bidirectional', 'timeDistributed'] });
    expect(def('dense').params.wrapper).toMatchObject({ options: ['none', 'timeDistributed'] });
    expect(def('dense').params.mergeMode).toBeUndefined();
    expect(def('input').params.wrapper).toBeUndefined();
    expect(def('add').params.wrapper).toBeUndefined();
    expect(paramShown('mergeMode', { wrapper: 'bidirectional' })).toBe(true);
    expect(paramShown('mergeMode', { wrapper: 'timeDistributed' })).toBe(false);
    expect(paramShown('mergeMode', {})).toBe(false);
    expect(paramShown('units', {})).toBe(true);
  });
});

describe('TimeDistributed as a param of a layer', () => {
  it.each([
    ['dense', [10, 8], { units: 4, activation: 'softmax' }],
    ['dense', [null, 8], { units: 3 }],
    ['conv2d', [5, 12, 12, 3], { filters: 4, kernelSize: [3, 3] }],
    ['conv2d', [null, 12, 12, 3], { filters: 2, kernelSize: [3, 3], padding: 'same' }],
    ['maxPooling2d', [5, 8, 8, 2], {}],
    ['flatten', [5, 4, 4, 2], {}],
    ['dropout', [6, 3], { rate: 0.5 }],
    ['batchNormalization', [6, 3], {}],
    ['lstm', [4, 6, 3], { units: 2 }],
  ] as const)('%s %j %j as tfjs builds it', (type, input, params) => {
    oracle(type, input, { ...params, wrapper: 'timeDistributed' });
  });

  it('applies the layer to each step: the counts of one step, the MACs of every step', () => {
    const dense = def('dense');
    const v = resolveParams(dense.params, { units: 4, wrapper: 'timeDistributed' }).values;
    const plain = resolveParams(dense.params, { units: 4 }).values;
    expect(dense.countParams([[10, 8]], v)).toEqual(dense.countParams([[8]], plain));
    expect(dense.macs?.([[10, 8]], v, [10, 4])).toBe(10 * 8 * 4);
    expect(dense.macs?.([[null, 8]], v, [null, 4])).toBeNull();
    expect(dense.describe?.(v)).toBe('per step · 4');
  });

  it('needs a sequence: a clear message on the wrapper param, with the fix', () => {
    const dense = def('dense');
    const v = resolveParams(dense.params, { wrapper: 'timeDistributed' }).values;
    const r = dense.inferShape([[8]], v);
    expect(isShapeError(r) && r.error).toMatchObject({
      message: expect.stringMatching(/TimeDistributed\(Dense\) .* rank 2 or more .* its input is 8 \(rank 1\)/),
      param: 'wrapper',
      fixes: [{ kind: 'setParam', param: 'wrapper', value: 'none' }],
    });
    const conv = def('conv2d');
    const c = conv.inferShape([[5, 8, 3]], resolveParams(conv.params, { wrapper: 'timeDistributed' }).values);
    expect(isShapeError(c) && c.error.message).toMatch(/Conv2D expects .* \(TimeDistributed: each step is 8×3\.\)/);
  });
});
