/**
 * Hostile scripts: nothing is run (eval, exec, __import__, open, attribute tricks are read as
 * statements and skipped), nothing hangs (endless loops, huge ranges, recursion, deep nesting,
 * huge values), and what cannot be read gets one line.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPythonText } from '.';

const MODEL = `from keras.layers import Input, Dense
x = Input(shape=(4,))
y = Dense(2)(x)
`;

function read(text: string) {
  const r = importPythonText(text);
  if (!r.ok) throw new Error(r.error);
  return r;
}

describe('hostile Python', () => {
  it('eval, exec, __import__, open and os.system are skipped, never run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skipwire-py-'));
    const marker = join(dir, 'ran');
    const r = read(`import os
${MODEL}
eval("open('${marker}', 'w').write('x')")
exec("import os; os.system('touch ${marker}')")
__import__('os').system('touch ${marker}')
open('${marker}', 'w').write('pwned')
os.system('touch ${marker}')
getattr(__builtins__, 'ev' + 'al')("1")
layers = ().__class__.__bases__[0].__subclasses__()
`);
    expect(existsSync(marker)).toBe(false);
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['input', 'dense']);
    expect(r.warnings[0]).toMatch(/^skipped 7 statements that do not build the model \(lines 6, 7, 8, 9, 10, 11, …\)$/);
  });

  it('a layer class fetched through eval is not a layer: the tensor it makes is refused where it is used', () => {
    const r = importPythonText(`${MODEL}Dense2 = eval("Dense")\nz = Dense2(3)(y)\nw = Dense(1)(z)\n`);
    expect(r.ok ? 'imported' : r.error).toMatch(/^line 5:5: `Dense2\(3\)\(y\)` is not a Keras layer call/);
  });

  it('endless and huge loops, recursion, deep nesting and huge values end quickly', () => {
    const start = Date.now();
    const r = read(`${MODEL}
while True:
    pass
for i in range(10 ** 9):
    y = Dense(2)(y)
s = "a" * 10 ** 9
n = ${'('.repeat(300)}1${')'.repeat(300)}
k = 10 ** 10 ** 10
`);
    expect(Date.now() - start).toBeLessThan(5000);
    expect(r.doc.nodes).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/^skipped 4 statements/);
    const rec = importPythonText(`${MODEL}def f(t):\n    return f(t)\nq = f(y)\n`);
    expect(rec.ok ? 'imported' : rec.error).toMatch(
      /^line 5:12: `f\(t\)`: helpers calling helpers more than 32 deep \(recursion\) are not read$/,
    );
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('binary garbage, an empty file, and a script over the size limit get one line', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 300 }, (_, i) => (i * 37) % 256));
    for (const text of [garbage, '', '# just a comment\n'])
      expect(importPythonText(text)).toMatchObject({
        ok: false,
        error: expect.stringMatching(/^no Keras model found in the script/),
      });
    expect(importPythonText(`${MODEL}#${'x'.repeat(3_000_000)}`)).toEqual({
      ok: false,
      error: 'the script is larger than 2000 kB; a model-building script is far smaller',
    });
  });
});
