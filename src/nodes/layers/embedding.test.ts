import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { embedding } from './embedding';

describe('Embedding', () => {
  it.each([
    [[100], {}, [100, 64]],
    [[null], { outputDim: 16 }, [null, 16]],
    [[20], { inputDim: 50, outputDim: 8, maskZero: true }, [20, 8]],
    [[4, 6], { outputDim: 3 }, [4, 6, 3]],
    [[], { outputDim: 5 }, [5]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(embedding, [input], params)).toEqual(out);
  });

  it.each([
    [{ inputDim: 0 }, /input dim must be a whole number ≥ 1 \(got 0\)/],
    [{ outputDim: 2.5 }, /output dim must be a whole number ≥ 1 \(got 2\.5\)/],
    [{ maskZero: 'yes' }, /mask zero must be true or false/],
  ])('rejects %j', (params, message) => {
    expect(infer(embedding, [[10]], params)).toMatch(message);
  });

  it('counts inputDim × outputDim weights', () => {
    const { values } = resolveParams(embedding.params, { inputDim: 10000, outputDim: 128 });
    expect(embedding.countParams([[null]], values)).toEqual({ trainable: 1_280_000, nonTrainable: 0 });
  });

  it('warns about a trailing axis of 1 and offers a Reshape', () => {
    const w = embedding.warn?.([[100, 1]], { inputDim: 10, outputDim: 8, maskZero: false });
    expect(w?.message).toMatch(/adds an axis: its 100×1 input gives 100×1×8/);
    expect(w?.fixes?.[0]).toMatchObject({
      kind: 'insertBefore',
      layer: { type: 'reshape', params: { targetShape: [100] } },
    });
    expect(embedding.warn?.([[100]], { inputDim: 10, outputDim: 8, maskZero: false })).toBeUndefined();
  });

  it('describes itself', () => {
    expect(embedding.describe?.({ inputDim: 1000, outputDim: 64, maskZero: true })).toBe('1000 → 64 · mask 0');
  });

  it('needs an input', () => {
    expect(infer(embedding, [])).toMatch(/Embedding needs an input/);
  });

  it.each([
    [[7], { inputDim: 20, outputDim: 4 }],
    [[null], { inputDim: 5, outputDim: 3, maskZero: true }],
    [[3, 2], { inputDim: 9, outputDim: 2 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(embedding, [input], params);
  });
});
