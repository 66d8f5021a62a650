/**
 * `npx tsx bench/canvasProfile.ts [--minify]`: where a drag's time goes with the 302-layer
 * MobileNetV2-style model all in view (after Fit). Builds the editor without minifying (names
 * readable), imports the model through Import…, and records a CPU profile (Chrome DevTools
 * Protocol `Profiler`, 200 µs sampling) of a ~2 s scripted drag; prints the frame rate, the load
 * average, and the functions with the most self time and total time. A tool, not a figure.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { mobileNetV2Like } from '../test/e2e/mobilenet';
import { openBuiltEditor } from './builtPage';
import { dragFps, FIT } from './probes';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const minify = process.argv.includes('--minify');
const { page, context, url, until: poll, close } = await openBuiltEditor('profile', minify);
const until = (expr: string) => poll(expr, 100);
try {
  await page.goto(`${url}?example=apes-block`);
  await until("document.querySelectorAll('.react-flow__node').length === 3");
  const model = mobileNetV2Like(tf, 2);
  await page.locator('[data-testid="import-file"]').setInputFiles({
    name: 'm.json',
    mimeType: 'application/json',
    buffer: Buffer.from(model.toJSON(null, true) as string),
  });
  await until(
    `document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '${model.layers.length}' && [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].every((p) => p.dataset.routed === 'true')`,
  );
  await page.locator(FIT).click();
  await until(`document.querySelectorAll('.react-flow__node').length === ${model.layers.length}`);
  await new Promise((r) => setTimeout(r, 1500));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const d = await dragFps(page, 1);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  console.log(
    `fps ${d.fps.map((f) => f.toFixed(1)).join(', ')}; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    all += dt;
    const n = byId.get(id) as ProfileNode;
    self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at) as ProfileNode);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${v.toFixed(0).padStart(6)} ms ${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  // A second drag under a trace: what the renderer's threads do besides the scripts.
  const events: { name: string; ph: string; dur?: number; tid: number; pid: number }[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e as unknown as { value: typeof events }).value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,cc,viz',
    transferMode: 'ReportEvents',
  });
  const d2 = await dragFps(page, 1);
  await cdp.send('Tracing.end');
  await done;
  const byName = new Map<string, number>();
  for (const e of events)
    if (e.ph === 'X' && e.dur)
      byName.set(`${e.name} (tid ${e.tid})`, (byName.get(`${e.name} (tid ${e.tid})`) ?? 0) + e.dur / 1000);
  console.log(`traced drag: ${d2.fps.map((f) => f.toFixed(1)).join(', ')} fps\n${top(byName, 40)}`);
  console.log(`profiled ${all.toFixed(0)} ms\n-- self --\n${top(self, 30)}\n-- total --\n${top(total, 45)}`);
} finally {
  await close();
}
