import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { infer, oracleCheck } from '../oracle.testkit';
import { resolveParams } from '../schema';
import { elu } from './elu';

describe('ELU', () => {
  it.each([
    [[10], {}, [10]],
    [[8, 8, 16], {}, [8, 8, 16]],
    [[null, 10], { alpha: 1 }, [null, 10]],
    [[null, null, 4], {}, [null, null, 4]],
  ] as const)('%j with %j → %j', (input, params, out) => {
    expect(infer(elu, [input], params)).toEqual(out);
  });

  it('rejects a negative alpha', () => {
    expect(infer(elu, [[10]], { alpha: -1 })).toMatch(/alpha must be a number ≥ 0 \(got -1\)/);
  });

  it('explains that tfjs supports only alpha 1, as its constructor throws', () => {
    const issue = elu.checkParams?.(resolveParams(elu.params, { alpha: 0.5 }).values);
    expect(issue?.message).toMatch(/tfjs supports only alpha = 1 .*got 0\.5/);
    expect(issue?.fixes?.[0]).toMatchObject({ kind: 'setParam', param: 'alpha', value: 1 });
    expect(() => elu.build(tf, { alpha: 0.5 }, 'elu_bad')).toThrow(/Non-default alpha/);
    expect(elu.checkParams?.(resolveParams(elu.params, {}).values)).toBeUndefined();
  });

  it('needs an input', () => {
    expect(infer(elu, [])).toMatch(/ELU needs an input/);
  });

  it.each([
    [[10], {}],
    [[4, 5, 3], { alpha: 1 }],
    [[null, 6], {}],
  ])('matches tfjs for %j %j', (input, params) => {
    oracleCheck(elu, [input], params);
  });
});
