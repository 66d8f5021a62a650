// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../compile';
import { EditorApp } from './EditorApp';
import { createEditorStore } from './store/createStore';
import type { SavedUi } from './store/types';
import { apesnet, mismatchedAdd } from './test/factories.testkit';
import { mockReactFlow } from './test/reactFlowMocks.testkit';

beforeAll(mockReactFlow);
afterEach(cleanup);

function mount(doc: SkipwireDoc, saved: Partial<SavedUi> = {}) {
  const store = createEditorStore(doc, saved);
  const view = render(<EditorApp store={store} />);
  return { store, ...view };
}

const rfNode = (id: string) => document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;

describe('EditorApp (happy-dom, React Flow test mocks)', () => {
  it('draws ApesNet: one node per layer or instance, with type, key params, shape and params', async () => {
    mount(apesnet());
    await screen.findAllByText('apes_block1');
    expect(document.querySelectorAll('.react-flow__node')).toHaveLength(36);
    const conv = rfNode('conv_block1_conv');
    expect(conv.querySelector('.sw-node-type')?.textContent).toBe('Conv2D');
    expect(conv.querySelector('.sw-node-detail')?.textContent).toBe('Conv2D · 16 · 7×7 · same');
    // The settings line may clip on the card; its hover text is the whole line.
    expect(conv.querySelector('.sw-node-detail')?.getAttribute('title')).toBe('Conv2D · 16 · 7×7 · same');
    expect(conv.querySelector('.sw-node-shape')?.textContent).toBe('360×480×16');
    expect(conv.querySelector('.sw-node-params')?.textContent).toBe('2,368 params');
    const block = rfNode('apes_block1');
    expect(block.querySelector('.sw-node-type')?.textContent).toBe('ApesBlock');
    expect(block.textContent).toContain('in 45×60×64');
    expect(block.textContent).toContain('205,952 params');
    expect(document.querySelector('.sw-status [data-total-params]')?.textContent).toBe('923,556');
  });

  it('outlines a node with an error and shows its message; merge nodes offer a free port', async () => {
    mount(mismatchedAdd());
    const add = await waitForNode('add');
    expect(add.querySelector('.sw-node.has-error')).toBeTruthy();
    expect(add.querySelector('.sw-node-message')?.textContent).toMatch(/input 1 is 32×32×16, input 2 is 32×32×8/);
    const ports = [...add.querySelectorAll('.react-flow__handle.target')].map((h) => h.getAttribute('data-handleid'));
    expect(ports).toEqual(['in-0', 'in-1', 'in-2']);
  });

  it('opens a block instance on double-click, with a breadcrumb back', async () => {
    const { store } = mount(apesnet());
    const instance = await waitForNode('apes_block1');
    act(() => {
      fireEvent.doubleClick(instance);
    });
    expect(store.getState().scopePath).toEqual(['apes_block']);
    await waitForNode('conv_7x7');
    expect(document.querySelectorAll('.react-flow__node')).toHaveLength(12);
    expect(screen.getByText('Editing block definition · 2 instances follow it')).toBeTruthy();
    act(() => screen.getByRole('button', { name: '← Back' }).click());
    await waitForNode('apes_block1');
    expect(store.getState().scopePath).toEqual([]);
    expect(store.getState().selection).toEqual(['apes_block1']);
  });

  it('warns, visibly, when autosave cannot store the work', async () => {
    const { store } = mount(apesnet());
    await waitForNode('input');
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => store.getState().setSaveState('error', 'IndexedDB: storage is full; localStorage: storage is full'));
    expect(screen.getByRole('alert').textContent).toContain('Autosave failed (IndexedDB: storage is full');
    expect(document.querySelector('[data-save-state="error"]')?.textContent).toBe('Not saved');
  });

  it('runs keyboard shortcuts: Ctrl+G makes a block, Ctrl+Z undoes it, Delete deletes, ? opens help', async () => {
    const { store } = mount(apesnet(), { selection: ['conv_block1_bn', 'conv_block1_act'] });
    await waitForNode('conv_block1_bn');
    act(() => {
      fireEvent.keyDown(window, { key: 'g', ctrlKey: true });
    });
    expect(store.getState().doc.blocks).toHaveLength(2);
    await waitForNode('block1_1');
    act(() => {
      fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    });
    expect(store.getState().doc.blocks).toHaveLength(1);
    act(() => store.getState().select(['softmax']));
    act(() => {
      fireEvent.keyDown(window, { key: 'Delete' });
    });
    expect(store.getState().doc.nodes.some((n) => n.id === 'softmax')).toBe(false);
    act(() => {
      fireEvent.keyDown(window, { key: '?' });
    });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent).toContain(
      'Make a block of the selection',
    );
  });
});

async function waitForNode(id: string): Promise<HTMLElement> {
  for (let i = 0; i < 50; i++) {
    const el = rfNode(id);
    if (el) return el;
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
  throw new Error(`node ${id} never appeared`);
}
