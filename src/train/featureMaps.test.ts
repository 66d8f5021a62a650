import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBuiltin } from './data/builtin';
import { FEATURE_MAPS_SHOWN, featureMaps } from './featureMaps';
import { settings, tinySegmenter } from './testing';
import { createTrainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
  tf.env().set('PROD', true);
});

describe('feature maps', () => {
  it("one greyscale picture per channel of a layer's output for one sample; refusals say why", async () => {
    const dataset = makeBuiltin({ name: 'shapes-seg', samples: 6 }, [8, 8, 3]);
    const made = createTrainer(tf, { doc: tinySegmenter(), dataset, settings: settings({ epochs: 1, batchSize: 2 }) });
    if (!made.ok) throw new Error('tinySegmenter does not train on shapes-seg');
    const t = made.trainer;
    const n = tf.memory().numTensors;
    const maps = await featureMaps(t.steps, t.compiled.layers, 'pool', t.valRows[0] as number);
    expect(tf.memory().numTensors).toBe(n);
    if ('error' in maps) throw new Error(maps.error);
    expect(maps).toMatchObject({ path: 'pool', shape: [4, 4, 4], channels: 4 });
    expect(maps.maps).toHaveLength(4);
    expect(maps.maps[0]).toMatchObject({ width: 4, height: 4 });
    // Each channel scaled to its own range: its darkest pixel 0, its brightest 255 (unless flat).
    const grey = [...(maps.maps[0]?.data ?? [])].filter((_, i) => i % 4 === 0);
    if (new Set(grey).size > 1) expect([Math.min(...grey), Math.max(...grey)]).toEqual([0, 255]);
    expect(await featureMaps(t.steps, t.compiled.layers, 'pixels', 0)).toEqual({
      error: 'pixels does not output images (its output is 64×4).',
    });
    expect(await featureMaps(t.steps, t.compiled.layers, 'nope', 0)).toMatchObject({ error: /has no layer nope/ });
    t.dispose();
    expect(FEATURE_MAPS_SHOWN).toBe(16);
  });
});
