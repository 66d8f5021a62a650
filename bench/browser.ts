/**
 * Browser figures for `npm run bench`: the production build served by Vite's preview server and
 * driven in Debian Chromium through the e2e harness (test/e2e/harness.ts). Every figure is a
 * median of repetitions or a size; nothing here asserts a time.
 *
 * - first_render_ms: navigation start → the canvas shows ≥ 20 nodes (ApesNet, first visit, a fresh
 *   profile per load), from a MutationObserver installed before the page's scripts run.
 * - js_gzip_kb_before_tfjs: the scripts a first visit loads (until the network is idle), each
 *   gzipped with node:zlib (level 9), summed; a script holding tfjs kernels is reported too.
 * - drag_fps_300: requestAnimationFrame callbacks per second while a node of a 300-node graph
 *   (residualChain(300), opened through a share link) is dragged by a scripted mouse; the long
 *   tasks (PerformanceObserver 'longtask', > 50 ms) seen during the drags are counted.
 * - longest_task_ms_training: the longest main-thread task from Start to the end of a short
 *   ApesNet-mini run on shapes-seg through the Training panel (one run).
 * - classic_cnn_sps: the classic CNN example on `digits` through the Training panel, samples per
 *   second from the Start click to the end of epoch 2, and the longest main-thread task of the run.
 * - backends, train_ratio_webgl: on the training bench page (bench/training.ts, bench/train/).
 * - train_ratio_plain: Skipwire's worker against plain `model.fit` on that page (bench/plain.ts).
 *
 * The measurements live beside this file: bench/probes.ts (first render, drags), bench/canvas.ts
 * (a 300-layer import), bench/editorTraining.ts (the Training panel), bench/training.ts and
 * bench/plain.ts (the bench page); this file runs them in order and gathers the figures.
 */
import { encodeShareHash } from '../src/editor/model/share';
import { type Harness, startHarness } from '../test/e2e/harness';
import { type CanvasFigures, canvasFigures, skippedCanvasFigures } from './canvas';
import { CLASSIC_CNN_SAMPLES, type ClassicCnnRun, classicCnn, trainingLongTask } from './editorTraining';
import { residualChain } from './graphs';
import { type PlainFigures, trainRatioPlain } from './plain';
import { dragFps, errorText, firstRenders, waitFor } from './probes';
import { median, round } from './stats';
import { wasmThreadsRatio } from './threads';
import { type BackendsFigure, backendFigures, type RatioFigures, serveBenchPage, trainRatioWebgl } from './training';

export interface BrowserOptions {
  readonly quick: boolean;
  readonly log: (s: string) => void;
}

type Figure<T> = T | { skipped: string };

export interface BrowserFigures extends CanvasFigures {
  first_render_ms: Figure<number>;
  first_render_samples_ms: number[];
  js_gzip_kb_before_tfjs: Figure<number>;
  js_before_tfjs: Figure<{ scripts: { url: string; gzip_kb: number; tfjs: boolean }[]; tfjs_loaded: boolean }>;
  drag_fps_300: Figure<number>;
  drag_300: Figure<{
    fps_samples: number[];
    longest_frame_ms: number;
    long_tasks: number;
    longest_task_ms: number;
    nodes_rendered: number;
  }>;
  longest_task_ms_training: Figure<number>;
  training_run: Figure<{ backend: string; samples: number; batch: number; epochs: number; wall_s: number }>;
  /** Per model (apesnet_mini, spirals): samples/s per backend, the default choice, the fastest. */
  backends: Figure<BackendsFigure>;
  classic_cnn_sps: Figure<number>;
  /** The classic CNN's steady-state wall-clock samples/s on cpu, wasm and webgl (from `backends`), and wasm's ratios. */
  classic_cnn_sps_by_backend: Figure<{
    cpu?: number;
    wasm?: number;
    webgl?: number;
    wasm_vs_cpu?: number;
    wasm_vs_webgl?: number;
  }>;
  classic_cnn_longest_task_ms: Figure<number>;
  classic_cnn_run: Figure<ClassicCnnRun>;
  /** Samples/s of the compiled ApesNet-mini ÷ the hand-written one, webgl (≥ 1: as fast). */
  train_ratio_webgl: Figure<number>;
  train_ratio_webgl_run: Figure<Omit<RatioFigures, 'ratio'>>;
  /** Skipwire's worker ÷ plain `model.fit` in a worker, samples/s, interleaved (≥ 0.98: adds nothing). */
  train_ratio_plain: Figure<PlainFigures['train_ratio_plain']>;
  train_ratio_plain_run: Figure<PlainFigures['train_ratio_plain_run']>;
}

const trainingSkipped = (reason: string) => ({
  backends: { skipped: reason },
  classic_cnn_sps_by_backend: { skipped: reason },
  classic_cnn_sps: { skipped: reason },
  classic_cnn_longest_task_ms: { skipped: reason },
  classic_cnn_run: { skipped: reason },
  train_ratio_webgl: { skipped: reason },
  train_ratio_webgl_run: { skipped: reason },
  train_ratio_plain: { skipped: reason },
  train_ratio_plain_run: { skipped: reason },
});

