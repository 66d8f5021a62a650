/**
 * Oracle: every layer with a `dataFormat` param, in both layouts, has tfjs' own output shape and
 * parameter counts, and its channels-first tfjs layer computes what the channels-last one computes
 * on the transposed input with the same weights. The layers that refuse channels_first do so
 * because tfjs 4.22 really cannot run them that way (shown by building them).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLayer } from './catalogue';
import { channelsFirstRefusal, toChannelsFirst, toChannelsLast } from './dataFormat';
import type { Shape } from './define';
import { infer, oracleCheck } from './oracle.testkit';
import { resolveParams } from './schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** [type, channels-last input shape, params]. */
const CASES: readonly [string, Shape, Record<string, unknown>][] = [
  ['conv2d', [7, 6, 3], { filters: 4, kernelSize: [3, 2], strides: [2, 1], padding: 'same' }],
  ['conv2d', [9, 8, 2], { filters: 3, kernelSize: [3, 3], dilationRate: [2, 1], activation: 'relu' }],
  ['conv3d', [5, 6, 4, 2], { filters: 3, kernelSize: [2, 3, 2] }],
  ['conv2dTranspose', [4, 5, 3], { filters: 2, kernelSize: [3, 3], strides: [2, 2] }],
  ['separableConv2d', [7, 6, 3], { filters: 4, depthMultiplier: 2, useBias: false }],
  ['depthwiseConv2d', [7, 6, 3], { depthMultiplier: 2, padding: 'same' }],
  ['maxPooling2d', [7, 6, 3], { poolSize: [2, 3] }],
  ['averagePooling2d', [7, 6, 3], { strides: [2, 2], padding: 'same' }],
  ['maxPooling3d', [4, 6, 5, 2], {}],
  ['averagePooling3d', [4, 6, 5, 2], { poolSize: [2, 3, 2], padding: 'same' }],
  ['globalAveragePooling2d', [5, 4, 3], {}],
  ['globalMaxPooling2d', [5, 4, 3], {}],
  ['upSampling2d', [3, 4, 2], { size: [2, 3] }],
  ['zeroPadding2d', [3, 4, 2], { padding: [1, 2, 0, 1] }],
  ['cropping2d', [6, 7, 2], { cropping: [1, 2, 0, 1] }],
  ['flatten', [3, 4, 2], {}],
];

const def = (type: string) => {
  const d = getLayer(type);
  if (!d) throw new Error(type);
  return d;
};
const perm = (rank: number, toLast: boolean) =>
  toLast
    ? [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]
    : [0, rank - 1, ...Array.from({ length: rank - 2 }, (_, i) => i + 1)];

