/**
 * Shared layers on import: a layer called more than once (Keras' shared layers, a siamese
 * network's branch) becomes one node per call. The first call keeps the layer's name; call k
 * (from 1) becomes a node `<name>_call_<k + 1>` that `shares` it, and every reference to output
 * `[name, k, t]` is pointed at that node. The compiled model calls the same tfjs layer again, so
 * the weights stay one set and the exported topology has the layer with all its calls.
 */
import type { RawLayer, RawModel, RawRef } from './kerasModel';

export function splitSharedCalls(input: RawModel): RawModel {
  const model = nestedNodeIndices(input);
  if (!model.layers.some((l) => l.calls.length > 1)) return model;
  const names = new Set(model.layers.map((l) => l.name));
  /** `name\u0000k` → the node of call k. */
  const callNode = new Map<string, string>();
  const fresh = (base: string) => {
    let n = base;
    for (let i = 2; names.has(n); i++) n = `${base}_${i}`;
    names.add(n);
    return n;
  };
  for (const l of model.layers)
    for (let k = 1; k < l.calls.length; k++) callNode.set(`${l.name}\u0000${k}`, fresh(`${l.name}_call_${k + 1}`));
  const ref = (r: RawRef): RawRef => {
    if (r.node === 0) return r;
    const n = callNode.get(`${r.layer}\u0000${r.node}`);
    return n ? { layer: n, node: 0, tensor: r.tensor } : r;
  };
  const layers: RawLayer[] = [];
  for (const l of model.layers) {
    const calls = l.calls.map((c) => c.map(ref));
    layers.push({ ...l, calls: calls.slice(0, 1) });
    for (let k = 1; k < calls.length; k++) {
      // An opaque layer's output shape is the call's (Skipwire writes each where they differ).
      const output = l.shapes?.calls?.[k];
      layers.push({
        ...l,
        name: callNode.get(`${l.name}\u0000${k}`) as string,
        calls: [calls[k] as RawRef[]],
        shares: l.name,
        ...(l.shapes?.calls ? { shapes: { ...l.shapes, output } } : {}),
      });
    }
  }
  return { ...model, layers, inputs: model.inputs.map(ref), outputs: model.outputs.map(ref) };
}

/** Every ref in the model (layer calls, inputs, outputs). */
function allRefs(model: RawModel): RawRef[] {
  return [...model.layers.flatMap((l) => l.calls.flat()), ...model.inputs, ...model.outputs];
}

/**
 * A nested model built on its own inputs has a call of its own first (node 0), which the file does
 * not list: Keras (`_should_skip_first_node`) and tfjs then number the listed calls from 1. Such
 * refs are renumbered from 0, as the calls are listed.
 */
function nestedNodeIndices(model: RawModel): RawModel {
  const refs = allRefs(model);
  const shifted = new Set(
    model.layers
      .filter((l) => l.model && l.calls.length > 0 && refs.some((r) => r.layer === l.name && r.node === l.calls.length))
      .map((l) => l.name),
  );
  if (!shifted.size) return model;
  const ref = (r: RawRef): RawRef => (shifted.has(r.layer) ? { ...r, node: r.node - 1 } : r);
  return {
    ...model,
    layers: model.layers.map((l) => ({ ...l, calls: l.calls.map((c) => c.map(ref)) })),
    inputs: model.inputs.map(ref),
    outputs: model.outputs.map(ref),
  };
}
