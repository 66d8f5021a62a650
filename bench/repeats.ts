/**
 * Repeated blocks found on import (`findRepeats`, `groupRepeats`): how their time grows with the
 * model, as ratios. A flat MobileNetV2-like chain of inverted residuals (expand Conv2D → BN →
 * ReLU → DepthwiseConv2D → BN → ReLU → project Conv2D → BN → Add, widths varying; every third
 * block without the Add, a run found by name prefix) of about 300 and about 3,000 layers. `npx tsx bench/repeats.ts [--quick]`; the last stdout line is JSON.
 */
import { analyze, DocBuilder, findRepeats, groupRepeats, type SkipwireDoc } from '../src/compile';
import { sideBySide, timeMs } from './stats';

function invertedResiduals(n: number): SkipwireDoc {
  const b = new DocBuilder(`mobilenet_like_${n}`);
  let x = b.layer('input', 'input_1', { shape: [8, 8, 8] });
  for (let i = 0; b.nodes.length < n; i++) {
    const p = `block_${i}_`;
    const t = 8 * (2 + (i % 3));
    let h = b.layer('conv2d', `${p}expand`, { filters: t, kernelSize: [1, 1], useBias: false }, [x]);
    h = b.layer('batchNormalization', `${p}expand_BN`, {}, [h]);
    h = b.layer('relu', `${p}expand_relu`, { maxValue: 6 }, [h]);
    h = b.layer('depthwiseConv2d', `${p}depthwise`, { padding: 'same', useBias: false }, [h]);
    h = b.layer('batchNormalization', `${p}depthwise_BN`, {}, [h]);
    h = b.layer('relu', `${p}depthwise_relu`, { maxValue: 6 }, [h]);
    h = b.layer('conv2d', `${p}project`, { filters: 8, kernelSize: [1, 1], useBias: false }, [h]);
    h = b.layer('batchNormalization', `${p}project_BN`, {}, [h]);
    x = i % 3 === 2 ? h : b.layer('add', `${p}add`, {}, [x, h]);
  }
  b.layer('globalAveragePooling2d', 'pool', {}, [x]);
  return b.build();
}

const quick = process.argv.includes('--quick');
const reps = quick ? 9 : 25;
const small = invertedResiduals(300);
const large = invertedResiduals(3000);
const ten = large.nodes.length / small.nodes.length;
// Ten small models against one ten times larger, interleaved: equal times mean linear growth.
const scaling = await sideBySide(
  () => {
    for (let i = 0; i < Math.round(ten); i++) findRepeats(small);
  },
  () => void findRepeats(large),
  reps,
);
const find300 = timeMs(() => findRepeats(small), reps);
const group300 = timeMs(() => groupRepeats(small), reps);
const vsAnalyze = await sideBySide(
  () => void findRepeats(small),
  () => void analyze({ ...small }), // a fresh object: no cached analysis
  reps,
);
const result = {
  blocks: findRepeats(small).map((g) => `${g.instances.length} × ${g.kind}`),
  layers: { small: small.nodes.length, large: large.nodes.length },
  find_repeats_ms_300: +find300.toFixed(3),
  find_repeats_ms_3000: +scaling.b.toFixed(3),
  find_repeats_per_layer_3000_vs_300: +((scaling.b / scaling.a) * (Math.round(ten) / ten)).toFixed(2),
  group_repeats_ms_300: +group300.toFixed(3),
  find_repeats_vs_analyze_300: +(vsAnalyze.a / vsAnalyze.b).toFixed(2),
};
console.log(JSON.stringify(result));
