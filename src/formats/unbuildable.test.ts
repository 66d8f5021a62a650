/**
 * Keras models using a layer tfjs 4.22 cannot build import with that layer as an opaque node: the
 * import names the class, the layer and the way around it; the output shape follows from the class
 * where its rule is known; training is refused at the node with the same advice.
 */
import { describe, expect, it } from 'vitest';
import { analyze, cannotRun } from '../compile';
import { TFJS_CANNOT_BUILD } from '../nodes';
import { importModelText } from './importModel';

const sequential = (className: string, inputShape: (number | null)[], config: Record<string, unknown> = {}) =>
  JSON.stringify({
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, ...inputShape], name: 'in' } },
        { class_name: className, config: { name: 'the_layer', ...config } },
      ],
    },
  });

describe('importing a layer tfjs cannot build', () => {
  it.each(Object.keys(TFJS_CANNOT_BUILD))(
    '%s: kept as an opaque node, naming the class, the layer and the way around it',
    (c) => {
      const r = importModelText(sequential(c, [8, 4]));
      if (!r.ok) throw new Error(r.error);
      expect(r.warnings[0]).toContain(`: the_layer (${c}); ${c}: tfjs 4.22 cannot build ${c}: ${TFJS_CANNOT_BUILD[c]}`);
      const node = r.doc.nodes.find((n) => n.name === 'the_layer');
      expect(node?.type).toBe('opaque');
      expect(node?.params.className).toBe(c);
      const a = analyze(r.doc);
      if (!a.ok) {
        // No shape rule for this class (or this input): the node asks for its output shape.
        expect(a.diagnostics.map((d) => [d.nodeId, d.param])).toEqual([[node?.id, 'outputShape']]);
        return;
      }
      expect(cannotRun(a).map((d) => d.message)).toEqual([
        `layer "the_layer" blocks training and the tfjs export: tfjs cannot run ${c} (an opaque layer, kept as the file had it): tfjs 4.22 cannot build ${c}: ${TFJS_CANNOT_BUILD[c]}. Keras JSON, .keras, .h5 and Python exports keep it.`,
      ]);
    },
  );

  it.each([
    ['UpSampling1D', { size: 3 }, [24, 4]],
    ['ZeroPadding1D', { padding: [1, 2] }, [11, 4]],
    ['Cropping1D', { cropping: 2 }, [4, 4]],
    ['SpatialDropout2D', {}, [8, 4]],
    ['GroupNormalization', { groups: 2 }, [8, 4]],
  ] as const)('%s %j: the output shape follows from its config', (c, config, shape) => {
    const r = importModelText(sequential(c, [8, 4], config));
    if (!r.ok) throw new Error(r.error);
    expect(analyze(r.doc).nodes.get('the_layer')?.outputShapes).toEqual([shape]);
  });

  it('gives the advice once per class, after the list', () => {
    const text = JSON.stringify({
      class_name: 'Sequential',
      config: {
        name: 'seq',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 8, 4], name: 'in' } },
          { class_name: 'UpSampling1D', config: { name: 'up_1' } },
          { class_name: 'UpSampling1D', config: { name: 'up_2' } },
          { class_name: 'MysteryLayer', config: { name: 'odd' } },
        ],
      },
    });
    const r = importModelText(text);
    expect(r.ok && r.warnings[0]).toBe(
      `kept as opaque layers (exported back to Keras and Python unchanged; tfjs cannot train them): up_1 (UpSampling1D), up_2 (UpSampling1D), odd (MysteryLayer); UpSampling1D: tfjs 4.22 cannot build UpSampling1D: ${TFJS_CANNOT_BUILD.UpSampling1D}; MysteryLayer: MysteryLayer is a custom class (Python code tfjs does not have): replace it with catalogue layers that do the same, or register the class in tfjs yourself`,
    );
  });
});
