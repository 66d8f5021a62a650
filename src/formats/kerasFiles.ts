/**
 * Keras's own model files, read: a `.keras` archive (Keras 3's default: a zip of config.json,
 * metadata.json and model.weights.h5) and a legacy `.h5` file (the topology in the root's
 * `model_config` attribute, the weights under `model_weights`). The topology goes through the
 * Keras JSON importer; the weights are found by layer and weight name, converted to float32, and
 * handed back by layer path of the imported document. Optimizer and metric variables are ignored.
 *
 * h5wasm and fflate are loaded here, on first use. Nothing is evaluated; hostile files end with a
 * one-line message naming where they went wrong (size and entry limits, a zip-bomb guard).
 */
import { analyze, type SkipwireDoc } from '../compile';
import type { FileImport, ImportContext } from './formatRecord';
import { type H5Contents, Hdf5Error, readHdf5 } from './hdf5';
import { importModel, importModelText } from './importModel';
import { FORMAT_LABELS } from './kerasModel';
import { legacyKernels } from './legacyKernels';
import { MAX_MODEL_BYTES, oneLine, parseUntrustedJson } from './safeJson';
import { isRecord } from './values';
import { byPath, type PlainWeight, type WeightSet } from './weights';

/** Entries a `.keras` archive may hold, and the size of all of them unpacked. */
const MAX_ENTRIES = 64;
const MAX_UNPACKED = 2 * MAX_MODEL_BYTES;
/** Deflate cannot shrink real weights much; a higher ratio is a zip bomb. */
const MAX_RATIO = 200;

export class KerasFileError extends Error {
  override name = 'KerasFileError';
}

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v instanceof Uint8Array ? new TextDecoder().decode(v) : undefined;
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(text).filter((s): s is string => s !== undefined) : text(v) ? [text(v) as string] : [];

