/**
 * Output ports in the analysis (findings.ts, analyze.ts): a layer with several outputs (a recurrent
 * layer's states) hands each output on as a code of its own, and wires name a state as `path:port`.
 */
import type { FlatLayer } from './analysis';

/**
 * A layer with several outputs (a recurrent layer's states) hands output `p` of `layers[i]` on as
 * `i + p · PORT`; its slot lists one code per output.
 */
export const PORT = 2 ** 24;
/** The index into `Analyzer.layers` of a known code. */
export const layerOf = (code: number) => code % PORT;
/** How a wire names output `port` of the layer at `path` (FlatLayer.inputs): the path itself for the main output. */
export const portPath = (path: string, port: number) => (port ? `${path}:${port}` : path);
const statesIn = new WeakMap<readonly FlatLayer[], boolean>();
/** Whether any layer of a finished list has states (found once per list). */
export function anyStates(list: readonly FlatLayer[]): boolean {
  let found = statesIn.get(list);
  if (found === undefined) {
    found = list.some((l) => l.states !== undefined);
    statesIn.set(list, found);
  }
  return found;
}
