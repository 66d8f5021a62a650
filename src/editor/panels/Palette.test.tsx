// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LAYERS } from '../../nodes';
import { DRAG_MIME } from '../model/placement';
import { apesnet } from '../test/factories.testkit';
import { renderWith } from '../test/render.testkit';
import { Palette } from './Palette';

afterEach(cleanup);

const entries = () => [...document.querySelectorAll<HTMLElement>('[data-layer-type]')].map((e) => e.dataset.layerType);
const groups = () => [...document.querySelectorAll('.sw-palette-group h3')].map((h) => h.textContent);
const search = () => screen.getByRole('searchbox', { name: 'Search layers' });

describe('Palette', () => {
  it('lists every layer type, grouped by category, then the blocks', () => {
    renderWith(apesnet(), <Palette />);
    expect(entries()).toHaveLength(LAYERS.length);
    expect(new Set(entries())).toEqual(new Set(LAYERS.map((d) => d.type)));
    // each category's entries sit together under its heading
    const reshaping = [...document.querySelectorAll<HTMLElement>('section[aria-label="Reshaping"] [data-layer-type]')];
    expect(reshaping.map((e) => e.dataset.layerType)).toEqual(
      LAYERS.filter((d) => d.category === 'reshape').map((d) => d.type),
    );
    expect(groups()[0]).toBe('Input');
    expect(groups()).toContain('Convolution');
    expect(groups().at(-1)).toBe('Blocks');
    expect(document.querySelector('[data-block-id="apes_block"]')?.textContent).toContain('ApesBlock');
  });

  it('filters by name, type id and docs, and hides empty groups', () => {
    renderWith(apesnet(), <Palette />);
    fireEvent.change(search(), { target: { value: 'dense' } });
    expect(entries()).toContain('dense');
    expect(entries()).not.toContain('conv2d');
    expect(groups()).not.toContain('Pooling');
    fireEvent.change(search(), { target: { value: 'residual' } });
    expect(entries()).toEqual(['add']); // found through its docs
    fireEvent.change(search(), { target: { value: 'apes' } });
    expect(entries()).toEqual([]);
    expect(groups()).toEqual(['Blocks']);
    fireEvent.change(search(), { target: { value: 'qwxyz' } });
    expect(screen.getByText('No layer matches "qwxyz".')).toBeTruthy();
  });

  it('shows the docs of the entry under the pointer', () => {
    renderWith(apesnet(), <Palette />);
    const conv = document.querySelector('[data-layer-type="conv2d"]') as HTMLElement;
    fireEvent.mouseEnter(conv);
    const doc = document.querySelector('.sw-palette-doc') as HTMLElement;
    expect(doc.textContent).toContain('2-D convolution over height × width');
    expect(conv.getAttribute('title')).toContain('2-D convolution');
  });

  it('renders `code` in the docs as code, with no raw backticks (tooltip included)', () => {
    renderWith(apesnet(), <Palette />);
    const input = document.querySelector('[data-layer-type="input"]') as HTMLElement;
    expect(LAYERS.find((d) => d.type === 'input')?.docs).toContain('`');
    fireEvent.mouseEnter(input);
    const doc = document.querySelector('.sw-palette-doc') as HTMLElement;
    expect(doc.textContent).not.toContain('`');
    expect(doc.querySelector('code')?.textContent).toMatch(/^Input\(shape=/);
    expect(input.getAttribute('title')).not.toContain('`');
  });

  it('inserts with Enter below the selected node, wired from it; Enter in the search box inserts the first match', () => {
    const { store } = renderWith(apesnet(), <Palette />, { selection: ['softmax'] });
    const entry = document.querySelector('[data-layer-type="dropout"]') as HTMLElement;
    act(() => {
      fireEvent.keyDown(entry, { key: 'Enter' });
    });
    const doc = store.getState().doc;
    const added = doc.nodes.find((n) => n.id === 'dropout_1');
    const softmax = doc.nodes.find((n) => n.id === 'softmax');
    expect(added?.params).toEqual({ rate: 0.5 });
    expect(added?.position.y).toBeGreaterThan(softmax?.position.y ?? 0);
    expect(doc.edges.some((e) => e.source === 'softmax' && e.target === 'dropout_1')).toBe(true);
    expect(store.getState().selection).toEqual(['dropout_1']);

    fireEvent.change(search(), { target: { value: 'flatten' } });
    act(() => {
      fireEvent.keyDown(search(), { key: 'Enter' });
    });
    expect(store.getState().doc.nodes.some((n) => n.type === 'flatten')).toBe(true);
    expect(store.temporal.getState().pastStates).toHaveLength(2);
  });

  it('double-click inserts; dragging carries the layer type', () => {
    const { store } = renderWith(apesnet(), <Palette />);
    fireEvent.doubleClick(document.querySelector('[data-layer-type="conv2d"]') as HTMLElement);
    expect(
      store
        .getState()
        .doc.nodes.filter((n) => n.type === 'conv2d')
        .map((n) => n.id),
    ).toContain('conv2d_1');
    const data = new Map<string, string>();
    const dataTransfer = { setData: (k: string, v: string) => data.set(k, v), effectAllowed: '' };
    fireEvent.dragStart(document.querySelector('[data-block-id="apes_block"]') as HTMLElement, { dataTransfer });
    expect(data.get(DRAG_MIME)).toBe('block:apes_block');
  });

  it('deletes a block definition that no instance uses', () => {
    const { store } = renderWith(apesnet(), <Palette />);
    expect(screen.queryByRole('button', { name: /Delete the unused block/ })).toBeNull();
    act(() => {
      store.getState().apply(['apes_block1', 'apes_block2'].map((instance) => ({ op: 'ungroup', instance }) as const));
    });
    act(() => screen.getByRole('button', { name: 'Delete the unused block ApesBlock' }).click());
    expect(store.getState().doc.blocks).toEqual([]);
    expect(document.querySelector('[data-block-id]')).toBeNull();
  });

  it('inside a block, refuses the Input layer and the block itself', () => {
    const { store } = renderWith(apesnet(), <Palette />, { scopePath: ['apes_block'] });
    const input = document.querySelector('[data-layer-type="input"]') as HTMLElement;
    const self = document.querySelector('[data-block-id="apes_block"]') as HTMLElement;
    expect(input.getAttribute('aria-disabled')).toBe('true');
    expect(self.getAttribute('aria-disabled')).toBe('true');
    const before = store.getState().doc;
    fireEvent.doubleClick(self);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().notices.at(-1)?.text).toBe('A block cannot contain itself.');
    expect(within(document.body).queryByText('Input')).toBeTruthy();
  });
});
