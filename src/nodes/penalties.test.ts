/**
 * Oracle: every layer that takes regularizers and constraints, built through the catalogue with all
 * of them set, has tfjs' output shape and counts (unchanged), and tfjs' own config holds each one.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getLayer } from './catalogue';
import type { Shape } from './define';
import { oracleCheck } from './oracle.testkit';
import { penaltyParams } from './penalties';
import { resolveParams } from './schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CASES: readonly [string, Shape, Record<string, unknown>][] = [
  ['dense', [5], { units: 3 }],
  ['conv1d', [9, 2], { filters: 3, kernelSize: 3 }],
  ['conv2d', [6, 6, 2], { filters: 3, kernelSize: [3, 3] }],
  ['conv3d', [4, 4, 4, 2], { filters: 2 }],
  ['conv2dTranspose', [4, 4, 2], { filters: 3 }],
  ['separableConv2d', [6, 6, 2], { filters: 3 }],
  ['depthwiseConv2d', [6, 6, 2], {}],
  ['lstm', [7, 3], { units: 4 }],
  ['gru', [7, 3], { units: 4 }],
  ['simpleRnn', [7, 3], { units: 4 }],
  ['embedding', [6], { inputDim: 10, outputDim: 4 }],
  ['batchNormalization', [5, 3], {}],
  ['prelu', [5, 3], {}],
];

describe('penalty params against tfjs', () => {
  for (const [type, input, base] of CASES)
    it(`${type}: every regularizer and constraint set, same shape and counts, in tfjs' config`, () => {
      const def = getLayer(type);
      if (!def) throw new Error(type);
      const names = penaltyParams(def.kerasClass);
      expect(names.length).toBeGreaterThan(0);
      const raw: Record<string, unknown> = { ...base };
      names.forEach((k, i) => {
        raw[k] = k.endsWith('Regularizer')
          ? { l1: 0.001 * (i + 1), l2: 0.01 }
          : { className: 'MaxNorm', maxValue: i + 1, axis: 0 };
      });
      oracleCheck(def, [input], raw);
      const { values } = resolveParams(def.params, raw);
      const config = def.build(tf, values, `${type}_pen`).getConfig() as Record<string, unknown>;
      names.forEach((k, i) => {
        const want = k.endsWith('Regularizer')
          ? { className: 'L1L2', config: { l1: 0.001 * (i + 1), l2: 0.01 } }
          : { className: 'MaxNorm', config: { maxValue: i + 1, axis: 0 } };
        expect(config[k], `${type} ${k}`).toEqual(want);
      });
    });
});