describe('dataFormat against tfjs', () => {
  for (const [type, last, params] of CASES) {
    const firstShape = toChannelsFirst(last);
    it(`${type} ${JSON.stringify(params)}: channels_last ${JSON.stringify(last)} and channels_first ${JSON.stringify(firstShape)} match tfjs`, () => {
      const d = def(type);
      oracleCheck(d, [last], { ...params, dataFormat: 'channels_last' });
      oracleCheck(d, [firstShape], { ...params, dataFormat: 'channels_first' });
      const cl = infer(d, [last], params);
      const cf = infer(d, [firstShape], { ...params, dataFormat: 'channels_first' });
      expect(Array.isArray(cl) && Array.isArray(cf)).toBe(true);
      // Same sizes, channels first: the layout moves the channels axis and nothing else.
      expect(cf).toEqual((cl as Shape).length === last.length ? toChannelsFirst(cl as Shape) : cl);
      const n = d.countParams([last], resolveParams(d.params, params).values);
      expect(
        d.countParams([firstShape], resolveParams(d.params, { ...params, dataFormat: 'channels_first' }).values),
      ).toEqual(n);
      // Multiply-accumulates too: the same work in either layout.
      if (d.macs) {
        const lastValues = resolveParams(d.params, params).values;
        const firstValues = resolveParams(d.params, { ...params, dataFormat: 'channels_first' }).values;
        expect(d.macs([firstShape], firstValues, cf as Shape)).toBe(d.macs([last], lastValues, cl as Shape));
        expect(d.macs([last], lastValues, cl as Shape)).toBeGreaterThan(0);
      }
    });

    it(`${type}: the channels-first tfjs layer computes the channels-last one on the transposed input`, () => {
      const d = def(type);
      const build = (format: string, name: string) =>
        d.build(tf, resolveParams(d.params, { ...params, dataFormat: format }).values, name);
      const a = build('channels_last', `${type}_cl`);
      const b = build('channels_first', `${type}_cf`);
      const rank = last.length + 1;
      const x = tf.randomNormal([2, ...(last as number[])], 0, 1, 'float32', 7);
      const yLast = a.apply(x) as tf.Tensor;
      b.apply(tf.zeros([1, ...(firstShape as number[])]));
      b.setWeights(a.getWeights());
      const yFirst = b.apply(tf.transpose(x, perm(rank, false))) as tf.Tensor;
      // Flatten and the global poolings give the channels-last order whatever the layout (Keras' rule).
      const back = yFirst.rank === rank ? tf.transpose(yFirst, perm(rank, true)) : yFirst;
      expect(back.shape).toEqual(yLast.shape);
      expect(tf.max(tf.abs(tf.sub(back, yLast))).dataSync()[0]).toBeLessThan(1e-5);
      expect((b.getConfig() as { dataFormat?: string }).dataFormat).toBe('channelsFirst');
    });
  }

  it('names the channels-first shapes and axes in its messages', () => {
    expect(infer(def('conv2d'), [[3, 2, 2]], { kernelSize: [3, 3], dataFormat: 'channels_first' })).toMatch(
      /3×3 kernel does not fit in its 3×2×2 input.*channels_first/,
    );
    expect(infer(def('conv2d'), [[100]], { dataFormat: 'channels_first' })).toMatch(
      /expects a 3-D input \(channels, height, width\)/,
    );
    expect(infer(def('conv2d'), [[null, 8, 8]], { dataFormat: 'channels_first' })).toMatch(
      /known first \(channels\) dimension/,
    );
  });

  it('SeparableConv2D channels-first with a bias: an error at the node, because tfjs adds the bias in the wrong layout', () => {
    const d = def('separableConv2d');
    const issue = d.checkParams?.(resolveParams(d.params, { filters: 4, dataFormat: 'channels_first' }).values);
    expect(issue).toMatchObject({
      param: 'dataFormat',
      message: expect.stringMatching(/cannot add a bias channels-first/),
    });
    expect(
      d.checkParams?.(resolveParams(d.params, { filters: 4, dataFormat: 'channels_first', useBias: false }).values),
    ).toBeUndefined();
    const layer = tf.layers.separableConv2d({ filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' });
    expect(() => layer.apply(tf.zeros([1, 3, 7, 6]))).toThrow(/broadcast/);
  });

  it('Flatten writes its data format when set, and leaves an unset one out as the file did', () => {
    const d = def('flatten');
    const config = (format: string) =>
      (
        d.build(tf, resolveParams(d.params, { dataFormat: format }).values, `flat_${format}`).getConfig() as Record<
          string,
          unknown
        >
      ).dataFormat;
    expect(config('channels_last')).toBe('channelsLast');
    expect(config('channels_first')).toBe('channelsFirst');
    // Unset, as Keras 2.0 and tfjs write it: left out, and read channels-last.
    expect(d.params.dataFormat?.default).toBeNull();
    expect(
      (d.build(tf, resolveParams(d.params, {}).values, 'flat_unset').getConfig() as Record<string, unknown>).dataFormat,
    ).toBeUndefined();
  });

  it('describes a channels-first node on its face', () => {
    const d = def('maxPooling2d');
    expect(d.describe?.(resolveParams(d.params, { dataFormat: 'channels_first' }).values)).toBe('NCHW · 2×2 · valid');
    expect(d.describe?.(resolveParams(d.params, {}).values)).toBe('2×2 · valid');
    const pool3d = def('maxPooling3d');
    expect(pool3d.describe?.(resolveParams(pool3d.params, { dataFormat: 'channels_first' }).values)).toMatch(
      /^NCDHW · /,
    );
    const flat = def('flatten');
    expect(flat.describe?.(resolveParams(flat.params, { dataFormat: 'channels_first' }).values)).toBe('channels first');
  });
});

describe('layers tfjs 4.22 cannot run channels-first keep a refusal', () => {
  it('Conv1D: tfjs returns a channels-last output for a channels-first layer', () => {
    const layer = tf.layers.conv1d({ filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' });
    const y = layer.apply(tf.zeros([1, 2, 9])) as tf.Tensor; // (channels 2, steps 9)
    const declared = layer.computeOutputShape([1, 2, 9]);
    expect(declared).toEqual([1, 4, 7]);
    expect(y.shape).toEqual([1, 7, 4]);
    expect(channelsFirstRefusal('Conv1D')?.why).toMatch(/Conv1D.*channels-last.*Permute/);
    expect(def('conv1d').params).not.toHaveProperty('dataFormat');
  });

  it.each([
    ['maxPooling1d', 'MaxPooling1D'],
    ['averagePooling1d', 'AveragePooling1D'],
    ['globalAveragePooling1d', 'GlobalAveragePooling1D'],
    ['globalMaxPooling1d', 'GlobalMaxPooling1D'],
  ])('%s: tfjs ignores dataFormat and pools the last axis', (type, cls) => {
    const d = def(type);
    expect(d.params).not.toHaveProperty('dataFormat');
    expect(d.keras.refuse?.[0]).toMatchObject({ key: 'data_format', why: expect.stringContaining(cls) });
    // (channels 2, steps 6) read channels-first would pool the 6 steps; tfjs pools axis 1 instead.
    const args = { dataFormat: 'channelsFirst', name: `${type}_ignored` } as Record<string, unknown>;
    const layer = (tf.layers as unknown as Record<string, (a: unknown) => tf.layers.Layer>)[type]?.(args);
    const y = layer?.apply(tf.ones([1, 2, 6])) as tf.Tensor;
    expect(y.shape[1]).not.toBe(2);
  });
});

describe('channels-last views', () => {
  it('moves the channels axis and back', () => {
    expect(toChannelsLast([3, 8, 9])).toEqual([8, 9, 3]);
    expect(toChannelsFirst([8, 9, 3])).toEqual([3, 8, 9]);
    expect(toChannelsLast([5])).toEqual([5]);
  });
});