/** Every browser key, each marked skipped with `reason` (for --no-browser or a failed start). */
export function skippedBrowserFigures(reason: string): BrowserFigures {
  return {
    first_render_ms: { skipped: reason },
    first_render_samples_ms: [],
    js_gzip_kb_before_tfjs: { skipped: reason },
    js_before_tfjs: { skipped: reason },
    drag_fps_300: { skipped: reason },
    drag_300: { skipped: reason },
    longest_task_ms_training: { skipped: reason },
    training_run: { skipped: reason },
    ...trainingSkipped(reason),
    ...skippedCanvasFigures(reason),
  };
}

/**
 * ApesNet-mini trains at about half a sample per second on SwiftShader: a few samples per `fit`,
 * interleaved repetitions (plus one untimed fit of each model first).
 */
const RATIO_RUN = {
  quick: { samples: 1, batch: 1, reps: 7 },
  full: { samples: 4, batch: 4, reps: 7 },
} as const;

export async function browserFigures({ quick, log }: BrowserOptions): Promise<BrowserFigures> {
  const t0 = Date.now();
  const h = await startHarness();
  log(`browser: built and serving in ${round((Date.now() - t0) / 1000, 1)} s`);
  const out: BrowserFigures = {
    first_render_ms: { skipped: 'not measured' },
    first_render_samples_ms: [],
    js_gzip_kb_before_tfjs: { skipped: 'not measured' },
    js_before_tfjs: { skipped: 'not measured' },
    drag_fps_300: { skipped: 'not measured' },
    drag_300: { skipped: 'not measured' },
    longest_task_ms_training: { skipped: 'not measured' },
    training_run: { skipped: 'not measured' },
    ...trainingSkipped('not measured'),
    ...skippedCanvasFigures('not measured'),
  };
  try {
    try {
      const { times, scripts } = await firstRenders(h, quick ? 3 : 7);
      out.first_render_samples_ms = times.map((t) => round(t, 1));
      out.first_render_ms = round(median(times), 1);
      log(`first render (ApesNet, ≥ 20 nodes): ${out.first_render_ms} ms (median of ${times.length} cold loads)`);
      const before = scripts.filter((s) => !s.tfjs);
      const kb = before.reduce((a, s) => a + s.gzip_kb, 0);
      out.js_gzip_kb_before_tfjs = round(kb, 1);
      out.js_before_tfjs = {
        scripts: scripts.map((s) => ({ ...s, gzip_kb: round(s.gzip_kb, 1) })),
        tfjs_loaded: scripts.some((s) => s.tfjs),
      };
      log(
        `JS before tfjs: ${out.js_gzip_kb_before_tfjs} KB gzip in ${before.length} script(s)` +
          (scripts.some((s) => s.tfjs) ? ' (a first visit also loads tfjs!)' : ''),
      );
    } catch (e) {
      out.first_render_ms = { skipped: `failed: ${errorText(e)}` };
      out.js_gzip_kb_before_tfjs = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      const { context, page } = await h.browser();
      try {
        await page.goto(`${h.url}${encodeShareHash(residualChain(300))}`);
        // Graphs over 100 nodes render only the nodes in view (React Flow's
        // onlyRenderVisibleElements), about 10 here: wait for some, not for 20.
        await waitFor(page, "document.querySelectorAll('.react-flow__node').length >= 5");
        // Let the initial fit and autosave settle before measuring.
        await page.waitForTimeout(1000);
        const d = await dragFps(page, quick ? 3 : 5);
        out.drag_fps_300 = round(median(d.fps), 1);
        out.drag_300 = {
          fps_samples: d.fps.map((f) => round(f, 1)),
          longest_frame_ms: round(d.longest, 1),
          long_tasks: d.longTasks.length,
          longest_task_ms: round(Math.max(0, ...d.longTasks), 1),
          nodes_rendered: d.rendered,
        };
        log(`drag on a 300-node graph: ${out.drag_fps_300} fps (median of ${d.fps.length} drags of ~2 s)`);
      } finally {
        await context.close();
      }
    } catch (e) {
      out.drag_fps_300 = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      Object.assign(out, await canvasFigures(h, quick, dragFps));
      log(
        `import + layout of a ${JSON.stringify(out.canvas_300)} model: ${out.import_layout_ms_300} ms; drag with all in view: ${out.drag_fps_300_fit} fps; longest task after the layout: ${out.longest_task_ms_300_after_layout} ms`,
      );
    } catch (e) {
      Object.assign(out, skippedCanvasFigures(`failed: ${errorText(e)}`));
    }
    try {
      const t = await trainingLongTask(h);
      out.longest_task_ms_training = round(t.longest, 1);
      out.training_run = { backend: t.backend, samples: 16, batch: 8, epochs: 1, wall_s: round(t.wall_s, 1) };
      log(
        `training (ApesNet-mini, shapes-seg, ${t.backend}): longest main-thread task ${out.longest_task_ms_training} ms`,
      );
    } catch (e) {
      out.longest_task_ms_training = { skipped: `failed: ${errorText(e)}` };
      out.training_run = { skipped: `failed: ${errorText(e)}` };
    }
    try {
      const c = await classicCnn(h, CLASSIC_CNN_SAMPLES[quick ? 'quick' : 'full']);
      out.classic_cnn_sps = round(c.sps, 1);
      out.classic_cnn_longest_task_ms = round(c.longest, 1);
      out.classic_cnn_run = c.run;
      log(
        `classic CNN (${c.run.dataset}, ${c.run.train_samples} training samples, batch ${c.run.batch}, ${c.run.backend}): ${out.classic_cnn_sps} samples/s from Start to the end of epoch 2 (${c.run.start_to_epoch2_s} s); longest main-thread task ${out.classic_cnn_longest_task_ms} ms`,
      );
    } catch (e) {
      Object.assign(out, {
        classic_cnn_sps: { skipped: `failed: ${errorText(e)}` },
        classic_cnn_longest_task_ms: { skipped: `failed: ${errorText(e)}` },
        classic_cnn_run: { skipped: `failed: ${errorText(e)}` },
      });
    }
    let bench: Awaited<ReturnType<typeof serveBenchPage>> | undefined;
    try {
      const t1 = Date.now();
      bench = await serveBenchPage();
      log(`training bench page: built and serving in ${round((Date.now() - t1) / 1000, 1)} s`);
    } catch (e) {
      const reason = `the training bench page did not build: ${errorText(e)}`;
      log(reason);
      out.backends = { skipped: reason };
      out.classic_cnn_sps_by_backend = { skipped: reason };
      out.train_ratio_webgl = { skipped: reason };
      out.train_ratio_webgl_run = { skipped: reason };
      out.train_ratio_plain = { skipped: reason };
      out.train_ratio_plain_run = { skipped: reason };
    }
    if (bench) {
      try {
        try {
          const figures = await backendFigures(h, bench, { quick }, log);
          out.backends = figures;
          const sps = (b: 'cpu' | 'wasm' | 'webgl') => figures.classic_cnn.per_backend[b]?.sps;
          const [cpu, wasm, webgl] = [sps('cpu'), sps('wasm'), sps('webgl')];
          out.classic_cnn_sps_by_backend = {
            ...(cpu === undefined ? {} : { cpu }),
            ...(wasm === undefined ? {} : { wasm }),
            ...(webgl === undefined ? {} : { webgl }),
            ...(wasm && cpu ? { wasm_vs_cpu: round(wasm / cpu, 1) } : {}),
            ...(wasm && webgl ? { wasm_vs_webgl: round(wasm / webgl, 1) } : {}),
          };
        } catch (e) {
          out.backends = { skipped: `failed: ${errorText(e)}` };
          out.classic_cnn_sps_by_backend = { skipped: `failed: ${errorText(e)}` };
        }
        try {
          const { ratio, ...run } = await trainRatioWebgl(h, bench, RATIO_RUN[quick ? 'quick' : 'full'], log);
          out.train_ratio_webgl = ratio;
          out.train_ratio_webgl_run = run;
        } catch (e) {
          out.train_ratio_webgl = { skipped: `failed: ${errorText(e)}` };
          out.train_ratio_webgl_run = { skipped: `failed: ${errorText(e)}` };
        }
        try {
          Object.assign(out, await trainRatioPlain(h, bench, { quick }, log));
        } catch (e) {
          out.train_ratio_plain = { skipped: `failed: ${errorText(e)}` };
          out.train_ratio_plain_run = { skipped: `failed: ${errorText(e)}` };
        }
      } finally {
        await bench.close();
      }
    }
    // Threads need the bench page cross-origin isolated (its own build) and ~3 minutes here: not in --quick.
    if (!quick) Object.assign(out, await threadsFigures(h, log));
  } finally {
    await h.close();
  }
  log(`browser figures took ${round((Date.now() - t0) / 1000, 1)} s`);
  return out;
}

/** `wasm_threads_ratio` and `wasm_threads_kernel_ratio` (bench/threads.ts) on an isolated bench page. */
async function threadsFigures(h: Harness, log: (s: string) => void): Promise<Record<string, unknown>> {
  let page: Awaited<ReturnType<typeof serveBenchPage>> | undefined;
  try {
    page = await serveBenchPage({ isolated: true });
    return { ...(await wasmThreadsRatio(h, page, { quick: false, reps: 3 }, log)) };
  } catch (e) {
    return { wasm_threads_ratio: { skipped: `failed: ${errorText(e)}` } };
  } finally {
    await page?.close();
  }
}
