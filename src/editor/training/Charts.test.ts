import { describe, expect, it } from 'vitest';
import { EPOCH_INCRS, epochTicks, options } from './Charts';

describe('training charts', () => {
  it('put epoch ticks on whole epochs only, and label no fraction', () => {
    const colors = { text: '#000', grid: '#ccc', batch: '#999', train: '#00f', validation: '#f90' };
    const x = options('loss', 300, colors).axes?.[0];
    expect(x?.incrs).toBe(EPOCH_INCRS);
    expect(x?.values).toBe(epochTicks);
    expect(EPOCH_INCRS.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
    expect(epochTicks(undefined, [1, 1.25, 1.5, 2])).toEqual(['1', '', '', '2']);
  });
});
