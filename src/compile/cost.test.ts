/** Model costs against hand computations (torchinfo's mult-adds convention). */
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import { compact, formatBytes, formatMacs, largestBatch, modelCost, trainingMemory } from './cost';
import { EXAMPLES } from './examples';

const costOf = (doc: ReturnType<DocBuilder['build']>) => {
  const a = analyze(doc);
  expect(a.ok).toBe(true);
  const c = modelCost(a);
  const byName = new Map(a.layers.map((l) => [l.name, c.layers.get(l.path)]));
  return { a, c, byName };
};

describe('model cost', () => {
  it('the classic CNN: conv 26·26·3·3·1·16, dense 10816·32 and 32·10', () => {
    const { c, byName } = costOf((EXAMPLES['classic-cnn'] as () => never)());
    expect(byName.get('conv')?.macs).toBe(26 * 26 * 3 * 3 * 1 * 16);
    expect(byName.get('flatten')?.macs).toBe(0);
    expect(byName.get('hidden')?.macs).toBe(10816 * 32);
    expect(byName.get('output')?.macs).toBe(32 * 10);
    expect(c.macs).toBe(97_344 + 346_112 + 320);
    // Outputs per sample, float32: input 28·28·1, conv 26·26·16, flatten 10816, 32, 10.
    expect(byName.get('conv')?.activationBytes).toBe(26 * 26 * 16 * 4);
    expect(c.activationBytes).toBe((784 + 10816 + 10816 + 32 + 10) * 4);
    expect(c.paramBytes).toBe((160 + 346_144 + 330) * 4);
    expect(c.partial).toBe(false);
  });

  it('ApesNet: eleven convolutions, 11.3 G MACs per 360×480 image', () => {
    const { c } = costOf((EXAMPLES.apesnet as () => never)());
    const conv = (h: number, w: number, k: number, cin: number, cout: number) => h * w * k * k * cin * cout;
    const hand =
      conv(360, 480, 7, 3, 16) + // conv_block1
      conv(180, 240, 7, 16, 64) + // conv_block2
      conv(90, 120, 7, 64, 64) + // conv_block3
      2 * (conv(45, 60, 1, 64, 64) + conv(45, 60, 7, 64, 64)) + // two ApesBlocks: 1×1 and 7×7
      conv(90, 120, 7, 64, 64) + // decoder1
      conv(180, 240, 7, 64, 16) + // decoder2
      conv(360, 480, 7, 16, 8) + // decoder3
      conv(360, 480, 1, 8, 12); // classifier
    expect(c.macs).toBe(hand);
    expect(formatMacs(c.macs)).toBe('11.3 G MACs');
    expect(c.paramBytes).toBe(923_556 * 4);
  });

  it('a MobileNet-style block: depthwise 3×3 then pointwise 1×1, and the same as one SeparableConv2D', () => {
    const b = new DocBuilder('mobile');
    const x = b.layer('input', 'input', { shape: [112, 112, 32] });
    const dw = b.layer('depthwiseConv2d', 'dw', { kernelSize: [3, 3], padding: 'same', useBias: false }, [x]);
    const bn = b.layer('batchNormalization', 'bn', {}, [dw]);
    const r = b.layer('relu', 'relu', {}, [bn]);
    b.layer('conv2d', 'pw', { filters: 64, kernelSize: [1, 1], useBias: false }, [r]);
    const { c, byName } = costOf(b.build());
    expect(byName.get('dw')?.macs).toBe(112 * 112 * 3 * 3 * 32); // groups = channels
    expect(byName.get('bn')?.macs).toBe(0);
    expect(byName.get('pw')?.macs).toBe(112 * 112 * 32 * 64);
    expect(c.macs).toBe(3_612_672 + 25_690_112);

    const s = new DocBuilder('separable');
    const y = s.layer('input', 'input', { shape: [112, 112, 32] });
    s.layer('separableConv2d', 'sep', { filters: 64, kernelSize: [3, 3], padding: 'same', depthMultiplier: 1 }, [y]);
    expect(costOf(s.build()).c.macs).toBe(c.macs);
  });

  it('an LSTM: every step multiplies input and state by four gates', () => {
    const b = new DocBuilder('rnn');
    const x = b.layer('input', 'input', { shape: [10, 8] });
    const e = b.layer('lstm', 'lstm', { units: 16, returnSequences: true }, [x]);
    const g = b.layer('gru', 'gru', { units: 4 }, [e]);
    b.layer('dense', 'head', { units: 1 }, [g]);
    const { byName } = costOf(b.build());
    expect(byName.get('lstm')?.macs).toBe(10 * 4 * 16 * (8 + 16));
    expect(byName.get('gru')?.macs).toBe(10 * 3 * 4 * (16 + 4));
    expect(byName.get('head')?.macs).toBe(4);
    expect(byName.get('lstm')?.activationBytes).toBe(10 * 16 * 4);
  });

  it('Conv2DTranspose (at its output size, as torchinfo), Dot, Embedding, Dense on a sequence, Conv1D', () => {
    const t = new DocBuilder('t');
    const i = t.layer('input', 'input', { shape: [8, 8, 3] });
    t.layer('conv2dTranspose', 'up', { filters: 2, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, [i]);
    expect(costOf(t.build()).c.macs).toBe(16 * 16 * 3 * 3 * 3 * 2);

    const q = new DocBuilder('q');
    const a = q.layer('input', 'a', { shape: [7, 16] });
    const k = q.layer('input', 'k', { shape: [9, 16] });
    const dot = q.layer('dot', 'scores', { axes: [2, 2] }, [a, k]);
    q.layer('flatten', 'f', {}, [dot]);
    expect(costOf(q.build()).byName.get('scores')?.macs).toBe(7 * 9 * 16);

    const s = new DocBuilder('seq');
    const ids = s.layer('input', 'ids', { shape: [12] });
    const emb = s.layer('embedding', 'emb', { inputDim: 100, outputDim: 8 }, [ids]);
    const dd = s.layer('dense', 'd', { units: 3 }, [emb]);
    s.layer('conv1d', 'c', { filters: 4, kernelSize: 3 }, [dd]);
    const r = costOf(s.build()).byName;
    expect(r.get('emb')?.macs).toBe(0);
    expect(r.get('d')?.macs).toBe(12 * 8 * 3);
    expect(r.get('c')?.macs).toBe(10 * 3 * 3 * 4);
  });

  it('training memory: weights, gradients, optimizer slots and the activations of the batch', () => {
    const { c } = costOf((EXAMPLES['classic-cnn'] as () => never)());
    const sgd = trainingMemory(c, 64, 0);
    const adam = trainingMemory(c, 64, 2);
    expect(sgd.weights).toBe(c.paramBytes);
    expect(sgd.gradients).toBe(c.trainableBytes);
    expect(sgd.optimizer).toBe(0);
    expect(adam.optimizer).toBe(2 * c.trainableBytes);
    expect(adam.total - sgd.total).toBe(2 * c.trainableBytes);
    expect(trainingMemory(c, 128, 0).activations).toBe(2 * sgd.activations);
    const fits = largestBatch(c, sgd.total, 0);
    expect(fits).toBe(64);
    expect(trainingMemory(c, fits + 1, 0).total).toBeGreaterThan(sgd.total);
    expect(largestBatch(c, c.paramBytes, 0)).toBe(0);
  });

  it('formats counts and sizes the way a summary reads', () => {
    expect(compact(11_283_148_800)).toBe('11.3 G');
    expect(compact(443_776)).toBe('444 k');
    expect(compact(2_368)).toBe('2.37 k');
    expect(compact(320)).toBe('320');
    expect(compact(0)).toBe('0');
    expect(formatBytes(3_694_224)).toBe('3.52 MB');
    expect(formatBytes(43_264)).toBe('42.3 KB');
    expect(formatBytes(40)).toBe('40 B');
  });
});
