/**
 * The editor store, built from slices. Only the document has undo history (zundo `temporal`,
 * `partialize` to `{ doc }`, a new step only when the document object changes), so selection,
 * viewport and panels never clutter undo.
 */
import { type TemporalState, temporal } from 'zundo';
import { createStore, type StateCreator, type StoreApi } from 'zustand/vanilla';
import type { SkipwireDoc } from '../../compile';
import { applyEdits, type EditOp } from '../../compile';
import { newModelId } from '../persist/ids';
import type { DocSlice, EditorState, PersistSlice, SavedUi, UiSlice } from './types';

type History = StoreApi<TemporalState<Pick<EditorState, 'doc'>>>;
type Creator<T> = StateCreator<EditorState, [['temporal', unknown]], [], T>;
/** The undo history zundo attaches to the store (typed here; zundo's mutator leaves it `unknown`). */
const historyOf = (api: unknown): History => (api as { temporal: History }).temporal;

/** Keeps the UI pointing at things that exist after the document changed under it (undo, open). */
function reconcile(s: EditorState, doc: SkipwireDoc): Partial<EditorState> {
  const path: string[] = [];
  for (const id of s.scopePath) {
    if (!doc.blocks.some((b) => b.id === id)) break;
    path.push(id);
  }
  return path.length === s.scopePath.length ? { drag: undefined } : { scopePath: path, selection: [], drag: undefined };
}

const docSlice =
  (initial: SkipwireDoc): Creator<DocSlice> =>
  (set, get, api) => ({
    doc: initial,
    apply(ops, base) {
      const list: readonly EditOp[] = Array.isArray(ops) ? ops : [ops as EditOp];
      const before = get().doc;
      const r = applyEdits(base ?? before, list);
      if (r.error) {
        get().notify(r.error, 'error');
        return false;
      }
      if (r.doc !== before) set({ doc: r.doc });
      return true;
    },
    replaceDoc(doc) {
      set({
        doc,
        selection: [],
        selectedEdges: [],
        scopePath: [],
        viewports: {},
        drag: undefined,
        docSeq: get().docSeq + 1,
      });
    },
    undo() {
      historyOf(api).getState().undo();
      set(reconcile(get(), get().doc));
    },
    redo() {
      historyOf(api).getState().redo();
      set(reconcile(get(), get().doc));
    },
  });

let noticeSeq = 0;

const uiSlice =
  (saved: Partial<SavedUi>): Creator<UiSlice> =>
  (set, get) => ({
    selection: saved.selection ?? [],
    scopePath: saved.scopePath ?? [],
    viewports: saved.viewports ?? {},
    docSeq: 0,
    selectedEdges: [],
    drag: undefined,
    focus: undefined,
    notices: [],
    dialog: undefined,
    panel: 'inspector',
    select(nodes, edges = []) {
      const s = get();
      if (sameList(s.selection, nodes) && sameList(s.selectedEdges, edges)) return;
      set({ selection: nodes, selectedEdges: edges });
    },
    enterBlock(blockId) {
      if (!get().doc.blocks.some((b) => b.id === blockId)) return;
      set({ scopePath: [...get().scopePath, blockId], selection: [], selectedEdges: [], drag: undefined });
    },
    exitTo(depth) {
      const path = get().scopePath;
      if (depth >= path.length) return;
      // Coming back out, select the instance that was opened so the user sees where they were.
      const opened = path[depth];
      const graph = depth === 0 ? get().doc : get().doc.blocks.find((b) => b.id === path[depth - 1]);
      const instance = graph?.nodes.find((n) => n.block === opened);
      set({
        scopePath: path.slice(0, depth),
        selection: instance ? [instance.id] : [],
        selectedEdges: [],
        drag: undefined,
      });
    },
    setViewport(scope, viewport) {
      const old = get().viewports[scope];
      if (old && old.x === viewport.x && old.y === viewport.y && old.zoom === viewport.zoom) return;
      set({ viewports: { ...get().viewports, [scope]: viewport } });
    },
    setDrag(drag) {
      set({ drag });
    },
    focusNode(id, scopePath) {
      const path = scopePath ?? get().scopePath;
      const seq = (get().focus?.seq ?? 0) + 1;
      set({ scopePath: path, selection: [id], selectedEdges: [], focus: { id, seq } });
    },
    clearFocus() {
      if (get().focus !== undefined) set({ focus: undefined });
    },
    notify(text, kind = 'info', sticky = false) {
      const id = ++noticeSeq;
      set({ notices: [...get().notices.slice(-3), { id, kind, text, ...(sticky ? { sticky } : {}) }] });
    },
    dismiss(id) {
      set({ notices: get().notices.filter((n) => n.id !== id) });
    },
    openDialog(dialog) {
      set({ dialog });
    },
    showPanel(panel) {
      set({ panel });
    },
  });

const persistSlice =
  (modelId: string): Creator<PersistSlice> =>
  (set, get) => ({
    modelId,
    saveState: 'saved',
    saveError: undefined,
    conflict: undefined,
    setSaveState(saveState, error) {
      set({ saveState, saveError: error });
    },
    setConflict(conflict) {
      set({ conflict });
    },
    resolveConflict(choice) {
      const c = get().conflict;
      if (!c) return;
      if (choice === 'theirs') set({ conflict: undefined, doc: c.theirs, ...reconcile(get(), c.theirs) });
      else set({ conflict: undefined, modelId: newModelId() });
    },
    receiveDoc(doc) {
      if (doc !== get().doc) set({ doc, ...reconcile(get(), doc) });
    },
  });

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Creates an editor store for `doc` (model `modelId`), restoring saved UI state when given. */
export function createEditorStore(doc: SkipwireDoc, saved: Partial<SavedUi> = {}, modelId = newModelId()) {
  return createStore<EditorState>()(
    temporal(
      (...a) => ({
        ...docSlice(doc)(...a),
        ...uiSlice(saved)(...a),
        ...persistSlice(modelId)(...a),
      }),
      {
        partialize: (s): Pick<EditorState, 'doc'> => ({ doc: s.doc }),
        equality: (a, b) => a.doc === b.doc,
        limit: 300,
      },
    ),
  );
}

export type EditorStore = ReturnType<typeof createEditorStore>;
