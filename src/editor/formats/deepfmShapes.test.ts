/**
 * A real DeepFM (test/fixtures/real/dl4j-deepfm.model_config.json, tf.keras 2.2.4-tf) through the
 * editor's own path: imported as the Import menu does, its Lambdas' output shapes typed into the
 * inspector's field (its parser, its `setParam` action, the store), then exported from the Export
 * menu's logic to Keras JSON and Python. Each Lambda comes back with its config verbatim, the
 * shared `sum_of_tensors` with its three calls. Real tfjs (the Keras JSON fidelity check).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getLayer, type ParamSpec } from '../../nodes';
import { setParam } from '../actions';
import { parseInput } from '../panels/ParamField';
import { createEditorStore } from '../store/createStore';
import { analysisOf } from '../store/derived';
import { apesnet } from '../test/factories.testkit';
import type { Download } from './download';
import { runExport } from './exportRun';
import { applyImport, readModelFiles } from './importFiles';

type LayerJson = { class_name: string; name: string; config: Record<string, unknown>; inbound_nodes: unknown[] };
const TEXT = readFileSync('test/fixtures/real/dl4j-deepfm.model_config.json', 'utf8');
const ORIGINAL = JSON.parse(TEXT).config.layers as LayerJson[];
const LAMBDAS = ORIGINAL.filter((l) => l.class_name === 'Lambda');

/**
 * What a user types for each Lambda call, read from its Keras code (the functions are marshalled
 * bytecode; their names and constants say what they do): the mean over the genres keeps its axis
 * (1 × 20) for the 2-D embeddings and drops it for the 1-D ones; `sum_of_tensors` sums axis 1, so
 * it gives 20 values on the (4, 20) embeddings and their squares, and one value per sample on
 * `lambda_1`'s 20 (×0.5), which `fm_2d_output` reshapes to (1).
 */
const TYPED: Record<string, string> = {
  cat_embed_2d_genure_mean: '1, 20',
  square_of_tensors: '4 × 20',
  sum_of_tensors: '20',
  sum_of_tensors_call_2: '20',
  sum_of_tensors_call_3: '()',
  lambda_1: '20',
  embed_1d_mean: '1',
};

async function exported(kind: string, store: ReturnType<typeof createEditorStore>) {
  const saved: Download[] = [];
  const outcome = await runExport(kind, { doc: store.getState().doc, distributed: false, save: (d) => saved.push(d) });
  return { outcome, text: saved[0] ? await saved[0].blob.text() : '' };
}

describe('DeepFM: a shared Lambda whose calls give different shapes, completed in the editor', () => {
  it('asks each Lambda call for its shape; once typed in, exports to Keras JSON and Python with every Lambda verbatim', async () => {
    const store = createEditorStore(apesnet());
    const read = await readModelFiles([new File([TEXT], 'deepfm.json')]);
    expect(applyImport(store, read)).toBeUndefined();
    const doc = () => store.getState().doc;

    // Before: the export names the first layer waiting for its shape.
    const early = await exported('keras-json', store);
    expect(early.outcome.error).toMatch(/^layer "cat_embed_2d_genure_mean": Lambda: output shape unknown/);

    // Every Lambda call asks (a later one once the earlier ones are answered); typed in the field.
    const spec = getLayer('opaque')?.params.outputShape as ParamSpec;
    const answered: string[] = [];
    for (let round = 0; round < 10; round++) {
      const asking = analysisOf(doc()).diagnostics.filter((d) => d.param === 'outputShape');
      for (const d of asking) {
        answered.push(d.nodeId);
        const node = doc().nodes.find((n) => n.id === d.nodeId);
        const typed = TYPED[node?.name ?? ''];
        if (typed === undefined) throw new Error(`unexpected question at ${node?.name}: ${d.message}`);
        setParam(store, d.nodeId, 'outputShape', parseInput(spec, typed));
      }
    }
    expect(answered.sort()).toEqual(Object.keys(TYPED).sort());
    const a = analysisOf(doc());
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // By hand from the file: embeddings 300 + 120,820 + 79,060 + 6,041 + 3,953 + 15, Dense 40 + 2
    // + 5,184 + 4,160 + 65 + 4 (tfjs cannot build the Lambdas nor Subtract, so it cannot count it).
    expect(a.totals).toEqual({ trainable: 219_644, nonTrainable: 0 });
    // The third call of the shared Lambda has its own shape: one value per sample.
    expect(a.nodes.get('sum_of_tensors_call_3')?.outputShapes).toEqual([[]]);
    expect(a.nodes.get('sum_of_tensors')?.outputShapes).toEqual([[20]]);
    expect(a.nodes.get('fm_2d_output')?.outputShapes).toEqual([[1]]);

    const keras = await exported('keras-json', store);
    expect(keras.outcome.error).toBeUndefined();
    expect(keras.outcome.fidelity?.pass, keras.outcome.fidelity?.differences.join('; ')).toBe(true);
    const written = JSON.parse(keras.text).config.layers as LayerJson[];
    expect(written.map((l) => l.class_name).sort()).toEqual(ORIGINAL.map((l) => l.class_name).sort());
    for (const l of LAMBDAS) {
      const w = written.find((x) => x.name === l.name);
      expect(w?.config, l.name).toEqual(l.config);
      expect(w?.inbound_nodes, l.name).toEqual(l.inbound_nodes);
    }
    expect(written.find((l) => l.name === 'sum_of_tensors')?.inbound_nodes).toHaveLength(3);
    // Imported again, the entered shapes come back, each call's own (written beside the config).
    const again = await readModelFiles([new File([keras.text], 'deepfm.json')]);
    if (again.kind !== 'model') throw new Error(again.kind === 'error' ? again.error : again.kind);
    const b = analysisOf(again.doc);
    expect(b.ok).toBe(true);
    expect(b.totals).toEqual(a.totals);
    expect(b.nodes.get('sum_of_tensors_call_3')?.outputShapes).toEqual([[]]);

    const python = await exported('python', store);
    expect(python.outcome.error).toBeUndefined();
    // Each Lambda built once from its verbatim config, the shared one called three times.
    for (const l of LAMBDAS) {
      const code = (l.config.function as string[])[0] as string;
      const built = python.text.split(`layers.Lambda.from_config(\n        {"name": "${l.name}", `);
      expect(built.length - 1, l.name).toBe(1);
      expect(built[1]?.includes(JSON.stringify(code).slice(1, -1)), l.name).toBe(true);
    }
    expect(python.text.match(/= sum_of_tensors_layer\(/g)).toHaveLength(3);
    // Subtract (which tfjs lacks) is called on its two inputs, as Keras merges take them.
    expect(python.text).toMatch(/layers\.Subtract\.from_config\(\n.*\n {4}\)\(\[multiply_1, sum_of_tensors_call_2\]\)/);
  });
});
