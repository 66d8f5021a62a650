import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { rescaling } from './rescaling';

describe('Rescaling', () => {
  it.each([
    [[28, 28, 1], {}, [28, 28, 1]],
    [[10], { scale: 2, offset: 1 }, [10]],
    [[null, null, 3], { scale: 1 / 127.5, offset: -1 }, [null, null, 3]],
    [[null, 5], {}, [null, 5]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(rescaling, [input], params)).toEqual(out);
  });

  it('defaults to 1/255 and no offset', () => {
    expect(rescaling.params.scale.default).toBe(1 / 255);
    expect(rescaling.params.offset.default).toBe(0);
  });

  it.each([
    [{ scale: 'x' }, /scale must be a number \(got "x"\)/],
    [{ offset: Number.NaN }, /offset must be a number \(got NaN\)/],
  ])('rejects %j', (params, message) => {
    expect(infer(rescaling, [[10]], params)).toMatch(message);
  });

  it('needs an input', () => {
    expect(infer(rescaling, [])).toMatch(/Rescaling needs an input/);
  });

  it.each([
    [{ scale: 1 / 255, offset: 0 }, '×1/255'],
    [{ scale: 1 / 127.5, offset: -1 }, '×1/127.5 − 1'],
    [{ scale: 2, offset: 0.5 }, '×2 + 0.5'],
    [{ scale: 0.123456, offset: 0 }, '×0.1235'],
    [{ scale: -1 / 255, offset: 1 }, '×-1/255 + 1'],
  ])('describes %j as %s', (params, text) => {
    expect(rescaling.describe?.(params)).toBe(text);
  });

  it('warns about a no-op or a zero scale', () => {
    expect(rescaling.warn?.([[3]], { scale: 1, offset: 0 })?.message).toMatch(/unchanged/);
    expect(rescaling.warn?.([[3]], { scale: 0, offset: 1 })?.message).toMatch(/discards its input/);
    expect(rescaling.warn?.([[3]], { scale: 1 / 255, offset: 0 })).toBeUndefined();
  });

  it.each([
    [[4, 4, 3], {}],
    [[10], { scale: 2, offset: 1 }],
    [[null, 5], { scale: 1 / 127.5, offset: -1 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(rescaling, [input], params);
  });
});
