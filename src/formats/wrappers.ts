/**
 * Keras' layer wrappers in files: a `Bidirectional` or `TimeDistributed` layer
 * (`{"class_name": "Bidirectional", "config": {"layer": {…LSTM…}, "merge_mode": "concat"}}`)
 * becomes the wrapped layer with the catalogue's `wrapper` / `mergeMode` params (see
 * src/nodes/wrapper.ts); exports write the wrapper back (tfjs writes the JSON, the Python export
 * `layers.Bidirectional(layers.LSTM(…), merge_mode=…)`).
 *
 * Keras 3 writes the backward layer too (`backward_layer`: the same layer with
 * `go_backwards: true`); one that differs from the forward layer in anything else is refused.
 */
import { getLayer, getLayerByKerasClass, type MergeMode, WRAPPER_CLASSES, wrapperOf } from '../nodes';
import { isLegacyLayer, upgradeLegacyLayer } from './keras1';
import type { RawLayer, RawModel } from './kerasModel';
import { readKerasParams } from './kerasTable';
import { oneLine, quote } from './safeJson';
import { isRecord, sameValue } from './values';

export type Unwrapped =
  | { readonly ok: true; readonly model: RawModel; readonly wrappers: ReadonlyMap<string, Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

const CLASSES = new Set(Object.values(WRAPPER_CLASSES));
const MERGE: Readonly<Record<string, MergeMode>> = { concat: 'concat', sum: 'sum', mul: 'mul', ave: 'ave' };

/** `{class_name, config}` of a wrapped layer (Keras 1 configs upgraded), or undefined when malformed. */
function innerOf(v: unknown): { className: string; config: Record<string, unknown> } | undefined {
  if (!isRecord(v) || typeof v.class_name !== 'string' || !isRecord(v.config)) return undefined;
  const { class_name: className, config } = v;
  return isLegacyLayer(className, config) ? upgradeLegacyLayer(className, config) : { className, config };
}

/** One wrapper layer → the wrapped layer under the wrapper's name, and its wrapper params; or why not. */
function unwrap(l: RawLayer): { layer: RawLayer; params: Record<string, unknown> } | string {
  const wrapper = l.className;
  const where = `layer ${quote(l.name)} (${wrapper})`;
  const inner = innerOf(l.config.layer);
  if (!inner) return `${where} has no wrapped layer ("layer" with a class_name and a config)`;
  const def = getLayerByKerasClass(inner.className);
  const kind = wrapper === 'Bidirectional' ? 'bidirectional' : 'timeDistributed';
  if (!def || !(def.params.wrapper as { options?: readonly string[] } | undefined)?.options?.includes(kind))
    return `${where} wraps ${oneLine(inner.className, 60)}, which ${
      def ? `cannot be wrapped in ${wrapper}` : 'is not a supported layer'
    }${kind === 'bidirectional' ? '; Bidirectional wraps LSTM, GRU or SimpleRNN' : ''}`;
  const params: Record<string, unknown> = { wrapper: kind };
  if (kind === 'bidirectional') {
    const mode = Object.hasOwn(l.config, 'merge_mode') ? l.config.merge_mode : 'concat'; // Keras' default
    const merge = typeof mode === 'string' ? MERGE[mode] : undefined;
    if (!merge)
      return `${where}: merge_mode ${JSON.stringify(mode) ?? String(mode)} is not supported (${
        mode === null ? 'None gives two outputs; ' : ''
      }use "concat", "sum", "mul" or "ave")`;
    params.mergeMode = merge;
    const back = innerOf(l.config.backward_layer);
    if (l.config.backward_layer != null) {
      const forward = readKerasParams(def.type, inner.config);
      const { go_backwards: _b, ...backConfig } = back?.config ?? {};
      const backward = back && back.className === inner.className ? readKerasParams(def.type, backConfig) : undefined;
      const same =
        forward.ok &&
        backward?.ok &&
        Object.keys(def.params).every((k) => k === 'goBackwards' || sameValue(forward.params[k], backward.params[k]));
      if (!same || back?.config.go_backwards !== true)
        return `${where}: its backward_layer differs from its forward layer; only a backward layer that is the forward one run backwards is supported`;
    }
  }
  // The wrapper's name and trainable flag are the node's; the rest of the config is the wrapped layer's.
  const config: Record<string, unknown> = { ...inner.config, name: l.name };
  if (Object.hasOwn(l.config, 'trainable')) config.trainable = l.config.trainable;
  else delete config.trainable;
  return { layer: { ...l, className: def.kerasClass, config }, params };
}

/** Every wrapper layer of `model` (not of the models nested in it) unwrapped, with its wrapper params by name. */
export function unwrapLayers(model: RawModel): Unwrapped {
  if (!model.layers.some((l) => CLASSES.has(l.className))) return { ok: true, model, wrappers: new Map() };
  const wrappers = new Map<string, Record<string, unknown>>();
  const layers: RawLayer[] = [];
  for (const l of model.layers) {
    if (!CLASSES.has(l.className) || l.model) {
      layers.push(l);
      continue;
    }
    const r = unwrap(l);
    if (typeof r === 'string') return { ok: false, error: r };
    layers.push(r.layer);
    wrappers.set(l.name, r.params);
  }
  return { ok: true, model: { ...model, layers }, wrappers };
}

/** The Keras class a node exports as: `Bidirectional` for a wrapped LSTM, else the layer's own. */
export function exportedClass(type: string, params: Readonly<Record<string, unknown>>): string | undefined {
  const def = getLayer(type);
  if (!def) return undefined;
  const { kind } = wrapperOf(params);
  return kind === 'none' ? def.kerasClass : WRAPPER_CLASSES[kind];
}

/** A layer's outputs: a recurrent layer with return_state adds its states (twice in Bidirectional). */
export function outputsOf(l: RawLayer, wrappers: ReadonlyMap<string, Record<string, unknown>>): number {
  if (l.config.return_state !== true) return 1;
  const states = l.className === 'LSTM' ? 2 : l.className === 'GRU' || l.className === 'SimpleRNN' ? 1 : 0;
  return 1 + states * (wrappers.get(l.name)?.wrapper === 'bidirectional' ? 2 : 1);
}
