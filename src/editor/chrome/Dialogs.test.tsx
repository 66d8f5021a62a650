// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { EditorStoreProvider } from '../store/context';
import { createEditorStore } from '../store/createStore';
import { mismatchedAdd } from '../test/factories.testkit';
import { Dialogs } from './Dialogs';

afterEach(cleanup);

/** Mounts the dialogs as `npm run dev` does: under StrictMode, which runs every effect twice. */
function mountStrict() {
  const store = createEditorStore(mismatchedAdd());
  render(
    <StrictMode>
      <EditorStoreProvider store={store}>
        <Dialogs />
      </EditorStoreProvider>
    </StrictMode>,
  );
  return store;
}

describe('Dialogs under React StrictMode (the dev server)', () => {
  for (const [kind, title] of [
    ['shortcuts', 'Keyboard shortcuts'],
    ['share', 'Share link'],
  ] as const) {
    it(`the ${title} dialog opens and stays open until the user closes it`, async () => {
      const store = mountStrict();
      act(() => store.getState().openDialog(kind));
      await act(async () => await new Promise((r) => setTimeout(r, 0)));
      const dialog = screen.getByRole('dialog', { name: title }) as HTMLDialogElement;
      expect(store.getState().dialog).toBe(kind);
      expect(dialog.open).toBe(true);
      // Escape / the browser closing it is the user closing it.
      act(() => dialog.close());
      expect(store.getState().dialog).toBeUndefined();
      expect(screen.queryByRole('dialog')).toBeNull();
    });
  }

  it('the × button closes it, and switching dialogs never closes the new one', async () => {
    const store = mountStrict();
    act(() => store.getState().openDialog('shortcuts'));
    act(() => store.getState().openDialog('share'));
    expect(store.getState().dialog).toBe('share');
    expect((screen.getByRole('dialog', { name: 'Share link' }) as HTMLDialogElement).open).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(store.getState().dialog).toBeUndefined();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