/** Keras' `to_snake_case` of a class name: `BatchNormalization` → `batch_normalization`. */
export function snakeCase(name: string): string {
  const s = name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2');
  return s.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** The layer list of a model config: `config.layers`, a Keras 2.0 Sequential's bare `config` list, or the list itself. */
function layerList(config: unknown): unknown[] {
  if (Array.isArray(config)) return config;
  if (!isRecord(config)) return [];
  if (Array.isArray(config.config)) return config.config;
  return isRecord(config.config) && Array.isArray(config.config.layers) ? config.config.layers : [];
}

/** The layer entries of a model config (Sequential or Functional), in order. */
function layerEntries(config: unknown): { className: string; name: string }[] {
  return layerList(config).flatMap((l: unknown) => {
    if (!isRecord(l) || typeof l.class_name !== 'string') return [];
    const name = isRecord(l.config) && typeof l.config.name === 'string' ? l.config.name : l.name;
    return typeof name === 'string' ? [{ className: l.class_name, name }] : [];
  });
}

/**
 * Each layer's key in a `.keras` weights file (`dense_1`; inside a nested model
 * `sequential/layers/dense`, its InputLayer not counted in a Sequential) → its name.
 */
function archiveKeys(config: unknown, prefix: string, sequential: boolean, out: Map<string, string>): void {
  const used = new Map<string, number>();
  for (const raw of layerList(config)) {
    const [l] = layerEntries([raw]);
    if (!l || (sequential && l.className === 'InputLayer')) continue;
    const base = snakeCase(l.className);
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const key = `${prefix}${n === undefined ? base : `${base}_${n + 1}`}`;
    out.set(key, l.name);
    if (MODEL_CLASSES.has(l.className)) archiveKeys(raw, `${key}/layers/`, l.className === 'Sequential', out);
  }
}

/**
 * The `.keras` weights file keys each layer as Keras' saving library does: the snake-cased class
 * name, `_1`, `_2`… for repeats, in the model's layer order (`layers/dense_1/vars/0`). Newer
 * Keras also writes the layer's name as an attribute of its `vars` group, which wins.
 */
function archiveWeights(h5: H5Contents, config: unknown): WeightSet {
  const keyToName = new Map<string, string>();
  archiveKeys(config, '', false, keyToName);
  const byLayer = new Map<string, { path: string; weight: PlainWeight }[]>();
  for (const [path, d] of h5.datasets) {
    const m = /^layers\/([^/]+)\/(.*)$/.exec(path);
    if (!m) continue; // optimizer/…, metrics/…: training state, not the model
    let [, key, rest] = m as unknown as [string, string, string];
    // A nested model's layers sit under its key: `layers/sequential/layers/dense/vars/0`.
    for (let inner = /^layers\/([^/]+)\/(.*)$/.exec(rest); inner && keyToName.has(`${key}/layers/${inner[1]}`); ) {
      key = `${key}/layers/${inner[1]}`;
      rest = inner[2] as string;
      inner = /^layers\/([^/]+)\/(.*)$/.exec(rest);
    }
    const named = h5.attrs.get(`layers/${key}/vars`)?.name;
    const layer = (typeof named === 'string' ? named : undefined) ?? keyToName.get(key) ?? key;
    const list = byLayer.get(layer) ?? [];
    list.push({ path: rest, weight: d });
    byLayer.set(layer, list);
  }
  // A layer's own `vars/0`, `vars/1`… first, then its sublayers' (an LSTM's `cell/vars/…`); a
  // Bidirectional's `forward_layer` before its `backward_layer`, as tfjs orders their weights.
  const SUB: Record<string, string> = { vars: '', forward_layer: '0', backward_layer: '1' };
  const order = (p: string) => p.split('/').map((s) => (/^\d+$/.test(s) ? s.padStart(8, '0') : (SUB[s] ?? s)));
  const out: Record<string, PlainWeight[]> = {};
  for (const [layer, list] of byLayer) {
    list.sort((a, b) => {
      const x = order(a.path);
      const y = order(b.path);
      const depth = x.length - y.length;
      return depth || x.join('/').localeCompare(y.join('/'));
    });
    out[layer] = list.map((e) => e.weight);
  }
  return out;
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/** The names of the layers inside each nested model (Sequential / Functional used as a layer) of a config, at any depth. */
function nestedLayerNames(config: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const l of layerList(config)) {
    if (!isRecord(l) || typeof l.class_name !== 'string' || !MODEL_CLASSES.has(l.class_name)) continue;
    const name = isRecord(l.config) && typeof l.config.name === 'string' ? l.config.name : l.name;
    if (typeof name !== 'string') continue;
    const inner = new Set<string>();
    for (const e of layerEntries(l)) inner.add(e.name);
    for (const names of nestedLayerNames(l).values()) for (const n of names) inner.add(n);
    out.set(name, inner);
  }
  return out;
}

/**
 * A legacy `.h5`: each layer's `weight_names` attribute lists its datasets, in order. A nested
 * model's group holds all its layers' weights (`sequential` → `conv1d/kernel:0`, `dense/bias:0`):
 * each goes to the inner layer its name starts with, as the document's block nodes are named.
 */
function h5Weights(h5: H5Contents, root: string, nested: ReadonlyMap<string, ReadonlySet<string>>): WeightSet {
  const out: Record<string, PlainWeight[]> = {};
  const prefix = root ? `${root}/` : '';
  for (const layer of strings(h5.attrs.get(root)?.layer_names)) {
    const names = strings(h5.attrs.get(`${prefix}${layer}`)?.weight_names);
    const inner = nested.get(layer);
    for (const w of names) {
      const d = h5.datasets.get(`${prefix}${layer}/${w}`);
      if (!d) throw new KerasFileError(`layer "${oneLine(layer, 60)}": weight "${oneLine(w, 60)}" is missing`);
      const owner = (inner && w.split('/').find((s) => inner.has(s))) ?? layer;
      const list = out[owner] ?? [];
      list.push(d);
      out[owner] = list;
    }
  }
  return out;
}

const skipTrainingState = (path: string) => /^(optimizer_weights|optimizer|metrics)(\/|$)/.test(path);

async function readH5(bytes: Uint8Array): Promise<{ model: unknown; weights: WeightSet }> {
  const h5 = await readHdf5(bytes, { skip: skipTrainingState });
  const root = h5.attrs.get('') ?? {};
  const configText = text(root.model_config);
  if (configText === undefined)
    throw new KerasFileError(
      'this .h5 file holds weights only (save_weights), no model_config: import the model (.keras, .json) instead',
    );
  const config = parseUntrustedJson(configText);
  if (!config.ok) throw new KerasFileError(`model_config: ${config.error}`);
  const training = text(root.training_config);
  const parsedTraining = training ? parseUntrustedJson(training) : undefined;
  const model = {
    ...(isRecord(config.value) ? config.value : { config: config.value }),
    keras_version: text(root.keras_version),
    backend: text(root.backend),
    ...(parsedTraining?.ok ? { training_config: parsedTraining.value } : {}),
  };
  const nested = nestedLayerNames(config.value);
  // Keras 1 "th" and Theano kernels in tfjs' layout (legacyKernels.ts).
  return {
    model,
    weights: legacyKernels(model, h5Weights(h5, h5.attrs.has('model_weights') ? 'model_weights' : '', nested)),
  };
}

async function readArchive(bytes: Uint8Array): Promise<{ model: unknown; weights: WeightSet }> {
  const { unzipSync } = await import('fflate');
  let entries = 0;
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (++entries > MAX_ENTRIES) throw new KerasFileError(`the archive has more than ${MAX_ENTRIES} entries`);
        unpacked += f.originalSize;
        if (unpacked > MAX_UNPACKED || f.originalSize > Math.max(1 << 20, f.size * MAX_RATIO))
          throw new KerasFileError(`archive entry "${oneLine(f.name, 60)}" unpacks to too much (a zip bomb?)`);
        return f.name === 'config.json' || f.name === 'metadata.json' || f.name === 'model.weights.h5';
      },
    });
  } catch (e) {
    if (e instanceof KerasFileError) throw e;
    throw new KerasFileError(
      `not a readable .keras archive (${oneLine(e instanceof Error ? e.message : String(e), 100)}); it may be truncated`,
    );
  }
  const configBytes = files['config.json'];
  if (!configBytes) throw new KerasFileError('the archive has no config.json, so it is not a Keras model');
  const config = parseUntrustedJson(new TextDecoder().decode(configBytes));
  if (!config.ok) throw new KerasFileError(`config.json: ${config.error}`);
  const meta = files['metadata.json']
    ? parseUntrustedJson(new TextDecoder().decode(files['metadata.json']))
    : undefined;
  const version = meta?.ok && isRecord(meta.value) ? text(meta.value.keras_version) : undefined;
  // The config's own version wins (Skipwire writes the Keras 2 topology); Keras 3's has none.
  const model = isRecord(config.value) ? { ...(version ? { keras_version: version } : {}), ...config.value } : {};
  const weightsFile = files['model.weights.h5'];
  if (!weightsFile) return { model, weights: {} };
  const h5 = await readHdf5(weightsFile, { skip: skipTrainingState });
  return { model, weights: archiveWeights(h5, config.value) };
}

