import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileModel, DocBuilder } from '../compile';
import { makeBuiltin } from './data/builtin';
import { computePreview, imageToRgba, MISCLASSIFIED_SHOWN, maskToRgba, PALETTE } from './preview';
import { linear, mlp, separable, tinySegmenter } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

describe('previews', () => {
  it('a 2-D classifier gets a confusion matrix over the given samples and a decision-boundary grid', async () => {
    const c = compileModel(tf, mlp());
    const n = tf.memory().numTensors;
    const data = separable(30);
    const p = await computePreview({
      tf,
      model: c.model,
      dataset: data,
      layout: { kind: 'onehot', shape: [2], classes: 2 },
      indices: [...Array(30).keys()],
      set: 'training',
      grid: 10,
    });
    expect(tf.memory().numTensors).toBe(n);
    const m = p.confusion?.matrix ?? [];
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(m.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([
      data.labels.filter((l) => l === 0).length,
      data.labels.filter((l) => l === 1).length,
    ]);
    expect(p.confusion?.accuracy).toBeCloseTo((m[0]![0]! + m[1]![1]!) / 30, 6);
    expect(p.boundary).toMatchObject({ size: 10, image: { width: 10, height: 10 } });
    expect(p.boundary?.image.data).toHaveLength(400);
    expect(p.boundary?.predicted).toHaveLength(100);
    expect(p.boundary?.points.xy).toHaveLength(60);
    for (const v of p.boundary?.confidence ?? []) expect(v >= 0.5 && v <= 1).toBe(true);
    c.model.dispose();
  });

  it('a segmenter gets input, truth and prediction images of the mask size', async () => {
    const c = compileModel(tf, tinySegmenter());
    const data = makeBuiltin({ name: 'shapes-seg', samples: 5 }, [8, 8, 3]);
    if (data.task !== 'segmentation') throw new Error('segmentation expected');
    const p = await computePreview({
      tf,
      model: c.model,
      dataset: data,
      layout: { kind: 'onehot', shape: [64, 4], classes: 4 },
      indices: [4, 2, 0],
      set: 'validation',
      images: 2,
    });
    const seg = p.segmentation;
    expect(seg?.samples).toHaveLength(2);
    expect(seg?.palette).toHaveLength(4);
    expect(seg?.samples[0]?.input).toMatchObject({ width: 8, height: 8 });
    // The truth image of sample 4 is its mask coloured by the palette.
    const truth = seg?.samples[0]?.truth.data;
    for (let i = 0; i < 64; i++) {
      const color = seg?.palette[data.labels[4 * 64 + i] as number];
      expect([truth?.[i * 4], truth?.[i * 4 + 1], truth?.[i * 4 + 2]]).toEqual(color);
    }
    expect(seg?.samples[0]?.accuracy).toBeGreaterThanOrEqual(0);
    c.model.dispose();
  });

  it('a regression model gets truth beside prediction', async () => {
    const c = compileModel(tf, mlp(2, 1, 'linear'));
    const p = await computePreview({
      tf,
      model: c.model,
      dataset: linear(10),
      layout: { kind: 'values', shape: [1] },
      indices: [1, 3],
      set: 'validation',
    });
    expect(p.regression?.truth).toEqual(Float32Array.from([linear(10).targets[1]!, linear(10).targets[3]!]));
    expect(p.regression?.prediction).toHaveLength(2);
    c.model.dispose();
  });

  it('draws images and masks as RGBA, downscaled to at most 96 pixels a side', () => {
    const img = imageToRgba(Float32Array.from([0, 0.5, 1, 1]), 2, 2, 1);
    expect([...img.data]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    const big = maskToRgba(new Int32Array(200 * 100).fill(1), 100, 200, PALETTE);
    expect([big.width, big.height]).toEqual([67, 34]);
    expect([...big.data.subarray(0, 4)]).toEqual([...PALETTE[1]!, 255]);
  });

  it('lists the misclassified samples, the most confident first, with their images for image sets', async () => {
    // Untrained: a 10-class digit classifier gets most of them wrong.
    const b = new DocBuilder('digits');
    const x = b.layer('input', 'input', { shape: [8, 8, 1] });
    const f = b.layer('flatten', 'flatten', {}, [x]);
    b.layer('dense', 'head', { units: 10, activation: 'softmax' }, [f]);
    const c = compileModel(tf, b.build());
    const data = makeBuiltin({ name: 'digits', samples: 40 }, [8, 8, 1]);
    if (data.task !== 'classification') throw new Error('classification expected');
    const p = await computePreview({
      tf,
      model: c.model,
      dataset: data,
      layout: { kind: 'onehot', shape: [10], classes: 10 },
      indices: [...Array(40).keys()],
      set: 'validation',
    });
    const m = p.confusion!;
    const offDiagonal = m.matrix.flatMap((row, t) => row.filter((_, k) => k !== t)).reduce((a, v) => a + v, 0);
    expect(m.wrong).toBe(offDiagonal);
    expect(m.misclassified).toHaveLength(Math.min(offDiagonal, MISCLASSIFIED_SHOWN));
    for (const s of m.misclassified ?? []) {
      expect(s.truth).toBe(data.labels[s.row]);
      expect(s.predicted).not.toBe(s.truth);
      expect(s.image).toMatchObject({ width: 8, height: 8 });
    }
    const conf = (m.misclassified ?? []).map((s) => s.confidence);
    expect(conf).toEqual([...conf].sort((a, b) => b - a));
    // Not images: no pictures, still the rows.
    const flat = await computePreview({
      tf,
      model: compileModel(tf, mlp()).model,
      dataset: separable(30),
      layout: { kind: 'onehot', shape: [2], classes: 2 },
      indices: [...Array(30).keys()],
      set: 'training',
      grid: 4,
    });
    for (const s of flat.confusion?.misclassified ?? []) expect(s.image).toBeUndefined();
    c.model.dispose();
  });
});
