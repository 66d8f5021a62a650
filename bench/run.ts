/**
 * `npm run bench` (full) and `npm run bench -- --quick --json`. Every figure is a ratio or a
 * scaling measured side by side in one run (medians of repetitions). The last stdout line with
 * --json is one JSON object. See BENCHMARKS.md.
 */
import * as tf from '@tensorflow/tfjs';
import { analyze, applyEdit, compileModel, example } from '../src/compile';
import { pickBackend } from '../src/train/backend';
import { makeBuiltin } from '../src/train/data/builtin';
import { DEFAULT_SETTINGS } from '../src/train/settings';
import { createTrainer } from '../src/train/trainer';
import { wasmLoader } from '../src/train/wasm/load';
import { handApesNet, handFromChain } from '../test/handwritten';
import { browserFigures, skippedBrowserFigures } from './browser';
import { cliFigures } from './cli';
import { residualChain } from './graphs';
import { round, sideBySide, timeMs } from './stats';
import { statsOverhead } from './statsOverhead';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);

async function analysis() {
  const out: Record<string, number> = {};
  for (const n of [100, 1000, 5000, 20000]) {
    const doc = residualChain(n);
    // Medians of 15+ runs (a warm 20,000-node analysis takes ~5 ms: 3 runs let one slow one decide).
    out[String(n)] = round(timeMs(() => analyze(doc), quick ? 15 : 25));
    log(`analyze ${n} nodes: ${out[String(n)]} ms`);
  }
  // Per-node cost at 20,000 against 1,000 (linear scaling: ≤ 2).
  const perNode = (n: number) => (out[String(n)] as number) / n;
  // A real edit each time: conv_1's kernel alternates between 5×5 and 3×3 (its parameter count
  // changes, the shapes below it do not), on the document the previous edit made.
  let doc = residualChain(1000);
  analyze(doc);
  let k = 0;
  const reanalyze = round(
    timeMs(
      () => {
        k += 1;
        const size = k % 2 ? 5 : 3;
        doc = applyEdit(doc, { op: 'setParam', node: 'conv_1', param: 'kernelSize', value: [size, size] }).doc;
        analyze(doc);
      },
      quick ? 9 : 25,
    ),
  );
  log(`re-analyze 1000 nodes after one param edit: ${reanalyze} ms`);
  const scaling = round(perNode(20000) / perNode(1000));
  log(`analysis per node at 20,000 ÷ at 1,000: ${scaling}`);
  return { analyze_ms: out, analyze_per_node_20000_vs_1000: scaling, reanalyze_ms_1000: reanalyze };
}

async function compiling() {
  const apes = example('apesnet');
  const chainDoc = residualChain(300);
  const reps = quick ? 11 : 21;
  const a = await sideBySide(
    () => {
      compileModel(tf, apes).model.dispose();
    },
    () => {
      handApesNet(360, 480, 12).dispose();
    },
    reps,
  );
  const c = await sideBySide(
    () => {
      compileModel(tf, chainDoc).model.dispose();
    },
    () => {
      handFromChain(chainDoc).dispose();
    },
    reps,
  );
  log(`compile ApesNet: ${round(a.a, 1)} ms vs hand-written ${round(a.b, 1)} ms`);
  log(`compile 300-node graph: ${round(c.a, 1)} ms vs hand-written ${round(c.b, 1)} ms`);
  return { compile_ratio: { apesnet: round(a.a / a.b), graph_300: round(c.a / c.b) } };
}

async function training() {
  // Node cpu, tiny shapes: a residual chain of 4 stages on 8×8×4 data.
  const doc = residualChain(14, 8, 4);
  const compiled = compileModel(tf, doc).model;
  const hand = handFromChain(doc);
  hand.setWeights(compiled.getWeights());
  for (const m of [compiled, hand]) m.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  const samples = quick ? 64 : 256;
  const x = tf.randomNormal([samples, 8, 8, 4], 0, 1, 'float32', 1);
  const y = tf.randomNormal([samples, 4], 0, 1, 'float32', 2);
  const trainOnce = (m: tf.LayersModel) => async () => {
    await m.fit(x, y, { batchSize: 16, epochs: 1, verbose: 0, shuffle: false });
  };
  const t = await sideBySide(trainOnce(compiled), trainOnce(hand), quick ? 5 : 9);
  tf.dispose([x, y]);
  compiled.dispose();
  hand.dispose();
  log(`train (cpu): ${round(samples / (t.a / 1000), 1)} vs hand-written ${round(samples / (t.b / 1000), 1)} samples/s`);
  return { train_ratio: round(t.b / t.a), train_backend: 'cpu (Node, 8×8×4, batch 16)' };
}

/**
 * `skipwire train`'s path in Node: the classic CNN on digits through the trainer, on wasm (the
 * CLI's default, with src/train/wasm's kernels) and on cpu (the default before), steady-state
 * wall-clock samples/s (the last epoch's rate, epoch 1 being the warm-up).
 */
async function cliTraining() {
  const doc = example('classic-cnn');
  const input = analyze(doc).layers.find((l) => l.type === 'input')?.shape;
  const rate = async (backend: 'wasm' | 'cpu', samples: number) => {
    await pickBackend(tf, { preferred: backend, loaders: { wasm: wasmLoader(tf) } });
    const dataset = makeBuiltin({ name: 'digits', seed: 1, samples }, input);
    const settings = { ...DEFAULT_SETTINGS, epochs: 2, batchSize: 64, validationSplit: 0, optimizer: 'sgd' as const };
    const made = createTrainer(tf, { doc, dataset, settings, onEvent: () => {} });
    if (!made.ok) throw new Error('classic-cnn does not train on digits');
    const result = await made.trainer.run();
    made.trainer.dispose();
    return result.history.at(-1)?.samplesPerSecond ?? 0;
  };
  const wasm = round(await rate('wasm', quick ? 512 : 1536), 1);
  const cpu = round(await rate('cpu', quick ? 128 : 256), 1);
  await tf.setBackend('cpu');
  log(
    `skipwire train (Node, classic CNN on digits, batch 64): wasm ${wasm} vs cpu ${cpu} samples/s (${round(wasm / cpu, 1)}×)`,
  );
  return { cli_train_sps: { wasm, cpu, wasm_vs_cpu: round(wasm / cpu, 1) } };
}

async function browser() {
  // Production build + Chromium, with the training runs (the Training panel, the training bench
  // page): about 3–3.5 minutes with --quick on the loaded 2-core machine, inside the 5-minute
  // budget of a quick run, so it runs in both modes. --no-browser skips it.
  if (args.has('--no-browser')) return skippedBrowserFigures('--no-browser');
  try {
    return await browserFigures({ quick, log });
  } catch (e) {
    const reason = `browser figures failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    log(reason);
    return skippedBrowserFigures(reason);
  }
}

async function main() {
  await tf.setBackend('cpu');
  const results = {
    quick,
    machine: `${process.platform} ${process.arch}, Node ${process.version}`,
    ...(await analysis()),
    ...(await compiling()),
    ...(await training()),
    ...(await cliTraining()),
    ...(await statsOverhead(tf, quick, log)),
    ...cliFigures(quick ? 7 : 15, log),
    ...(await browser()),
  };
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else log(JSON.stringify(results, null, 2));
}

await main();
