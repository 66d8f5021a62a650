/**
 * Keras's own model files, written with the weights the rule picks (trained, else imported, else
 * fresh):
 * - `.keras`: a zip of `config.json` (the Keras `to_json()` topology), `metadata.json` and
 *   `model.weights.h5`, its variables under `layers/<key>/vars/<i>` where the key is the snake-cased
 *   class name with `_1`, `_2`… for repeats in the model's layer order, as Keras 3's saving library
 *   names them (recurrent layers keep theirs in `layers/<key>/cell/vars`);
 * - `.h5`: the legacy HDF5 file (`model_config`, `keras_version`, `backend` on the root;
 *   `model_weights/<layer>` with `weight_names` and `model_weights/<layer>/<layer>/<weight>:0`);
 *   blocks from nested models are written nested (nestedExport.ts), a nested model's weights in
 *   its one group (`model_weights/<model>/<inner layer>/<weight>:0`), and in a `.keras` archive its
 *   variables under its own layers (`layers/sequential/layers/dense/vars/0`).
 * Each is read back by the importer before it is offered: the same layers, params and weights,
 * and the same predictions (the fidelity check).
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { SkipwireDoc } from '../compile';
import type { TF } from '../nodes';
import { exportableModel, fixTfjsTopology, KERAS_JSON_VERSION, toKerasJson } from './exportJson';
import { compareModels, type FidelityReport } from './fidelity';
import type { ExportOutput } from './formatRecord';
import { type H5Writable, writeHdf5 } from './hdf5';
import { importKerasFile, snakeCase } from './kerasFiles';
import { modelName } from './names';
import { asSequential, type Nested, nestTopology } from './nestedExport';
import { checkOpaqueReadBack, hasOpaque } from './opaqueCheck';
import { applyWeights, type WeightSources } from './weights';

/** The Keras version the `.keras` metadata names: Keras 3's loader reads the archive. */
export const KERAS3_VERSION = '3.3.3';
const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);

const layerWeights = (model: LayersModel) =>
  model.layers.map((l) => ({
    name: l.name,
    className: l.getClassName(),
    /** The wrapped layer's class, for a Bidirectional or TimeDistributed layer. */
    inner: (l as { layer?: { getClassName(): string } }).layer?.getClassName() ?? l.getClassName(),
    weights: l.weights.map((w, i) => ({
      name: w.originalName,
      shape: [...w.shape] as number[],
      values: Float32Array.from(l.getWeights()[i]?.dataSync() ?? []),
    })),
  }));

/** A layer of the archive: its weights, or a nested model's own layers. */
type ArchiveLayer = ReturnType<typeof layerWeights>[number] & { readonly children?: readonly ArchiveLayer[] };

/**
 * The archive's layers where blocks came from nested models: the nested topology's entries, a
 * nested model with its own layers (a Sequential's without its InputLayer, as Keras 3 keeps them).
 */
function archiveLayers(model: LayersModel, nested: Nested): ArchiveLayer[] {
  const flat = new Map(layerWeights(model).map((l) => [l.name, l]));
  const flatOf = new Map([...nested.layers].map(([f, rel]) => [rel, f]));
  type E = { class_name: string; name?: string; config: { name?: string; layers?: unknown } };
  const level = (entries: readonly E[], top: boolean, sequential: boolean): ArchiveLayer[] =>
    entries.flatMap((e): ArchiveLayer[] => {
      const name = e.config.name ?? e.name ?? '';
      if (sequential && e.class_name === 'InputLayer') return [];
      if (Array.isArray(e.config.layers)) {
        const children = level(e.config.layers as E[], false, e.class_name === 'Sequential');
        return [{ name, className: e.class_name, inner: e.class_name, weights: [], children }];
      }
      const l = flat.get(top ? name : (flatOf.get(name) ?? name));
      return l ? [l] : [{ name, className: e.class_name, inner: e.class_name, weights: [] }];
    });
  return level((nested.topology.config as { layers: E[] }).layers, true, false);
}

