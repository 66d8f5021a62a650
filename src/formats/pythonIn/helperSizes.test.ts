/**
 * A `def` helper called with different literal sizes is one block definition whose instances set
 * the sizes (exposed params), and the Python export of that document comes back the same.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../compile';
import { exportPython } from '../python';
import { importPythonText } from '.';

const SCRIPT = `import keras
from keras import layers
def res_block(x, filters, kernel):
    y = layers.Conv2D(filters, kernel, padding="same", activation="relu")(x)
    y = layers.Conv2D(8, kernel, padding="same")(y)
    return layers.Add()([x, y])
inputs = keras.Input(shape=(8, 8, 8))
x = res_block(inputs, 16, 3)
x = res_block(x, 32, 3)
x = res_block(x, 32, 5)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, layers.Dense(2)(x))
`;

function read(text: string) {
  const r = importPythonText(text);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
}

describe('helpers called with different sizes', () => {
  it('make one definition; the sizes that differ are exposed params of the instances', () => {
    const doc = read(SCRIPT);
    expect(doc.blocks.map((b) => b.id)).toEqual(['res_block']);
    // A helper function is no model of the script: its block is not written back as a nested model.
    expect(doc.blocks[0]?.nested).toBeUndefined();
    const def = doc.blocks[0];
    // Two layers take a kernel size: each param is named after its layer.
    expect(def?.exposed).toEqual([
      { name: 'filters', node: 'conv2d', param: 'filters' },
      { name: 'conv2d_kernel_size', node: 'conv2d', param: 'kernelSize' },
      { name: 'conv2d_1_kernel_size', node: 'conv2d_1', param: 'kernelSize' },
    ]);
    expect(doc.nodes.filter((n) => n.type === 'block').map((n) => n.params)).toEqual([
      { filters: 16, conv2d_kernel_size: [3, 3], conv2d_1_kernel_size: [3, 3] },
      { filters: 32, conv2d_kernel_size: [3, 3], conv2d_1_kernel_size: [3, 3] },
      { filters: 32, conv2d_kernel_size: [5, 5], conv2d_1_kernel_size: [5, 5] },
    ]);
    const a = analyze(doc);
    expect(a.ok).toBe(true);
    expect(
      a.layers.filter((l) => l.type === 'conv2d').map((l) => [l.name, l.params.filters, l.params.kernelSize]),
    ).toEqual([
      ['x_conv2d', 16, [3, 3]],
      ['x_conv2d_1', 8, [3, 3]],
      ['x_2_conv2d', 32, [3, 3]],
      ['x_2_conv2d_1', 8, [3, 3]],
      ['x_3_conv2d', 32, [5, 5]],
      ['x_3_conv2d_1', 8, [5, 5]],
    ]);
  });

  it('come back the same from the Python export', () => {
    const doc = read(SCRIPT);
    const again = read(exportPython(doc));
    expect(again.blocks.map((b) => [b.id, b.exposed])).toEqual(doc.blocks.map((b) => [b.id, b.exposed]));
    expect(again.nodes.filter((n) => n.type === 'block').map((n) => n.params)).toEqual(
      doc.nodes.filter((n) => n.type === 'block').map((n) => n.params),
    );
    expect(analyze(again).totals).toEqual(analyze(doc).totals);
  });
});
