/**
 * TensorFlow.js layers models: `model.json` + weight shards. Export: `model.json` and
 * `weights.bin`, made by tfjs itself and read back by it (the fidelity check). Import: the JSON
 * (any model JSON: tfjs, Keras 1/2/3 — told apart by content) and, when the shards listed in its
 * manifest are given with it, their weights.
 *
 * Records are light: the code that runs a format is imported when it runs, so the editor can
 * list the formats without loading them.
 */
import type { ExportRecord, FileImport, ImportContext, ImportRecord, ImportSource } from '../formatRecord';

export const tfjsExport: ExportRecord = {
  id: 'tfjs',
  label: 'TensorFlow.js',
  detail: 'model.json + weights.bin, reload-checked',
  extension: '.json',
  mime: 'application/json',
  needsTf: true,
  carriesWeights: true,
  readBack: true,
  async run(tf, doc, options) {
    const { exportTfjs } = await import('../exportJson');
    const r = await exportTfjs(tf, doc, options.weights ? { weights: options.weights } : {});
    return {
      files: [
        { path: 'model.json', data: `${JSON.stringify(r.modelJson)}\n`, mime: 'application/json' },
        { path: 'weights.bin', data: r.weightData, mime: 'application/octet-stream' },
      ],
      fidelity: r.fidelity,
      applied: r.applied,
    };
  },
};

const decoder = new TextDecoder('utf-8', { fatal: false });
const isJsonName = (name: string) => /\.json$/i.test(name);
const startsLikeJson = (head: Uint8Array) => /^\s*[[{]/.test(decoder.decode(head.subarray(0, 64)));

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

/** Any model JSON (tfjs, Keras 1/2/3), with a tfjs model's weights when its shards are there. */
export async function importJsonModel(source: ImportSource, context: ImportContext): Promise<FileImport> {
  const [{ importModel, importModelText }, { decodeTfjsWeights }, { byPath, WeightsError }] = await Promise.all([
    import('../importModel'),
    import('../tfjsWeights'),
    import('../weights'),
  ]);
  const text = decoder.decode(source.bytes);
  const options = {
    ...(context.maxBytes ? { maxBytes: context.maxBytes } : {}),
    ...(context.elk ? { layout: context.elk } : {}),
  };
  const r = context.layout === 'layered' ? importModelText(text, options) : await importModel(text, options);
  if (!r.ok) return r;
  const manifest = r.weightsManifest ?? [];
  const paths = manifest.flatMap((g) => g.paths);
  const warnings = [...r.warnings];
  if (!paths.length) return { ok: true, doc: r.doc, format: r.format, warnings };
  const shards = new Map<string, Uint8Array>();
  for (const p of paths) {
    const b = await source.sibling(p.split(/[\\/]/).pop() as string);
    if (b) shards.set(p, b);
  }
  if (!shards.size) {
    warnings.push(
      `The weights (${quoted(paths)}) were not found with model.json: the model starts from fresh weights. Select them together with model.json to keep them.`,
    );
    return { ok: true, doc: r.doc, format: r.format, warnings };
  }
  try {
    const named = decodeTfjsWeights(await context.loadTf(), manifest, shards);
    return { ok: true, doc: r.doc, format: r.format, warnings, weights: byPath(r.doc, named) };
  } catch (e) {
    if (!(e instanceof WeightsError)) throw e;
    warnings.push(`Weights not imported: ${e.message}. The model starts from fresh weights.`);
    return { ok: true, doc: r.doc, format: r.format, warnings };
  }
}

export const tfjsImport: ImportRecord = {
  id: 'tfjs',
  label: 'TensorFlow.js model.json (with its .bin weights)',
  extensions: ['.json', '.bin'],
  mime: 'application/json',
  needsTf: true,
  sniff: (name, head) =>
    (isJsonName(name) || startsLikeJson(head)) && /"(modelTopology|layers-model)"/.test(decoder.decode(head)),
  run: importJsonModel,
};

/** Keras `to_json()` / `config.json` (Keras 2 and 3) and Keras 1 JSON: topology only. */
export const kerasJsonImport: ImportRecord = {
  id: 'keras-json',
  label: 'Keras JSON (to_json(), config.json, Keras 1)',
  extensions: ['.json'],
  mime: 'application/json',
  needsTf: false,
  sniff: (name, head) => isJsonName(name) || startsLikeJson(head),
  run: importJsonModel,
};
