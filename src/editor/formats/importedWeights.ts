/**
 * The weights that came with an imported model file (by layer path), kept while
 * the user works on that model: the imported document and every edit made from it. Undoing the
 * import, or opening another document, leaves them behind, so they are never exported with a
 * model they did not come with.
 */
import type { SkipwireDoc } from '../../compile';
import type { WeightSet } from '../../formats/weights';
import type { EditorStore } from '../store/createStore';

interface Tracker {
  weights: WeightSet | undefined;
  /** The imported document and the documents edited from it. */
  lineage: WeakSet<SkipwireDoc>;
  /** Every document the store has held since tracking began (undo returns to one of these). */
  readonly seen: WeakSet<SkipwireDoc>;
}

const trackers = new WeakMap<EditorStore, Tracker>();

/** Starts following the store's documents; call before the import replaces the document. */
export function trackImports(store: EditorStore): void {
  if (trackers.has(store)) return;
  const t: Tracker = { weights: undefined, lineage: new WeakSet(), seen: new WeakSet([store.getState().doc]) };
  trackers.set(store, t);
  store.subscribe((s, prev) => {
    if (s.doc === prev.doc) return;
    // An edit (same docSeq, a document never held before) made from the imported model continues it.
    const edited = s.docSeq === prev.docSeq && !t.seen.has(s.doc) && t.lineage.has(prev.doc);
    if (edited) t.lineage.add(s.doc);
    t.seen.add(s.doc);
  });
}

/** Records the weights of the model just imported (the store's current document). */
export function keepImportedWeights(store: EditorStore, weights: WeightSet | undefined): void {
  trackImports(store);
  const t = trackers.get(store) as Tracker;
  t.weights = weights;
  t.lineage = new WeakSet([store.getState().doc]);
}

/** The imported weights, when the current document is the imported model or an edit of it. */
export function importedWeightsFor(store: EditorStore): WeightSet | undefined {
  const t = trackers.get(store);
  return t?.weights && t.lineage.has(store.getState().doc) ? t.weights : undefined;
}

/**
 * Adds weights at new paths to the imported ones (the imported layers grouped into blocks), keeping
 * the old paths for the document before the edit (Ctrl+Z goes back to it).
 */
export function addImportedWeights(store: EditorStore, more: WeightSet): void {
  const t = trackers.get(store);
  if (t?.weights) t.weights = { ...t.weights, ...more };
}
