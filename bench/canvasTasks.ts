/**
 * `npx tsx bench/canvasTasks.ts [--minify] [rounds]`: every main-thread task over 50 ms of CPU
 * time after the first layout of the 302-layer MobileNetV2-style model (the steps of
 * `longest_task_ms_300_after_layout`: Fit, then drags with drops), from a Chrome trace, each with
 * its CPU time (`tdur`, which a loaded machine does not stretch as it stretches wall time), the
 * step it fell in, what the browser did in it (style, layout, paint, script) and the functions
 * with the most self time in it (CDP `Profiler` samples taken at the same time, unminified build).
 * A tool, not a figure.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { mobileNetV2Like } from '../test/e2e/mobilenet';
import { openBuiltEditor } from './builtPage';
import { dragFps, FIT } from './probes';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { message?: string } };
}
interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const minify = process.argv.includes('--minify');
const rounds = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const { page, context, url, until: poll, close } = await openBuiltEditor('tasks', minify);
const until = (expr: string) => poll(expr, 50);
try {
  await page.goto(`${url}?example=apes-block`);
  await until("document.querySelectorAll('.react-flow__node').length === 3");
  const model = mobileNetV2Like(tf, 2);
  const layers = model.layers.length;
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e as unknown as { value: TraceEvent[] }).value));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'],
    },
    transferMode: 'ReportEvents',
  });
  await cdp.send('Profiler.start');
  const step = (name: string) => page.evaluate(`console.timeStamp(${JSON.stringify(name)})`);
  await step('import');
  await page.locator('[data-testid="import-file"]').setInputFiles({
    name: 'm.json',
    mimeType: 'application/json',
    buffer: Buffer.from(model.toJSON(null, true) as string),
  });
  await until(
    `document.querySelector('.sw-canvas')?.getAttribute('data-node-count') === '${layers}' && [...document.querySelectorAll('.react-flow__edge path.react-flow__edge-path')].every((p) => p.dataset.routed === 'true')`,
  );
  await step('laid out');
  // A drag at the start view first (zoomed in: the model's top-left corner at a readable zoom).
  await step('near drag');
  const nearFps = (await dragFps(page, 1)).fps;
  await page.evaluate('new Promise((r) => setTimeout(r, 1000))');
  await step('fit');
  await page.locator(FIT).click();
  await until(`document.querySelectorAll('.react-flow__node').length === ${layers}`);
  await page.evaluate('new Promise((r) => setTimeout(r, 1000))');
  const fps: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await step(`drag ${r + 1}`);
    fps.push(...(await dragFps(page, 1)).fps);
    await step(`after drop ${r + 1}`);
    await page.evaluate('new Promise((r) => setTimeout(r, 1000))');
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number };
  };
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;

  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events.filter((e) => main.has(`${e.pid}:${e.tid}`));
  const steps = onMain
    .filter((e) => e.name === 'TimeStamp')
    .map((e) => ({ ts: e.ts, name: e.args?.data?.message ?? '?' }))
    .sort((a, b) => a.ts - b.ts);
  const stepAt = (ts: number) => steps.filter((s) => s.ts <= ts).pop()?.name ?? 'before';
  const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
  const importTasks = tasks.filter((t) => stepAt(t.ts) === 'import').map((t) => (t.tdur ?? 0) / 1000);
  const laidOut = steps.find((x) => x.name === 'laid out')?.ts ?? 0;
  const long = tasks.filter((t) => (t.tdur ?? 0) > 50_000 && t.ts + (t.dur ?? 0) >= laidOut);
  const sampleTimes: { ts: number; node: number }[] = [];
  let t = profile.startTime;
  profile.samples.forEach((node, i) => {
    t += profile.timeDeltas[i] ?? 0;
    sampleTimes.push({ ts: t, node });
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const fname = (n: ProfileNode | undefined) =>
    n
      ? `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`
      : '?';
  const kinds = ['UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'FunctionCall', 'EventDispatch'];
  console.log(
    `fps at start view ${nearFps.map((f) => f.toFixed(1)).join(', ')}; at Fit ${fps.map((f) => f.toFixed(1)).join(', ')}; ${tasks.length} tasks; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `import: longest task ${Math.max(0, ...importTasks).toFixed(0)} ms CPU, ${importTasks.filter((x) => x > 50).length} over 50 ms`,
  );
  console.log(`${long.length} tasks over 50 ms CPU after the first layout:`);
  for (const task of long) {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts < end);
    const parts = kinds
      .map((k) => [k, inside.filter((e) => e.name === k).reduce((s, e) => s + (e.tdur ?? e.dur ?? 0), 0) / 1000])
      .filter(([, v]) => (v as number) >= 1)
      .map(([k, v]) => `${k} ${(v as number).toFixed(0)}`)
      .join(', ');
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    for (const s of sampleTimes)
      if (s.ts >= task.ts && s.ts < end) {
        const k = fname(byId.get(s.node));
        self.set(k, (self.get(k) ?? 0) + 0.25);
        const seen = new Set<string>();
        for (let at: number | undefined = s.node; at !== undefined; at = parent.get(at)) {
          const name = fname(byId.get(at));
          if (!seen.has(name) && /\.(js|tsx?):/.test(name)) total.set(name, (total.get(name) ?? 0) + 0.25);
          seen.add(name);
        }
      }
    const inclusive = [...total]
      .filter(([, v]) => v >= 3)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join('; ');
    const top = [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join('; ');
    console.log(
      `- ${((task.tdur ?? 0) / 1000).toFixed(0)} ms CPU (${((task.dur ?? 0) / 1000).toFixed(0)} wall) in "${stepAt(task.ts)}": ${parts}\n    ${top}${process.argv.includes('--total') ? `\n    total: ${inclusive}` : ''}`,
    );
  }
} finally {
  await close();
}
