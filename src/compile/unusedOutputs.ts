/**
 * Unused outputs: a top-level layer whose output feeds nothing becomes an output of the model
 * (Keras `Model(outputs=[…])` takes every such layer). When the model has several, the one
 * farthest from the inputs is taken as the model's output, and every other one not declared on
 * purpose (`metadata.outputs`, the "Make it an output" fix) gets a warning at its node, saying
 * which layer is the model's output, with fixes as edit operations. Pure; no cost for a model
 * with one output.
 */
import type { FlatLayer } from './analysis';
import type { Diagnostic } from './diagnostics';
import type { SkipwireDoc } from './document';
import { declaredOutputs } from './ops';

/** Longest path (in layers) from an input to each layer; `layers` are in topological order. */
function depths(layers: readonly FlatLayer[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of layers) {
    let d = 0;
    for (const i of l.inputs) d = Math.max(d, (out.get(i) ?? 0) + 1);
    out.set(l.path, d);
  }
  return out;
}

/**
 * Warnings for the model's outputs that look unintended. `layers` are all layers in topological
 * order (failed ones need not be there), `outputs` the paths of the model's outputs.
 */
export function unusedOutputWarnings(
  doc: SkipwireDoc,
  layers: readonly FlatLayer[],
  outputs: readonly string[],
): Diagnostic[] {
  if (outputs.length < 2) return [];
  const depth = depths(layers);
  const nodeOf = (path: string) => path.split('/')[0] as string;
  let main = outputs[0] as string;
  for (const o of outputs) if ((depth.get(o) ?? -1) > (depth.get(main) ?? -1)) main = o;
  const declared = new Set(declaredOutputs(doc));
  const mainNode = doc.nodes.find((n) => n.id === nodeOf(main));
  const mainName = mainNode ? `"${mainNode.name}"` : 'another layer';
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const o of outputs) {
    const id = nodeOf(o);
    if (id === nodeOf(main) || declared.has(id) || seen.has(id)) continue;
    seen.add(id);
    const node = doc.nodes.find((n) => n.id === id);
    if (!node) continue;
    out.push({
      nodeId: id,
      severity: 'warning',
      message: `Its output is not used; the model's output is ${mainName}. Wire it to the next layer, or make it a second output of the model, or delete it.`,
      fixes: [
        { label: 'Make it an output of the model', ops: [{ op: 'markOutput', node: id, output: true }] },
        { label: `Delete "${node.name}"`, ops: [{ op: 'removeNodes', ids: [id] }] },
      ],
    });
  }
  return out;
}
