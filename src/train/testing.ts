/** Small factories for the training tests: tiny models and data sets that train in Node quickly. */

import type { SkipwireDoc } from '../compile';
import { DocBuilder } from '../compile';
import type { ClassificationSet, RegressionSet } from './data/types';
import { DEFAULT_SETTINGS, type TrainingSettings } from './settings';

/** Input [n] → Dense(hidden, tanh) → Dense(units, activation). */
export function mlp(n = 2, units = 2, activation = 'softmax', hidden = 8): SkipwireDoc {
  const b = new DocBuilder('mlp');
  const x = b.layer('input', 'input', { shape: [n] });
  const h = b.layer('dense', 'hidden', { units: hidden, activation: 'tanh' }, [x]);
  b.layer('dense', 'head', { units, activation }, [h]);
  return b.build();
}

/**
 * A tiny ApesNet-like segmenter: 8×8×3 → Conv → BN → pool → upsample → Conv(classes) → Reshape
 * (64, classes) → softmax, with a residual Add in the middle.
 */
export function tinySegmenter(classes = 4, size = 8): SkipwireDoc {
  const b = new DocBuilder('tiny_seg');
  const x = b.layer('input', 'input', { shape: [size, size, 3] });
  const c = b.layer('conv2d', 'conv', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, [x]);
  const bn = b.layer('batchNormalization', 'bn', {}, [c]);
  const p = b.layer('maxPooling2d', 'pool', { poolSize: [2, 2] }, [bn]);
  const c2 = b.layer('conv2d', 'conv2', { filters: 4, kernelSize: [3, 3], padding: 'same' }, [p]);
  const add = b.layer('add', 'add', {}, [p, c2]);
  const up = b.layer('upSampling2d', 'up', { size: [2, 2] }, [add]);
  const k = b.layer('conv2d', 'classifier', { filters: classes, kernelSize: [1, 1] }, [up]);
  const r = b.layer('reshape', 'pixels', { targetShape: [size * size, classes] }, [k]);
  b.layer('activation', 'softmax', { activation: 'softmax' }, [r]);
  return b.build();
}

/** A linearly separable 2-D set: class 1 when x + y > 0. */
export function separable(count = 64, seed = 1): ClassificationSet {
  let s = seed;
  const rand = () => {
    s = (s * 16807) % 2147483647;
    return (s / 2147483647) * 2 - 1;
  };
  const x = Float32Array.from({ length: count * 2 }, rand);
  const labels = Int32Array.from({ length: count }, (_, i) =>
    (x[2 * i] as number) + (x[2 * i + 1] as number) > 0 ? 1 : 0,
  );
  return { name: 'separable', task: 'classification', count, inputShape: [2], x, classes: ['no', 'yes'], labels };
}

/** y = 3·x₀ − x₁ on 2 features. */
export function linear(count = 32): RegressionSet {
  const x = Float32Array.from({ length: count * 2 }, (_, i) => ((i * 7) % 11) / 5 - 1);
  const targets = Float32Array.from({ length: count }, (_, i) => 3 * (x[2 * i] as number) - (x[2 * i + 1] as number));
  return { name: 'linear', task: 'regression', count, inputShape: [2], x, targetShape: [1], targets };
}

export function settings(over: Partial<TrainingSettings> = {}): TrainingSettings {
  return { ...DEFAULT_SETTINGS, ...over };
}
