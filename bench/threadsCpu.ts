/**
 * `npx tsx bench/threadsCpu.ts`: whether tfjs's wasm threads really share the work, whatever the
 * machine's load (a wall-clock ratio cannot tell on 2 busy cores). Runs the kernel probe of
 * bench/threads.ts (matMul + conv2d rounds) in a fresh plain worker on the threaded binary with
 * N threads, then with 1, and reads from /proc (Linux only) the CPU seconds each of its Chromium's
 * worker threads ("DedicatedWorker") spent meanwhile: with the work shared, N threads each
 * carry a large part; with 1, one thread carries it all. One JSON line on stdout.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startHarness } from '../test/e2e/harness';
import { round } from './stats';
import type { PlainAnswer, PlainRequest } from './train/plain';
import { call, openBenchPage, serveBenchPage } from './training';

const TICK_S = 0.01; // USER_HZ = 100 on Linux

/** This process and its descendants (the Chromium it launched), not other people's browsers. */
function ourProcesses(): string[] {
  const parent = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '');
    } catch {}
  }
  const ours = new Set([String(process.pid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!ours.has(pid) && ours.has(ppid)) {
        ours.add(pid);
        grew = true;
      }
  }
  return [...ours];
}

/** CPU seconds (user + system) of every thread named DedicatedWorker* in our processes. */
function workerThreads(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of ourProcesses()) {
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.startsWith('DedicatedWorker')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, (Number(fields[11]) + Number(fields[12])) * TICK_S);
      } catch {}
    }
  }
  return out;
}

/** CPU seconds per worker thread spent while `run` ran (threads that spent ≥ 0.1 s), largest first. */
async function cpuWhile(run: () => Promise<unknown>): Promise<number[]> {
  const first = workerThreads();
  const last = new Map(first);
  const timer = setInterval(() => {
    for (const [k, v] of workerThreads()) last.set(k, v);
  }, 100);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  for (const [k, v] of workerThreads()) last.set(k, v);
  return [...last]
    .map(([k, v]) => v - (first.get(k) ?? 0))
    .filter((s) => s >= 0.1)
    .sort((a, b) => b - a)
    .map((s) => round(s, 2));
}

const threads = Number(process.env.SW_THREADS ?? 2);
const h = await startHarness();
const bench = await serveBenchPage({ isolated: true });
try {
  const { context, page } = await openBenchPage(h, bench);
  const result: Record<string, unknown> = { threads };
  for (const n of [threads, 1]) {
    const request: PlainRequest = {
      model: 'spirals',
      backend: 'wasm',
      samples: 0,
      batch: 1,
      epochs: 0,
      learningRate: 0,
    };
    let answer: PlainAnswer = {};
    const cpu = await cpuWhile(async () => {
      answer = await call<PlainAnswer>(page, 'runPlain', {
        ...request,
        threads: n,
        probe: { reps: 4 },
        timeoutMs: 300_000,
      });
    });
    result[`threads_${n}`] = {
      reported: answer.threads,
      ms: answer.probeMs?.map((x) => round(x)),
      cpu_s_per_thread: cpu,
    };
    console.error(`${n} thread(s): tfjs reports ${answer.threads}; CPU s per worker thread ${cpu.join(', ')}`);
  }
  console.log(JSON.stringify(result));
  await context.close();
} finally {
  await bench.close();
  await h.close();
}
