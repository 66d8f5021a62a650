/**
 * Autosave: every change to the document, selection, open block or viewport is written to the
 * model's own slot within a moment (debounced). When storage is full or denied the store's
 * `saveState` turns to `error` with the reason, which the editor shows; editing goes on and the
 * next change retries.
 *
 * Tabs on the same model: each save is announced on a BroadcastChannel. A tab with no edits of
 * its own since its last save takes the other tab's document at once (live sync); a tab that has
 * some would overwrite the other's work, so its save is refused (the revision check in
 * `saveModel`) and the store's `conflict` asks the user: load theirs, or keep mine as a copy.
 */
import type { SkipwireDoc } from '../../compile';
import type { EditorStore } from '../store/createStore';
import type { EditorState, SavedUi } from '../store/types';
import { loadModel, type Snapshot, saveModel, saveModelSync } from './models';
import type { StorageBackend } from './storage';
import { type SyncChannel, tabChannel } from './sync';

const watched = (s: EditorState) => [s.doc, s.selection, s.scopePath, s.viewports, s.modelId] as const;

export interface AutosaveOptions {
  readonly delayMs?: number;
  /** The revision of the model's slot this tab opened (0 for a model not saved yet). */
  readonly rev?: number;
  /** Where saves are announced to other tabs (a BroadcastChannel by default). */
  readonly channel?: SyncChannel;
}

export interface Autosave {
  /** Writes the current state now, changed or not (after opening a link or an example). */
  saveNow(): Promise<void>;
  /** Writes what is pending, first synchronously (the page is going away: `pagehide`). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts autosaving `store` to the slot of `store.modelId`. */
export function startAutosave(
  store: EditorStore,
  backends: readonly StorageBackend[],
  options: AutosaveOptions = {},
): Autosave {
  const { delayMs = 300, channel = tabChannel() } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let dirty = false;
  /** Writes started and not yet finished. */
  let writing = 0;
  /** The slot revision this tab's document is based on, and that document. */
  let baseRev = options.rev ?? 0;
  let baseDoc: SkipwireDoc | undefined = options.rev ? store.getState().doc : undefined;
  /** The other tab's revision while a conflict waits for the user's choice. */
  let theirsRev = 0;
  let quiet = false;

  const snapshot = (): Omit<Snapshot, 'rev'> => {
    const s = store.getState();
    const ui: SavedUi = { selection: s.selection, scopePath: s.scopePath, viewports: s.viewports };
    return { doc: s.doc, ui, savedAt: Date.now() };
  };

  /** Takes in another tab's snapshot without counting it as an edit of this tab. */
  const adopt = (theirs: Snapshot) => {
    quiet = true;
    store.getState().receiveDoc(theirs.doc);
    quiet = false;
    last = watched(store.getState());
    baseRev = theirs.rev;
    baseDoc = store.getState().doc;
  };

  const write = () => {
    timer = undefined;
    if (!dirty || store.getState().conflict) return running;
    dirty = false;
    const snap = snapshot();
    const id = store.getState().modelId;
    writing++;
    running = running.then(async () => {
      try {
        const r = await saveModel(backends, id, snap, baseRev);
        if (id !== store.getState().modelId) return;
        if (r.ok) {
          baseRev = r.rev;
          baseDoc = snap.doc;
          channel.post({ id, rev: r.rev });
          if (!dirty) store.getState().setSaveState('saved');
        } else if (snap.doc === baseDoc && store.getState().doc === baseDoc) {
          adopt(r.theirs); // only the view changed here: theirs is simply newer
          store.getState().setSaveState('saved');
        } else {
          theirsRev = r.theirs.rev;
          store.getState().setConflict({ theirs: r.theirs.doc, savedAt: r.theirs.savedAt });
        }
      } catch (e) {
        store.getState().setSaveState('error', e instanceof Error ? e.message : String(e));
      } finally {
        writing--;
      }
    });
    return running;
  };

  const schedule = () => {
    dirty = true;
    if (store.getState().saveState === 'saved') store.getState().setSaveState('pending');
    if (timer === undefined) timer = setTimeout(write, delayMs);
  };

  let last = watched(store.getState());
  const unsubscribe = store.subscribe((s, prev) => {
    if (prev.conflict && !s.conflict) {
      // The user chose: theirs is now this tab's document, or this tab's is a new model.
      if (s.modelId === prev.modelId) {
        baseRev = theirsRev;
        baseDoc = s.doc;
      } else {
        baseRev = 0;
        baseDoc = undefined;
      }
      last = watched(s);
      dirty = true;
      void write();
      return;
    }
    const now = watched(s);
    if (now.every((v, i) => v === last[i])) return;
    last = now;
    if (!quiet) schedule();
  });

  const unlisten = channel.listen(async (msg) => {
    if (msg.id !== store.getState().modelId || msg.rev <= baseRev) return;
    const mine = store.getState().doc !== baseDoc && baseDoc !== undefined;
    if (mine || writing > 0) {
      // This tab has edits of its own: the save finds the conflict and asks.
      dirty = true;
      if (timer !== undefined) clearTimeout(timer);
      await write();
      return;
    }
    const { snapshot: theirs } = await loadModel(backends, msg.id);
    if (theirs && theirs.rev > baseRev && store.getState().doc === (baseDoc ?? store.getState().doc)) adopt(theirs);
  });

  return {
    async saveNow() {
      dirty = true;
      if (timer !== undefined) clearTimeout(timer);
      await write();
    },
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      const s = store.getState();
      if (s.conflict) {
        // The page goes before the user chose: this tab's version is kept as a model of its own.
        saveModelSync(backends, `${s.modelId}${Date.now().toString(36)}`, snapshot(), 0);
        return;
      }
      if (dirty || writing > 0) {
        const r = saveModelSync(backends, s.modelId, snapshot(), baseRev);
        if (!r.saved && r.reasons.length) s.setSaveState('error', r.reasons.join('; '));
      }
      await write();
    },
    async stop() {
      unsubscribe();
      unlisten();
      if (timer !== undefined) clearTimeout(timer);
      await write();
    },
  };
}
