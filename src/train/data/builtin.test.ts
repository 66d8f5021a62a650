import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DATASETS,
  BUILTIN_NAMES,
  BuiltinSpecSchema,
  builtinInputShape,
  defaultSamples,
  makeBuiltin,
} from './builtin';

describe('built-in data sets', () => {
  it('every name has its info and makes a set of its task', () => {
    for (const name of BUILTIN_NAMES) {
      const d = makeBuiltin({ name, samples: 8 }, [8, 8, 3]);
      expect(d.task).toBe(BUILTIN_DATASETS[name].task);
      expect(d.count).toBe(8);
      expect(d.name).toBe(name);
    }
  });

  it('image sets take the model input size (grey or RGB), else 32×32×3', () => {
    expect(builtinInputShape('shapes-seg', [24, 40, 1])).toEqual([24, 40, 1]);
    expect(builtinInputShape('shapes', [360, 480, 3])).toEqual([360, 480, 3]);
    expect(builtinInputShape('shapes', [2])).toEqual([32, 32, 3]);
    expect(builtinInputShape('shapes', [28, 28, 2])).toEqual([32, 32, 3]);
    expect(builtinInputShape('shapes-seg', undefined)).toEqual([32, 32, 3]);
    expect(builtinInputShape('spirals', [32, 32, 3])).toEqual([2]);
    expect(makeBuiltin({ name: 'shapes-seg', samples: 4 }, [12, 10, 1]).inputShape).toEqual([12, 10, 1]);
  });

  it('digits are 28×28×1 unless the model takes another image', () => {
    expect(builtinInputShape('digits', undefined)).toEqual([28, 28, 1]);
    expect(builtinInputShape('digits', [2])).toEqual([28, 28, 1]);
    expect(builtinInputShape('digits', [32, 32, 3])).toEqual([32, 32, 3]);
    const d = makeBuiltin({ name: 'digits', samples: 20, seed: 5, noise: 0 });
    expect(d).toMatchObject({ name: 'digits', task: 'classification', count: 20, inputShape: [28, 28, 1] });
    expect(d.task === 'classification' && d.classes).toHaveLength(10);
    expect(makeBuiltin({ name: 'digits', samples: 20, seed: 5, noise: 0 })).toEqual(d);
    expect(makeBuiltin({ name: 'digits', samples: 4 }, [16, 12, 3]).inputShape).toEqual([16, 12, 3]);
    expect(BUILTIN_DATASETS.digits.label).toBe('Digits (classification)');
  });

  it('makes fewer samples by default for large images, never fewer than 8', () => {
    expect(makeBuiltin({ name: 'xor' }).count).toBe(1000);
    expect(defaultSamples('spirals', [2])).toBe(1000);
    expect(defaultSamples('shapes-seg', [32, 32, 3])).toBe(256);
    expect(defaultSamples('shapes', [32, 32, 3])).toBe(512);
    expect(defaultSamples('digits', [28, 28, 1])).toBe(2000);
    expect(makeBuiltin({ name: 'digits' }).count).toBe(2000);
    // 360×480×(3 + 4) floats a sample: 128 MB hold 27 of them.
    expect(defaultSamples('shapes-seg', [360, 480, 3])).toBe(27);
    expect(defaultSamples('shapes-seg', [2000, 2000, 3])).toBe(8);
  });

  it('is deterministic by seed and the seed matters', () => {
    const a = makeBuiltin({ name: 'shapes', samples: 5, seed: 2 }, [8, 8, 3]);
    expect(makeBuiltin({ name: 'shapes', samples: 5, seed: 2 }, [8, 8, 3])).toEqual(a);
    expect(makeBuiltin({ name: 'shapes', samples: 5, seed: 3 }, [8, 8, 3]).x).not.toEqual(a.x);
  });

  it('leaves the scenes out of the data set (it is posted to the worker)', () => {
    expect('scenes' in makeBuiltin({ name: 'shapes-seg', samples: 4 }, [8, 8, 3])).toBe(false);
  });

  it('validates specs', () => {
    expect(BuiltinSpecSchema.safeParse({ name: 'spirals', samples: 100, noise: 0.1 }).success).toBe(true);
    expect(BuiltinSpecSchema.safeParse({ name: 'mnist' }).success).toBe(false);
    expect(BuiltinSpecSchema.safeParse({ name: 'xor', samples: 2 }).success).toBe(false);
  });
});
