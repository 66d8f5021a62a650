/**
 * Autosave when the page goes away: `flush()` (run on pagehide) writes pending work
 * synchronously, before its first await, to a backend that can, since an asynchronous write may
 * never land before the next page load reads storage.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { startAutosave } from './autosave';
import { loadSnapshot, type Snapshot, type StorageBackend } from './storage';

/** An asynchronous backend whose writes never land (a page unloaded mid-write). */
const never: StorageBackend = { name: 'IndexedDB', load: async () => undefined, save: () => new Promise(() => {}) };

function syncBackend(fail = false) {
  const b = {
    name: 'localStorage',
    value: undefined as Snapshot | undefined,
    load: async () => b.value,
    save: async (s: Snapshot) => b.saveSync(s),
    saveSync(s: Snapshot) {
      if (fail) throw new DOMException('full', 'QuotaExceededError');
      b.value = structuredClone(s);
    },
  };
  return b;
}

describe('autosave flush on pagehide', () => {
  it('writes a pending edit synchronously, so the next load finds it', async () => {
    const store = createEditorStore(apesnet());
    const local = syncBackend();
    const autosave = startAutosave(store, [never, local], 10_000);
    store.getState().apply({ op: 'rename', node: 'input', name: 'image' });
    void autosave.flush(); // not awaited: the page is gone before any promise settles
    expect(local.value?.doc.nodes.find((n) => n.id === 'input')?.name).toBe('image');
    expect((await loadSnapshot([never, local]))?.doc).toEqual(store.getState().doc);
  });

  it('also covers an edit whose asynchronous write has started but not finished', async () => {
    vi.useFakeTimers();
    try {
      const store = createEditorStore(apesnet());
      const local = syncBackend();
      const autosave = startAutosave(store, [never, local], 300);
      store.getState().apply({ op: 'setModelName', name: 'net' });
      vi.advanceTimersByTime(300); // the debounce starts the write that never lands
      await Promise.resolve();
      expect(local.value).toBeUndefined();
      void autosave.flush();
      expect(local.value?.doc.name).toBe('net');
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing when all is saved, and survives a backend that refuses', async () => {
    const store = createEditorStore(apesnet());
    const local = syncBackend();
    const autosave = startAutosave(store, [local], 10_000);
    await autosave.flush();
    expect(local.value).toBeUndefined();
    const full = syncBackend(true);
    const other = startAutosave(store, [full], 10_000);
    store.getState().apply({ op: 'setModelName', name: 'net' });
    await expect(other.flush()).resolves.toBeUndefined();
    expect(store.getState().saveState).toBe('error');
    await autosave.stop();
  });
});
