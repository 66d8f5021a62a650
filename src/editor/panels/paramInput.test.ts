import { describe, expect, it } from 'vitest';
import { checkParam, getLayer } from '../../nodes';
import { parseInput } from './ParamField';

describe('parseInput', () => {
  const shape = getLayer('input')?.params.shape;
  const kernel = getLayer('conv2d')?.params.kernelSize;
  it('reads ? (or None) as an unknown size where the spec allows one', () => {
    if (!shape || !kernel) throw new Error('catalogue');
    expect(parseInput(shape, '?, 8')).toEqual([null, 8]);
    expect(parseInput(shape, 'None×None×3')).toEqual([null, null, 3]);
    expect(parseInput(kernel, '?, 3')).toEqual(['?', 3]); // not allowed: left for the check to name
  });
  it('reads () as the empty shape: an opaque layer giving one value per sample', () => {
    const out = getLayer('opaque')?.params.outputShape;
    if (!out) throw new Error('catalogue');
    expect(parseInput(out, '()')).toEqual([]);
    expect(checkParam(out, [])).toBeNull();
    expect(parseInput(out, '4 × 20')).toEqual([4, 20]);
  });
});
