import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { getLayerByKerasClass } from './catalogue';
import { LAYERS } from './registry';
import { cannotBuildAdvice, TFJS_CANNOT_BUILD } from './unbuildable';

/** tfjs' own registry of the classes it can deserialize (every layer class it has registers there). */
const tfjsClasses = () => tf.serialization.SerializationMap.getMap().classNameMap;

describe('the layers tfjs 4.22 cannot build', () => {
  it.each(Object.keys(TFJS_CANNOT_BUILD))('%s: tfjs has no such class, and neither has the catalogue', (c) => {
    expect(Object.keys(tfjsClasses())).toContain('SimpleRNN'); // the registry is the one tfjs fills
    expect(tfjsClasses()[c]).toBeUndefined();
    expect(getLayerByKerasClass(c)).toBeUndefined();
  });
  it('every catalogue layer is a class tfjs registers', () => {
    for (const def of LAYERS.filter((d) => d.type !== 'input')) expect(tfjsClasses()[def.kerasClass]).toBeDefined();
  });
  it('gives advice in catalogue terms, and none for other classes', () => {
    expect(cannotBuildAdvice('UpSampling1D')).toBe(
      'tfjs 4.22 cannot build UpSampling1D: reshape the (steps, channels) input to (steps, 1, channels), use UpSampling2D with size (n, 1), and reshape back to (steps, channels)',
    );
    expect(cannotBuildAdvice('Lambda')).toBeUndefined();
    expect(cannotBuildAdvice('constructor')).toBeUndefined();
    for (const [c, advice] of Object.entries(TFJS_CANNOT_BUILD)) {
      expect(advice, c).not.toMatch(/\n/);
      // Every layer the advice names is in the catalogue.
      for (const named of advice.match(
        /\b[A-Z][A-Za-z]*[0-9]D[A-Za-z]*\b|\b(?:Add|Dropout|Flatten|Rescaling|LayerNormalization|BatchNormalization)\b/g,
      ) ?? [])
        expect(getLayerByKerasClass(named), `${c} names ${named}`).toBeDefined();
    }
  });
});
