import { analyze } from '../src/compile';
import { residualChain } from '../bench/graphs';
import { timeMs } from '../bench/stats';
for (const n of [1000, 5000, 20000]) {
  const doc = residualChain(n);
  const t = timeMs(() => analyze(doc), n >= 20000 ? 5 : 15);
  console.log(n, t.toFixed(3), 'ms', (t*1000/n).toFixed(3), 'us/node');
}
const d = residualChain(20000);
const t0 = performance.now(); analyze(residualChain(20000)); console.log('cold 20000', performance.now()-t0);