/**
 * An opaque layer (Lambda, a custom class) at the top level whose weights the file holds: its
 * `weights` param takes their shapes (named `weight_0`, … in file order, which is how Keras loads
 * a custom layer's weights), so it counts them and the exports write them back.
 */
function withOpaqueWeights(doc: SkipwireDoc, found: WeightSet): SkipwireDoc {
  const nodes = doc.nodes.map((n) => {
    const ws = n.type === 'opaque' ? found[n.name] : undefined;
    if (!ws?.length || (Array.isArray(n.params.weights) && n.params.weights.length)) return n;
    const weights = ws.map((w, i) => ({ name: `weight_${i}`, shape: [...w.shape] }));
    return { ...n, params: { ...n.params, weights } };
  });
  return { ...doc, nodes };
}

const values = (ws: readonly PlainWeight[]) => ws.reduce((n, w) => n + w.values.length, 0);

/** Reads a `.keras` or `.h5` file into a document and its weights (by layer path). Never throws. */
export async function importKerasFile(
  kind: 'keras' | 'h5',
  bytes: Uint8Array,
  context: ImportContext,
): Promise<FileImport> {
  const max = context.maxBytes ?? MAX_MODEL_BYTES;
  if (bytes.byteLength > max)
    return {
      ok: false,
      error: `file too large (${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is ${(max / 1048576).toFixed(0)} MB)`,
    };
  let read: { model: unknown; weights: WeightSet };
  try {
    read = kind === 'keras' ? await readArchive(bytes) : await readH5(bytes);
  } catch (e) {
    if (e instanceof KerasFileError || e instanceof Hdf5Error) return { ok: false, error: e.message };
    return {
      ok: false,
      error: `cannot read the ${kind === 'keras' ? '.keras' : '.h5'} file: ${oneLine(String(e), 200)}`,
    };
  }
  const json = JSON.stringify(read.model);
  const r =
    context.layout === 'layered'
      ? importModelText(json)
      : await importModel(json, context.elk ? { layout: context.elk } : {});
  if (!r.ok) return r;
  const warnings = [...r.warnings];
  // Every layer's weights must fit it: the same number of values as its parameter count.
  const weights: Record<string, readonly PlainWeight[]> = {};
  const doc = withOpaqueWeights(r.doc, read.weights);
  const paths = byPath(doc, read.weights);
  const layers = analyze(doc).layers;
  const names = new Set(layers.map((l) => l.name));
  for (const l of layers) {
    const w = paths[l.path];
    const need = l.count.trainable + l.count.nonTrainable;
    if (!w) {
      if (need && Object.keys(read.weights).length)
        warnings.push(`layer "${l.name}" has no weights in the file: it starts from fresh weights`);
      continue;
    }
    if (values(w) !== need) {
      warnings.push(
        `layer "${l.name}": the file's weights hold ${values(w).toLocaleString('en-US')} values but the layer has ${need.toLocaleString('en-US')} params; it starts from fresh weights`,
      );
      continue;
    }
    weights[l.path] = w;
  }
  // Layers the analysis does not reach yet (after an opaque layer whose output shape is to be
  // entered) keep the file's weights unchecked: they land once they fit (`applyWeights`).
  const analysed = new Set(layers.map((l) => l.path));
  for (const [path, w] of Object.entries(paths)) if (!analysed.has(path)) weights[path] = w;
  const inDoc = new Set(doc.nodes.map((n) => n.name));
  // The layers of nested models (blocks) take their weights by node id, the last part of their path.
  for (const p of Object.keys(paths)) inDoc.add(p.slice(p.lastIndexOf('/') + 1));
  const stray = Object.keys(read.weights).filter((n) => !names.has(n) && !inDoc.has(n));
  if (stray.length)
    warnings.push(
      `weights of ${stray
        .slice(0, 3)
        .map((n) => `"${oneLine(n, 60)}"`)
        .join(', ')}${stray.length > 3 ? ` and ${stray.length - 3} more` : ''}, not layers of the model, were left out`,
    );
  const formatLabel = `${FORMAT_LABELS[r.format].replace(/ JSON$/, '')} ${kind === 'keras' ? '.keras' : '.h5'} file`;
  return { ok: true, doc, format: r.format, formatLabel, warnings, weights };
}
