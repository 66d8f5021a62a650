/**
 * Autosave: every change to the document, selection, open block or viewport is written within
 * a second (debounced). When storage is full or denied the store's `saveState` turns to
 * `error` with the reason, which the toolbar shows; editing goes on and the next change retries.
 */
import type { EditorStore } from '../store/createStore';
import type { EditorState, SavedUi } from '../store/types';
import { type Snapshot, type StorageBackend, saveSnapshot, saveSnapshotSync } from './storage';

const watched = (s: EditorState) => [s.doc, s.selection, s.scopePath, s.viewports] as const;

/** Starts autosaving `store`; returns a function that stops it (flushing a pending save). */
export function startAutosave(
  store: EditorStore,
  backends: readonly StorageBackend[],
  delayMs = 300,
): { stop(): Promise<void>; flush(): Promise<void>; saveNow(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let dirty = false;
  /** Writes started and not yet finished. */
  let writing = 0;

  const snapshot = (): Snapshot => {
    const s = store.getState();
    const ui: SavedUi = { selection: s.selection, scopePath: s.scopePath, viewports: s.viewports };
    return { doc: s.doc, ui, savedAt: Date.now() };
  };

  const write = () => {
    timer = undefined;
    if (!dirty) return running;
    dirty = false;
    const snap = snapshot();
    writing++;
    running = running.then(async () => {
      try {
        await saveSnapshot(backends, snap);
        if (!dirty) store.getState().setSaveState('saved');
      } catch (e) {
        store.getState().setSaveState('error', e instanceof Error ? e.message : String(e));
      } finally {
        writing--;
      }
    });
    return running;
  };

  let last = watched(store.getState());
  const unsubscribe = store.subscribe((s) => {
    const now = watched(s);
    if (now.every((v, i) => v === last[i])) return;
    last = now;
    dirty = true;
    if (s.saveState === 'saved') s.setSaveState('pending');
    if (timer === undefined) timer = setTimeout(write, delayMs);
  });

  return {
    /** Writes the current state now, changed or not (after opening a link or an example). */
    async saveNow() {
      dirty = true;
      if (timer !== undefined) clearTimeout(timer);
      await write();
    },
    /**
     * Writes what is pending now. Called when the page is hidden (pagehide): an asynchronous
     * write may not land before the page goes, so unsaved work is first written synchronously
     * to a backend that can (localStorage); the newest snapshot wins on the next load.
     */
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      if (dirty || writing > 0) saveSnapshotSync(backends, snapshot());
      await write();
    },
    async stop() {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      await write();
    },
  };
}