function archiveWeights(items: readonly ArchiveLayer[]): H5Writable {
  const groups: { path: string }[] = [{ path: 'layers' }];
  const datasets: H5Writable['datasets'][number][] = [];
  writeArchiveLayers(items, 'layers', groups, datasets);
  groups.push({ path: 'vars' });
  return { groups, datasets };
}

function writeArchiveLayers(
  items: readonly ArchiveLayer[],
  parent: string,
  groups: { path: string }[],
  datasets: H5Writable['datasets'][number][],
): void {
  const used = new Map<string, number>();
  for (const l of items) {
    const base = snakeCase(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const key = `${parent}/${n === undefined ? base : `${base}_${n + 1}`}`;
    groups.push({ path: key });
    if (l.children) {
      // A nested model: its own layers under `<key>/layers`, as Keras 3's saving library walks them.
      groups.push({ path: `${key}/layers` }, { path: `${key}/vars` });
      writeArchiveLayers(l.children, `${key}/layers`, groups, datasets);
      continue;
    }
    // Keras 3 keeps a wrapped layer's variables under the wrapper's attribute names.
    const subs =
      l.className === 'Bidirectional'
        ? [`${key}/forward_layer`, `${key}/backward_layer`]
        : l.className === 'TimeDistributed'
          ? [`${key}/layer`]
          : [key];
    const inner = l.className === 'Bidirectional' || l.className === 'TimeDistributed' ? l.inner : l.className;
    const per = l.weights.length / subs.length;
    for (const [s, sub] of subs.entries()) {
      if (sub !== key) groups.push({ path: sub });
      let at = `${sub}/vars`;
      groups.push({ path: at });
      if (RECURRENT.has(inner)) {
        groups.push({ path: `${sub}/cell` }, { path: `${sub}/cell/vars` });
        at = `${sub}/cell/vars`;
      }
      l.weights.slice(s * per, (s + 1) * per).forEach((w, i) => {
        datasets.push({ path: `${at}/${i}`, shape: w.shape, values: w.values });
      });
    }
  }
}

/**
 * The layers of a legacy `.h5` and their weights: the model's own, or where blocks came from nested
 * models, one per top-level layer with a nested model's weights (its trainable ones, then the
 * others, under their nested names: `conv1d/kernel`) in its group, as Keras 2 writes them.
 */
function h5Layers(model: LayersModel, nested: Nested | undefined): ReturnType<typeof layerWeights> {
  const flat = layerWeights(model);
  if (!nested) return flat;
  const top = (nested.topology.config as { layers: { name: string; class_name: string }[] }).layers;
  const trainable = new Map(model.weights.map((w) => [w.originalName, w.trainable]));
  return top.map((e) => {
    const inside = flat.filter((l) => (nested.groups.get(l.name) ?? l.name) === e.name).flatMap((l) => l.weights);
    const ordered = [
      ...inside.filter((w) => trainable.get(w.name) !== false),
      ...inside.filter((w) => trainable.get(w.name) === false),
    ];
    const weights = ordered.map((w) => ({ ...w, name: nested.weightNames.get(w.name) ?? w.name }));
    return { name: e.name, className: e.class_name, inner: e.class_name, weights };
  });
}

function legacyH5(model: LayersModel, nested: Nested | undefined, topology: Record<string, unknown>): H5Writable {
  const json = JSON.stringify(topology);
  const layers = h5Layers(model, nested);
  const groups: { path: string; attrs?: Record<string, string | string[]> }[] = [
    { path: '', attrs: { model_config: json, keras_version: KERAS_JSON_VERSION, backend: 'tensorflow' } },
    {
      path: 'model_weights',
      attrs: { layer_names: layers.map((l) => l.name), keras_version: KERAS_JSON_VERSION, backend: 'tensorflow' },
    },
  ];
  const datasets: H5Writable['datasets'][number][] = [];
  for (const l of layers) {
    const names = l.weights.map((w) => `${w.name}:0`);
    groups.push({ path: `model_weights/${l.name}`, ...(names.length ? { attrs: { weight_names: names } } : {}) });
    const made = new Set<string>();
    for (const [i, w] of l.weights.entries()) {
      // `dense/kernel:0` lives at model_weights/dense/dense/kernel:0: make the groups on the way.
      const parts = (names[i] as string).split('/');
      for (let k = 1; k < parts.length; k++) {
        const g = `model_weights/${l.name}/${parts.slice(0, k).join('/')}`;
        if (!made.has(g)) groups.push({ path: g });
        made.add(g);
      }
      datasets.push({ path: `model_weights/${l.name}/${names[i]}`, shape: w.shape, values: w.values });
    }
  }
  return { groups, datasets };
}

/** Reads a written file back with the importer and compares it with the model that wrote it. */
async function checkKerasFile(
  tf: TF,
  kind: 'keras' | 'h5',
  reference: LayersModel,
  bytes: Uint8Array,
): Promise<FidelityReport> {
  const back = await importKerasFile(kind, bytes, { loadTf: async () => tf, layout: 'layered' });
  if (hasOpaque(reference)) return checkOpaqueReadBack(tf, reference, back);
  const fail = (why: string): FidelityReport => ({
    pass: false,
    differences: [why],
    layers: reference.layers.length,
    params: reference.countParams(),
    checked: 'nothing (the file could not be read back)',
  });
  if (!back.ok) return fail(`the written file cannot be read back: ${back.error}`);
  const { compileModel } = await import('../compile');
  const compiled = compileModel(tf, back.doc);
  try {
    const applied = applyWeights(tf, compiled.layers, { imported: back.weights ?? {} });
    if (applied.fresh.length)
      return fail(`layers without their weights after reading back: ${applied.fresh.slice(0, 5).join(', ')}`);
    return compareModels(tf, reference, compiled.model);
  } finally {
    compiled.model.dispose();
  }
}

/** Writes a `.keras` archive or a legacy `.h5` file of the document, checked by reading it back. */
export async function exportKerasFile(
  tf: TF,
  doc: SkipwireDoc,
  kind: 'keras' | 'h5',
  weights: WeightSources = {},
): Promise<ExportOutput> {
  const { model, applied, analysis } = exportableModel(tf, doc, weights, true);
  try {
    let bytes: Uint8Array;
    // Blocks from nested models are written back nested.
    const flat = fixTfjsTopology(model.toJSON(null, false) as Record<string, unknown>, model);
    const names = model.weights.map((w) => w.originalName);
    const nested = nestTopology(doc, analysis, flat, names, 'keras');
    const json = toKerasJson(asSequential(nested?.topology ?? flat, doc, 'keras'));
    if (kind === 'h5') bytes = await writeHdf5(legacyH5(model, nested, json));
    else {
      const { strToU8, zipSync } = await import('fflate');
      const metadata = { keras_version: KERAS3_VERSION, date_saved: new Date().toISOString().slice(0, 16) };
      bytes = zipSync(
        {
          'metadata.json': strToU8(JSON.stringify(metadata)),
          'config.json': strToU8(JSON.stringify(json)),
          'model.weights.h5': await writeHdf5(
            archiveWeights(nested ? archiveLayers(model, nested) : layerWeights(model)),
          ),
        },
        { level: 6 },
      );
    }
    const fidelity = await checkKerasFile(tf, kind, model, bytes);
    return {
      files: [
        {
          path: `${modelName(doc.name)}.${kind}`,
          data: bytes,
          mime: kind === 'h5' ? 'application/x-hdf5' : 'application/zip',
        },
      ],
      fidelity,
      applied,
    };
  } finally {
    model.dispose();
  }
}
