import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { conv1d } from './conv1d';

const values = (raw: Record<string, unknown>) => resolveParams(conv1d.params, raw).values;

describe('Conv1D', () => {
  it.each([
    [[100, 8], {}, [98, 32]],
    [[100, 8], { padding: 'same', filters: 16 }, [100, 16]],
    [[101, 8], { strides: 2 }, [50, 32]],
    [[101, 8], { strides: 2, padding: 'same' }, [51, 32]],
    [[100, 8], { dilationRate: 4 }, [92, 32]],
    [[null, 8], { kernelSize: 7 }, [null, 32]],
    [[3, 1], { kernelSize: 3 }, [1, 32]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(conv1d, [input], params)).toEqual(out);
  });

  it('explains a kernel that does not fit', () => {
    expect(infer(conv1d, [[4, 16]], { kernelSize: 5 })).toMatch(
      /Conv1D's 5-step kernel does not fit in its 4×16 input with padding "valid"/,
    );
    expect(infer(conv1d, [[6, 16]], { kernelSize: 3, dilationRate: 3 })).toMatch(
      /3-step kernel \(dilation 3, spanning 7 steps\) does not fit in its 6×16 input/,
    );
  });
  it('explains a wrong rank, with a Reshape fix for a vector and a hint for images', () => {
    expect(infer(conv1d, [[100]])).toMatch(/expects a 2-D input \(steps, channels\).*100 \(rank 1\)/);
    const r = conv1d.inferShape([[100]], values({}));
    expect(r).toMatchObject({ error: { fixes: [{ kind: 'insertBefore', layer: { type: 'reshape' } }] } });
    expect(infer(conv1d, [[28, 28, 3]])).toMatch(/28×28×3 \(rank 3\)\. For a \(height, width, channels\).*Conv2D/);
  });
  it('needs known channels', () => {
    expect(infer(conv1d, [[100, null]])).toMatch(/Conv1D needs a known last dimension.*100×\?/);
  });
  it('rejects strides combined with dilation', () => {
    expect(conv1d.checkParams?.(values({ strides: 2, dilationRate: 2 }))).toMatchObject({ param: 'dilationRate' });
    expect(conv1d.checkParams?.(values({ strides: 2 }))).toBeUndefined();
  });
  it('refuses causal padding, which tfjs 4.22 cannot run, and offers "same"', () => {
    const r = conv1d.inferShape([[10, 3]], values({ padding: 'causal' }));
    expect(Array.isArray(r)).toBe(false);
    const issue = (r as { error: { message: string; param?: string; fixes?: readonly { label: string }[] } }).error;
    expect(issue.message).toMatch(/tfjs 4\.22 cannot run it/);
    expect(issue.param).toBe('padding');
    expect(issue.fixes?.[0]?.label).toBe('Use padding "same" (not causal)');
  });
  it('describes itself', () => {
    expect(conv1d.describe?.(values({ filters: 64, kernelSize: 5, padding: 'causal', dilationRate: 2 }))).toBe(
      '64 · k5 · causal · dilation 2',
    );
  });

  it.each([
    [[10, 3], {}],
    [[11, 2], { filters: 5, kernelSize: 4, strides: 3, padding: 'same', useBias: false }],
    [[20, 4], { dilationRate: 3, activation: 'relu' }],
    [[9, 1], { kernelSize: 9, filters: 2 }],
    [[null, 3], { kernelSize: 2, strides: 2 }],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(conv1d, [input], params);
  });
});
