/**
 * `npm run bench` (full) and `npm run bench -- --quick --json`. Every figure is a ratio or a
 * scaling measured side by side in one run (medians of repetitions). The last stdout line with
 * --json is one JSON object. See BENCHMARKS.md.
 */
import * as tf from '@tensorflow/tfjs';
import { analyze, applyEdit, compileModel, example } from '../src/compile';
import { handApesNet, handFromChain } from '../test/handwritten';
import { browserFigures, skippedBrowserFigures } from './browser';
import { cliFigures } from './cli';
import { residualChain } from './graphs';
import { round, sideBySide, timeMs } from './stats';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const json = args.has('--json');
const log = (s: string) => (json ? process.stderr : process.stdout).write(`${s}\n`);

async function analysis() {
  const out: Record<string, number> = {};
  for (const n of [100, 1000, 5000]) {
    const doc = residualChain(n);
    out[String(n)] = round(timeMs(() => analyze(doc), n >= 5000 ? 5 : quick ? 9 : 25));
    log(`analyze ${n} nodes: ${out[String(n)]} ms`);
  }
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
  return { analyze_ms: out, reanalyze_ms_1000: reanalyze };
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
    ...cliFigures(quick ? 7 : 15, log),
    ...(await browser()),
  };
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
  else log(JSON.stringify(results, null, 2));
}

await main();
