/** Subscripts with slices of literal lists and tuples in the Python import, as Python slices them. */
import { describe, expect, it } from 'vitest';
import { importPythonText } from '.';

describe('slices of literal lists and tuples (as Python slices them)', () => {
  it.each([
    ['t[1:3]', [2, 3]],
    ['t[-2:]', [4, 5]],
    ['t[:-3]', [1, 2]],
    ['t[::-2]', [5, 3, 1]],
    ['t[3:0:-1]', [4, 3, 2]],
    ['t[1:5:3]', [2, 5]],
    ['t[-10:2]', [1, 2]],
  ])('%s', (slice, want) => {
    const r = importPythonText(
      `import keras\nt = (1, 2, 3, 4, 5)\nx = keras.Input(shape=${slice})\ny = keras.layers.Dense(2)(x)\n`,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.find((n) => n.type === 'input')?.params.shape).toEqual(want);
  });
});
