// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { EditorApp } from '../EditorApp';
import { useEditor } from '../store/context';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { mockReactFlow } from '../test/reactFlowMocks.testkit';

beforeAll(mockReactFlow);
afterEach(cleanup);

/** A panel that throws while the model is named "boom" (a bug in some panel's rendering). */
function Fragile() {
  const name = useEditor((s) => s.doc.name);
  if (name === 'boom') throw new Error('cannot read properties of undefined (reading "shape")');
  return <p>panel for {name}</p>;
}

describe('error boundaries', () => {
  it('a panel that throws shows what happened and that the model is safe; the rest keeps working', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = createEditorStore(apesnet());
    render(<EditorApp store={store} panels={[{ id: 'fragile', title: 'Fragile', render: () => <Fragile /> }]} />);
    act(() => store.getState().showPanel('fragile'));
    await screen.findByText('panel for apesnet');
    act(() => void store.getState().apply({ op: 'setModelName', name: 'boom' }));
    const box = await screen.findByTestId('boundary');
    expect(box.textContent).toContain('The Fragile panel stopped working: cannot read properties of undefined');
    expect(box.textContent).toContain('Your model is safe');
    // The canvas, palette and toolbar are still there, and editing and undo still work.
    expect(document.querySelectorAll('.react-flow__node').length).toBe(36);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(store.getState().doc.name).toBe('apesnet');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByText('panel for apesnet');
    vi.restoreAllMocks();
  });
});
