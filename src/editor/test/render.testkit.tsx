/** Renders editor components around a store, for component tests. */
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { SkipwireDoc } from '../../compile';
import { EditorStoreProvider } from '../store/context';
import { createEditorStore, type EditorStore } from '../store/createStore';
import type { SavedUi } from '../store/types';

export function renderWith(
  doc: SkipwireDoc,
  ui: ReactNode,
  saved: Partial<SavedUi> = {},
): { store: EditorStore } & ReturnType<typeof render> {
  const store = createEditorStore(doc, saved);
  const result = render(<EditorStoreProvider store={store}>{ui}</EditorStoreProvider>);
  return { store, ...result };
}
