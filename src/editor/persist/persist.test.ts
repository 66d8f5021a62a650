import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { startAutosave } from './autosave';
import { loadSnapshot, readSnapshot, type Snapshot, type StorageBackend } from './storage';

function memory(name = 'memory'): StorageBackend & { value: Snapshot | undefined; saves: number } {
  const b = {
    name,
    value: undefined as Snapshot | undefined,
    saves: 0,
    async load() {
      return b.value;
    },
    async save(s: Snapshot) {
      b.saves++;
      b.value = structuredClone(s);
    },
  };
  return b;
}

function failing(name: string, errorName: string): StorageBackend {
  return {
    name,
    load: async () => undefined,
    save: async () => {
      const e = new Error('refused');
      e.name = errorName;
      throw e;
    },
  };
}

describe('autosave', () => {
  it('writes the document, selection and viewport within the delay, coalescing bursts', async () => {
    vi.useFakeTimers();
    try {
      const store = createEditorStore(apesnet());
      const m = memory();
      const autosave = startAutosave(store, [m], 300);
      store.getState().apply({ op: 'rename', node: 'input', name: 'image' });
      store.getState().select(['input']);
      store.getState().setViewport('', { x: 5, y: 6, zoom: 0.75 });
      expect(store.getState().saveState).toBe('pending');
      await vi.advanceTimersByTimeAsync(300);
      expect(m.saves).toBe(1);
      expect(store.getState().saveState).toBe('saved');
      const back = readSnapshot(m.value);
      expect(back?.doc.nodes.find((n) => n.id === 'input')?.name).toBe('image');
      expect(back?.ui).toEqual({ selection: ['input'], scopePath: [], viewports: { '': { x: 5, y: 6, zoom: 0.75 } } });
      await autosave.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the next storage, and reports when every storage refuses while editing goes on', async () => {
    const store = createEditorStore(apesnet());
    const m = memory('localStorage');
    const autosave = startAutosave(store, [failing('IndexedDB', 'SecurityError'), m], 0);
    store.getState().apply({ op: 'rename', node: 'input', name: 'a' });
    await autosave.flush();
    expect(m.saves).toBe(1);
    expect(store.getState().saveState).toBe('saved');
    await autosave.stop();

    const full = startAutosave(
      store,
      [failing('IndexedDB', 'QuotaExceededError'), failing('localStorage', 'QuotaExceededError')],
      0,
    );
    store.getState().apply({ op: 'rename', node: 'input', name: 'b' });
    await full.flush();
    expect(store.getState().saveState).toBe('error');
    expect(store.getState().saveError).toBe('IndexedDB: storage is full; localStorage: storage is full');
    expect(store.getState().apply({ op: 'rename', node: 'input', name: 'c' })).toBe(true);
    await full.stop();
  });
});

describe('loading autosave', () => {
  it('picks the newest valid snapshot and skips broken ones', async () => {
    const older = memory('a');
    const newer = memory('b');
    const broken: StorageBackend = { name: 'c', load: async () => ({ doc: { format: 'nope' } }), save: async () => {} };
    const throwing: StorageBackend = { name: 'd', load: () => Promise.reject(new Error('x')), save: async () => {} };
    const doc = apesnet();
    older.value = { doc: { ...doc, name: 'old' }, ui: { selection: [], scopePath: [], viewports: {} }, savedAt: 1 };
    newer.value = {
      doc: { ...doc, name: 'new' },
      ui: { selection: ['input'], scopePath: [], viewports: {} },
      savedAt: 2,
    };
    const s = await loadSnapshot([broken, older, throwing, newer]);
    expect(s?.doc.name).toBe('new');
    expect(s?.ui.selection).toEqual(['input']);
    expect(await loadSnapshot([broken])).toBeUndefined();
  });

  it('drops malformed UI state but keeps the document', () => {
    const s = readSnapshot({ doc: apesnet(), ui: { selection: [1, 'input'], viewports: { '': { x: 'a' } } } });
    expect(s?.ui).toEqual({ selection: ['input'], scopePath: [], viewports: {} });
  });
});
