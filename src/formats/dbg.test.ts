import { it } from 'vitest';
import { analyze } from '../compile';
import { importModelText } from './importModel';
import { LAMBDA_MODEL } from './opaque.test';
it('dbg', () => {
  const r = importModelText(JSON.stringify(LAMBDA_MODEL));
  if (!r.ok) throw new Error(r.error);
  const a = analyze(r.doc);
  console.log(JSON.stringify(a.diagnostics, null, 1), a.layers.map((l) => [l.name, l.shape, l.params.outputShape]));
});
