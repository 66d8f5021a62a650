import { describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../compile';
import { analyze, applyEdits, DocBuilder, example } from '../compile';
import { checkData, type DataProblem } from './check';
import { makeBuiltin } from './data/builtin';
import type { Dataset } from './data/types';
import { headActivation } from './head';
import { linear, mlp, separable, settings, tinySegmenter } from './testing';

const check = (doc: SkipwireDoc, data: Dataset = separable(), s = settings()) => checkData(analyze(doc), data, s);
const errors = (ps: readonly DataProblem[]) => ps.filter((p) => p.severity === 'error');

/** Applies the first problem's fix and checks again. */
function fixed(doc: SkipwireDoc, problem: DataProblem | undefined): SkipwireDoc {
  expect(problem?.fix).toBeDefined();
  const r = applyEdits(doc, problem?.fix?.ops ?? []);
  expect(r.error).toBeUndefined();
  return r.doc;
}

describe('checkData', () => {
  it('refuses a model with an opaque layer (a Lambda), naming it and what to use instead', () => {
    const b = new DocBuilder('lambda');
    const x = b.layer('input', 'in', { shape: [2] });
    const l = b.layer('opaque', 'half', { className: 'Lambda', config: { name: 'half' }, outputShape: [2] }, [x]);
    b.layer('dense', 'out', { units: 2, activation: 'softmax' }, [l]);
    const c = check(b.build());
    expect(c.ok).toBe(false);
    expect(errors(c.problems).map((p) => p.message)).toEqual([
      expect.stringMatching(/^layer "half" blocks training and the tfjs export: tfjs cannot run Lambda .*Rescaling/),
    ]);
  });

  it('accepts a fitting model: one-hot targets, loss from the softmax head, the split', () => {
    const c = check(example('spirals'), makeBuiltin({ name: 'spirals', samples: 100 }));
    expect(c).toMatchObject({
      ok: true,
      head: 'softmax',
      loss: 'categoricalCrossentropy',
      split: { train: 80, validation: 20 },
    });
    expect(c.layout).toEqual({ kind: 'onehot', shape: [2], classes: 2 });
    expect(c.problems).toEqual([]);
  });

  it('says what the input should be and fixes it by setting the Input shape', () => {
    const doc = example('apesnet-mini');
    const images = makeBuiltin({ name: 'shapes-seg', samples: 4 }, [28, 28, 1]);
    const c = check(doc, images);
    expect(c.ok).toBe(false);
    expect(c.problems[0]?.message).toBe(
      'The model expects 32×32×3 per sample; the data set "shapes-seg" gives 28×28×1.',
    );
    expect(c.problems[0]?.fix?.label).toBe('Set the Input shape to 28×28×1');
    const after = fixed(doc, c.problems[0]);
    expect(analyze(after).nodes.get('input')?.outputShapes[0]).toEqual([28, 28, 1]);
  });

  it('takes an unknown (?) input axis from the data', () => {
    const b = new DocBuilder('fcn');
    const x = b.layer('input', 'image', { shape: [null, null, 3] });
    const c = b.layer('conv2d', 'conv', { filters: 4, kernelSize: [3, 3] }, [x]);
    const g = b.layer('globalAveragePooling2d', 'pool', {}, [c]);
    b.layer('dense', 'classes', { units: 3, activation: 'softmax' }, [g]);
    const data = makeBuiltin({ name: 'shapes', samples: 8 }, [16, 16, 3]);
    expect(errors(check(b.build(), data).problems)).toEqual([]);
    const doc = example('spirals');
    const input = doc.nodes.find((n) => n.type === 'input')?.id as string;
    const wrong = applyEdits(doc, [{ op: 'setParam', node: input, param: 'shape', value: [null, 2] }]).doc;
    expect(check(wrong, makeBuiltin({ name: 'spirals', samples: 100 })).problems[0]?.message).toBe(
      'The model expects ?×2 per sample; the data set "spirals" gives 2.',
    );
  });

  it('fits per-pixel targets to an ApesNet head ending in Reshape (H·W × classes)', () => {
    const doc = example('apesnet-mini');
    const c = check(doc, makeBuiltin({ name: 'shapes-seg', samples: 4 }, [32, 32, 3]));
    expect(errors(c.problems)).toEqual([]);
    expect(c.layout).toEqual({ kind: 'onehot', shape: [1024, 4], classes: 4 });
    expect(c.loss).toBe('categoricalCrossentropy');
  });

  it('fits per-pixel targets to an H×W×C head', () => {
    const b = new DocBuilder('fcn');
    const x = b.layer('input', 'input', { shape: [8, 8, 3] });
    b.layer('conv2d', 'head', { filters: 4, kernelSize: [1, 1], activation: 'softmax' }, [x]);
    const c = check(b.build(), makeBuiltin({ name: 'shapes-seg', samples: 4 }, [8, 8, 3]));
    expect(c.layout).toEqual({ kind: 'onehot', shape: [8, 8, 4], classes: 4 });
  });

  it('fixes the number of classes at the layer that sets it, and the Reshape after it', () => {
    const doc = tinySegmenter(3);
    const c = check(doc, makeBuiltin({ name: 'shapes-seg', samples: 4 }, [8, 8, 3]));
    expect(c.problems[0]?.message).toBe(
      "The model's head gives 3 values per pixel; the data set has 4 classes (background, circle, square, triangle).",
    );
    const after = fixed(doc, c.problems[0]);
    expect(check(after, makeBuiltin({ name: 'shapes-seg', samples: 4 }, [8, 8, 3])).ok).toBe(true);
  });

  it('fixes a Dense head with the wrong number of classes', () => {
    const doc = mlp(2, 3);
    const c = check(doc);
    expect(c.problems[0]?.fix?.label).toBe('Output 2 classes');
    expect(check(fixed(doc, c.problems[0])).ok).toBe(true);
  });

  it('explains a per-pixel output for per-image labels and the reverse', () => {
    const seg = check(tinySegmenter(3), makeBuiltin({ name: 'shapes', samples: 4 }, [8, 8, 3]));
    expect(seg.problems[0]?.message).toMatch(
      /one label per sample: end the model with Flatten or GlobalAveragePooling2D/,
    );
    const cls = check(mlp(192, 4), {
      ...makeBuiltin({ name: 'shapes-seg', samples: 4 }, [8, 8, 3]),
      inputShape: [192],
    });
    expect(cls.problems[0]?.message).toBe(
      'The model outputs 4 per sample, but "shapes-seg" needs one prediction per pixel: 8×8×4, or 64×4 after a Reshape.',
    );
  });

  it('uses one sigmoid output as binary targets, and refuses categorical crossentropy on it', () => {
    const doc = mlp(2, 1, 'sigmoid');
    expect(check(doc)).toMatchObject({ ok: true, loss: 'binaryCrossentropy', layout: { kind: 'binary', shape: [1] } });
    const c = check(doc, separable(), settings({ loss: 'categoricalCrossentropy' }));
    expect(c.ok).toBe(false);
    expect(c.problems[0]?.settingsFix).toEqual({
      label: 'Use binary crossentropy',
      settings: { loss: 'binaryCrossentropy' },
    });
  });

  it('warns when a classifier has no softmax and offers to add it', () => {
    const doc = mlp(2, 2, 'linear');
    const c = check(doc);
    expect(c.ok).toBe(true);
    expect(c.loss).toBe('meanSquaredError');
    expect(c.problems[0]).toMatchObject({ severity: 'warning', fix: { label: 'Use softmax on the last layer' } });
    expect(headActivation(analyze(fixed(doc, c.problems[0])))).toBe('softmax');
  });

  it('matches regression targets by size', () => {
    expect(check(mlp(2, 1, 'linear'), linear())).toMatchObject({ ok: true, layout: { kind: 'values', shape: [1] } });
    const c = check(mlp(2, 3, 'linear'), linear());
    expect(c.problems[0]?.message).toBe('The model outputs 3 per sample; the data set has 1 target values.');
    expect(check(fixed(mlp(2, 3, 'linear'), c.problems[0]), linear()).ok).toBe(true);
  });

  it('blocks invalid models, too few samples, and a split that leaves nothing to train on', () => {
    const broken = { ...mlp(), edges: [] };
    expect(check(broken).problems[0]?.message).toMatch(/The model has errors/);
    const one = { ...separable(1), count: 1 };
    expect(errors(check(mlp(), one).problems).map((p) => p.message)).toContain(
      'The data set needs at least 2 samples.',
    );
    const c = check(mlp(), separable(2), settings({ validationSplit: 0.9 }));
    expect(c.split).toEqual({ train: 1, validation: 1 });
    expect(check(mlp(), separable(4), settings({ batchSize: 64 })).problems[0]?.message).toMatch(
      /batch size \(64\) is larger than the training set \(3 samples\)/,
    );
  });

  it('warns about data sets too large for memory', () => {
    const big = { ...separable(4), count: 40_000_000 };
    expect(
      check(mlp(), big)
        .problems.map((p) => p.message)
        .join(),
    ).toMatch(/takes \d+ MB: training may run out of memory/);
  });
});

describe('headActivation', () => {
  it('looks through Reshape to the Activation (ApesNet) and reads Dense activations', () => {
    expect(headActivation(analyze(example('apesnet-mini')))).toBe('softmax');
    expect(headActivation(analyze(mlp(2, 1, 'sigmoid')))).toBe('sigmoid');
    expect(headActivation(analyze(mlp(2, 1, 'relu')))).toBe('other');
  });
});
