/**
 * Test-only layer: CenterCrop, which tfjs 4.22 builds and the catalogue lacks. Everything about it
 * is in this one file, as for a catalogue layer; test/oneFileLayer.test.ts registers it with
 * `registerLayerForTest` and checks that the analysis, the compiler, the Keras JSON import and
 * export, the Python export, the head analysis and the backend check all know it, with no other
 * file touched.
 */
import { expectRank } from '../common';
import { defineLayer, fail, NO_PARAMS } from '../define';
import { p } from '../schema';

export const centerCrop = defineLayer({
  type: 'centerCrop',
  kerasClass: 'CenterCrop',
  category: 'reshape',
  inputs: { min: 1, max: 1 },
  params: {
    height: p.int({ default: 2, min: 1, label: 'height', doc: 'Height of the centred crop.' }),
    width: p.int({ default: 2, min: 1, label: 'width', doc: 'Width of the centred crop.' }),
  },
  docs: 'Crops the centre (height × width) of each image.',
  inferShape: ([x], { height, width }) => {
    if (!x) return fail('CenterCrop needs an input.');
    const rank = expectRank('CenterCrop', x, 3, 'height, width, channels');
    if (rank) return rank;
    return [height, width, x[2] ?? null];
  },
  countParams: () => NO_PARAMS,
  describe: ({ height, width }) => `${height}×${width}`,
  keras: { params: { height: 'height', width: 'width' } },
  head: { passThrough: true, keepsLastAxis: true },
  build: (tf, { height, width }, name) => tf.layers.centerCrop({ height, width, name }),
});
