/**
 * Model outputs that wires also consume. Keras lets a model output a tensor that other layers
 * read too (deep supervision, an encoder's states returned beside the decoder's output); the sinks
 * cannot say it, so such outputs are declared in `metadata.outputs` as `<node id>` or, for a state
 * port, `<node id>:<port>` (the importer writes them; ops' `markOutput` declares plain ones). A
 * declared top-level output that a wire consumes, or a declared state port, is added after the
 * sinks.
 */
import type { SkipwireDoc } from './document';
import { NONE, type Slot } from './findings';
import type { Consumed } from './live';
import { declaredOutputs } from './ops';

/**
 * Adds the declared outputs that the sinks leave out to `outputs` (paths) and `codes` (their slot
 * codes), none twice; when it adds any, the declared ones are put in declaration order (the file's
 * order of outputs), ahead of undeclared sinks. `position[i]` is node i's place in `outs`.
 */
export function addDeclaredOutputs(
  doc: SkipwireDoc,
  position: Int32Array,
  outs: readonly Slot[],
  consumed: Consumed,
  outputs: string[],
  codes: number[],
  pathOf: (code: number) => string,
): void {
  const declared = declaredOutputs(doc);
  if (!declared.length) return;
  let added = false;
  for (const entry of declared) {
    const m = /^(.*):(\d+)$/.exec(entry);
    const [id, port] = m && !doc.nodes.some((n) => n.id === entry) ? [m[1] as string, Number(m[2])] : [entry, 0];
    // A plain sink is an output already; a declared one matters only when a wire takes it.
    if (port === 0 && !consumed(id, 0)) continue;
    const i = doc.nodes.findIndex((n) => n.id === id);
    if (i < 0 || doc.nodes[i]?.type === 'input' || (position[i] as number) < 0) continue;
    const o = outs[position[i] as number];
    const code = o === undefined ? NONE : typeof o === 'number' ? (port ? NONE : o) : (o[port] ?? NONE);
    if (code === NONE || codes.includes(code)) continue;
    codes.push(code);
    outputs.push(pathOf(code));
    added = true;
  }
  if (!added) return;
  const rank = (path: string, at: number) => {
    const d = declared.indexOf(path);
    return d < 0 ? declared.length + at : d;
  };
  const order = outputs.map((p, at) => [rank(p, at), at] as const).sort((a, b) => a[0] - b[0]);
  const [paths, slots] = [order.map(([, at]) => outputs[at] as string), order.map(([, at]) => codes[at] as number)];
  outputs.splice(0, outputs.length, ...paths);
  codes.splice(0, codes.length, ...slots);
}
