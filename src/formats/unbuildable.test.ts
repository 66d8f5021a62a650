/** Keras models using a layer tfjs 4.22 cannot build are refused with the layer named and what to do. */
import { describe, expect, it } from 'vitest';
import { TFJS_CANNOT_BUILD } from '../nodes';
import { importModelText } from './importModel';

const sequential = (className: string, inputShape: (number | null)[]) =>
  JSON.stringify({
    class_name: 'Sequential',
    config: {
      name: 'seq',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, ...inputShape], name: 'in' } },
        { class_name: className, config: { name: 'the_layer' } },
      ],
    },
  });

describe('importing a layer tfjs cannot build', () => {
  it.each(Object.keys(TFJS_CANNOT_BUILD))('%s: refused, naming the class, the layer and the way around it', (c) => {
    const r = importModelText(sequential(c, [8, 4]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe(
      `unsupported layer: ${c} (the_layer); tfjs 4.22 cannot build ${c}: ${TFJS_CANNOT_BUILD[c]} (see docs/formats.md)`,
    );
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
    expect(r.ok || r.error).toBe(
      `unsupported layers: UpSampling1D (up_1), UpSampling1D (up_2), MysteryLayer (odd); tfjs 4.22 cannot build UpSampling1D: ${TFJS_CANNOT_BUILD.UpSampling1D} (see docs/formats.md)`,
    );
  });
});
