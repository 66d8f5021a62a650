/**
 * Weight names as files write them → the weights of a compiled model. One rule for the editor and
 * the CLI:
 *
 * - a file's names are made canonical first: TensorFlow's `:0` suffix goes, and the cell scope
 *   Keras 3 and the tfjs converter put in recurrent weights (`lstm_2/lstm_cell/kernel`,
 *   `gru/gru_cell/bias`, `bidirectional/forward_lstm/lstm_cell/kernel`) is dropped, as tfjs
 *   names them (`lstm_2/kernel`);
 * - a compiled weight (`originalName` such as `seq_1_model_Conv1/kernel`, of the layer at path
 *   `seq_1/model/Conv1`) is looked up by its own name, then by the node id of its layer (the last
 *   path segment, which the importer sets to the layer's name in the file) and its weight suffix:
 *   the layers of a nested model imported as a block find their weights (`Conv1/kernel`).
 */

const CELL_SCOPE = /\/(?:lstm|gru|simple_rnn)_cell(?:_\d+)?(?=\/)/g;

/** A weight name from a file, as tfjs names the same weight. */
export function canonicalWeightName(name: string): string {
  return name.replace(/:\d+$/, '').replace(CELL_SCOPE, '');
}

/**
 * The names, best first, under which a file may hold the compiled weight `originalName` of the
 * layer at `path` (see the module comment).
 */
export function weightNameCandidates(path: string, originalName: string): string[] {
  const out = [originalName];
  const slash = originalName.indexOf('/');
  const id = path.slice(path.lastIndexOf('/') + 1);
  if (slash > 0 && id) {
    const byId = `${id}/${originalName.slice(slash + 1)}`;
    if (byId !== originalName) out.push(byId);
  }
  return out;
}

/** Looks a compiled weight up in weights keyed by canonical file names (see `canonicalWeightName`). */
export function findWeight<T>(named: ReadonlyMap<string, T>, path: string, originalName: string): T | undefined {
  for (const n of weightNameCandidates(path, originalName)) {
    const w = named.get(n);
    if (w !== undefined) return w;
  }
  return undefined;
}
