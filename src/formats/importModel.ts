/**
 * Import entry points: the text of a tfjs `model.json`, a Keras 2 / Keras 3 `to_json()` (or a
 * `.keras` archive's `config.json`) or a Keras 1 JSON → a Skipwire document, laid out top to
 * bottom. Every failure is one line naming the layer at fault; nothing here throws, evaluates
 * code or hangs on hostile input.
 *
 * @example
 * const r = await importModel(text); // elkjs layout, lazily loaded
 * if (r.ok) editor.open(r.doc); else showError(r.error);
 */
import type { SkipwireDoc } from '../compile';
import { parseDocumentValue } from '../compile';
import { convertModel } from './importer';
import {
  type KerasModelJson,
  kerasTopSchema,
  layerListSchema,
  type ModelFormat,
  modelConfigSchema,
  normalizeKeras,
  tfjsModelSchema,
  type WeightsManifest,
} from './kerasModel';
import { type LayoutOptions, layoutDocument, layoutLayered } from './layout';
import { MAX_MODEL_BYTES, oneLine, parseUntrustedJson } from './safeJson';
import { isRecord } from './values';

export interface ImportOptions {
  /** Size limit of the text, in bytes (UTF-16 code units); the default is 50 MB. */
  readonly maxBytes?: number;
  /** For the elkjs layout of `importModel` (node sizes, an elkjs instance, wrapping). */
  readonly layout?: LayoutOptions;
}

export type ImportResult =
  | {
      readonly ok: true;
      readonly doc: SkipwireDoc;
      readonly format: ModelFormat;
      /** Things that were dropped or changed on the way (frozen layers, regularizers, …). */
      readonly warnings: readonly string[];
      /** tfjs only: the weights manifest, to load the shards with `decodeTfjsWeights`. */
      readonly weightsManifest?: WeightsManifest;
    }
  | { readonly ok: false; readonly error: string };

type Detected =
  | { kind: 'skipwire' }
  | { kind: 'model'; format: ModelFormat; keras: KerasModelJson; manifest?: WeightsManifest }
  | { kind: 'error'; error: string };

