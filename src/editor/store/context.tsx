/** React access to the editor store: a context holding the store, and selector hooks. */
import { createContext, type ReactNode, useContext } from 'react';
import { useStoreWithEqualityFn } from 'zustand/traditional';
import type { EditorStore } from './createStore';
import type { EditorState } from './types';

const StoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

/** The store itself, for event handlers that read the latest state (`getState()`) or act. */
export function useEditorStore(): EditorStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useEditorStore must be used inside <EditorStoreProvider>');
  return store;
}

/**
 * Subscribes to a slice of the state. The component re-renders only when `equality` says the
 * selected value changed (`Object.is` by default; pass `shallowArray` or a custom function).
 */
export function useEditor<T>(selector: (s: EditorState) => T, equality?: (a: T, b: T) => boolean): T {
  return useStoreWithEqualityFn(useEditorStore(), selector, equality);
}

/** Undo/redo availability, from the history store. */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  const store = useEditorStore();
  const canUndo = useStoreWithEqualityFn(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStoreWithEqualityFn(store.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}

/** Equality for arrays compared item by item. */
export function shallowArray<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => Object.is(x, b[i])));
}
