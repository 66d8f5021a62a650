/**
 * `npx tsx bench/canvasRun.ts [--quick]`: the canvas figures of `npm run bench` alone (see
 * bench/canvas.ts), as one JSON line. Run from another checkout's root to measure that checkout's
 * editor with the same method (`cd ../old && npx tsx /path/to/bench/canvasRun.ts`).
 */
import { startHarness } from '../test/e2e/harness';
import { canvasFigures } from './canvas';
import { dragFps } from './probes';

const h = await startHarness();
try {
  const figures = await canvasFigures(h, process.argv.includes('--quick'), dragFps);
  console.log(JSON.stringify({ checkout: process.cwd(), ...figures }));
} finally {
  await h.close();
}