function zodError(prefix: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const first = issues[0];
  const where = (first?.path ?? [])
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`))
    .join('');
  return `${prefix}: ${where ? `${where}: ` : ''}${oneLine(first?.message ?? 'invalid')}`;
}

/** Keras 3 writes `module` / `registered_name` on every object and dict inbound nodes. */
function isKeras3(json: KerasModelJson): boolean {
  if (json.module) return true;
  const layers = Array.isArray(json.config) ? json.config : json.config.layers;
  return layers.some((l) => isRecord(l.inbound_nodes?.[0]) || (l as Record<string, unknown>).module !== undefined);
}

function kerasOf(value: unknown, tfjs: boolean): Detected {
  const top = kerasTopSchema.safeParse(value);
  if (!top.success) return { kind: 'error', error: zodError('not a Keras model', top.error.issues) };
  const config = top.data.config;
  const c = Array.isArray(config) ? layerListSchema.safeParse(config) : modelConfigSchema.safeParse(config);
  if (!c.success)
    return {
      kind: 'error',
      error: zodError(
        'not a Keras model',
        c.error.issues.map((i) => ({ ...i, path: ['config', ...i.path] })),
      ),
    };
  const json: KerasModelJson = { ...top.data, config: c.data };
  const raw = value as Record<string, unknown>;
  const layers = Array.isArray(json.config) ? json.config : json.config.layers;
  const rawLayers = (
    Array.isArray(raw.config) ? raw.config : (raw.config as Record<string, unknown>).layers
  ) as unknown[];
  // The schema strips unknown keys; Keras 3 detection needs `module` on the layer entries.
  layers.forEach((l, i) => {
    const m = (rawLayers[i] as Record<string, unknown>).module;
    if (m !== undefined) (l as Record<string, unknown>).module = m;
  });
  const version = json.keras_version ?? '';
  const format: ModelFormat =
    tfjs || version.startsWith('tfjs')
      ? 'tfjs'
      : version.startsWith('1.')
        ? 'keras1'
        : isKeras3(json) || version.startsWith('3.')
          ? 'keras3'
          : 'keras2';
  return { kind: 'model', format, keras: json };
}

/** What a parsed JSON value is: a Skipwire document, a model (and which format), or neither. */
function detect(value: unknown): Detected {
  if (!isRecord(value)) return { kind: 'error', error: 'not a model file: expected a JSON object' };
  if (value.format === 'skipwire') return { kind: 'skipwire' };
  if (value.format === 'graph-model')
    return {
      kind: 'error',
      error: 'a tfjs graph model has no layers to import; only tfjs layers models are supported',
    };
  if (value.format === 'layers-model' || 'modelTopology' in value) {
    const r = tfjsModelSchema.safeParse(value);
    if (!r.success) return { kind: 'error', error: zodError('not a tfjs model', r.error.issues) };
    let topology = r.data.modelTopology;
    if (isRecord(topology) && isRecord(topology.model_config)) {
      const { model_config, training_config, keras_version } = topology;
      topology = { ...model_config, training_config, keras_version };
    }
    if (!isRecord(topology)) return { kind: 'error', error: 'not a tfjs model: modelTopology is missing' };
    const k = kerasOf(topology, true);
    return k.kind === 'model' && r.data.weightsManifest ? { ...k, manifest: r.data.weightsManifest } : k;
  }
  if ('class_name' in value && 'config' in value) return kerasOf(value, false);
  return {
    kind: 'error',
    error: 'not a model file: expected a tfjs model.json, a Keras to_json() or config.json, or a Skipwire document',
  };
}

/**
 * tfjs 4.22 saves SeparableConv2D without its `depth_multiplier`; the weights manifest still has
 * it, as the last dimension of the layer's depthwise kernel.
 */
function depthMultipliersFromManifest(keras: KerasModelJson, manifest: WeightsManifest): void {
  const layers = Array.isArray(keras.config) ? keras.config : keras.config.layers;
  const specs = new Map(manifest.flatMap((g) => g.weights).map((w) => [w.name, w.shape]));
  for (const l of layers) {
    if (l.class_name !== 'SeparableConv2D' || !l.config || Object.hasOwn(l.config, 'depth_multiplier')) continue;
    const name = l.name ?? l.config.name;
    const shape = typeof name === 'string' ? specs.get(`${name}/depthwise_kernel`) : undefined;
    if (shape?.length === 4) l.config.depth_multiplier = shape[3];
  }
}

/** Imports an already-parsed JSON value (cleaned by `parseUntrustedJson`) without laying it out. */
function importValue(value: unknown): ImportResult {
  const d = detect(value);
  if (d.kind === 'error') return { ok: false, error: d.error };
  if (d.kind === 'skipwire')
    return { ok: false, error: 'this is a Skipwire document, not a Keras or tfjs model: open it directly' };
  if (d.manifest) depthMultipliersFromManifest(d.keras, d.manifest);
  const n = normalizeKeras(d.keras, d.format);
  if (!n.ok) return n;
  const c = convertModel(n.model);
  if (!c.ok) return c;
  return {
    ok: true,
    doc: c.doc,
    format: d.format,
    warnings: c.warnings,
    ...(d.manifest ? { weightsManifest: d.manifest } : {}),
  };
}

/** Imports a model file's text synchronously, with the simple layered layout. */
export function importModelText(text: string, options: ImportOptions = {}): ImportResult {
  const parsed = parseUntrustedJson(text, options.maxBytes ?? MAX_MODEL_BYTES);
  if (!parsed.ok) return parsed;
  const r = importValue(parsed.value);
  return r.ok ? { ...r, doc: layoutLayered(r.doc) } : r;
}

/** Imports a model file's text, laid out with elkjs (loaded on first use). */
export async function importModel(text: string, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parseUntrustedJson(text, options.maxBytes ?? MAX_MODEL_BYTES);
  if (!parsed.ok) return parsed;
  return laidOut(importValue(parsed.value), options.layout);
}

/**
 * An imported model laid out with elkjs; when the layout fails the model itself is fine: it is
 * kept, in rows, with a warning that says why the layout is plain.
 */
export async function laidOut(r: ImportResult, layout?: LayoutOptions): Promise<ImportResult> {
  if (!r.ok) return r;
  try {
    return { ...r, doc: await layoutDocument(r.doc, layout) };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      ...r,
      doc: layoutLayered(r.doc),
      warnings: [...r.warnings, `Automatic layout failed (${oneLine(why)}): the layers are placed in rows.`],
    };
  }
}

export type AnyDocument =
  | {
      readonly ok: true;
      readonly doc: SkipwireDoc;
      readonly format: ModelFormat | 'skipwire';
      readonly warnings: readonly string[];
      readonly weightsManifest?: WeightsManifest;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Reads a Skipwire document or any importable model file, told apart by content (for `summary`
 * and `validate`).
 */
export function parseAnyDocument(text: string, options: ImportOptions = {}): AnyDocument {
  const parsed = parseUntrustedJson(text, options.maxBytes ?? MAX_MODEL_BYTES);
  if (!parsed.ok) return parsed;
  if (isRecord(parsed.value) && parsed.value.format === 'skipwire') {
    const r = parseDocumentValue(parsed.value);
    return r.ok ? { ok: true, doc: r.doc, format: 'skipwire', warnings: [] } : r;
  }
  const r = importValue(parsed.value);
  return r.ok ? { ...r, doc: layoutLayered(r.doc) } : r;
}
