/**
 * Autosave when the page goes away: `flush()` (run on pagehide) writes pending work
 * synchronously, before its first await, to a backend that can, since an asynchronous write may
 * never land before the next page load reads storage.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { startAutosave } from './autosave';
import { loadModel, slotKey } from './models';
import { failingBackend, memoryBackend, neverBackend } from './persist.testkit';

const quiet = { post() {}, listen: () => () => {} };

describe('autosave flush on pagehide', () => {
  it('writes a pending edit synchronously, so the next load finds it', async () => {
    const store = createEditorStore(apesnet(), {}, 'm');
    const local = memoryBackend('localStorage', true);
    const autosave = startAutosave(store, [neverBackend, local], { delayMs: 10_000, channel: quiet });
    store.getState().apply({ op: 'rename', node: 'input', name: 'image' });
    void autosave.flush(); // not awaited: the page is gone before any promise settles
    expect(
      (local.data.get(slotKey('m')) as { doc: ReturnType<typeof apesnet> }).doc.nodes.find((n) => n.id === 'input')
        ?.name,
    ).toBe('image');
    expect((await loadModel([neverBackend, local], 'm')).snapshot?.doc).toEqual(store.getState().doc);
  });

  it('also covers an edit whose asynchronous write has started but not finished', async () => {
    vi.useFakeTimers();
    try {
      const store = createEditorStore(apesnet(), {}, 'm');
      const local = memoryBackend('localStorage', true);
      const autosave = startAutosave(store, [neverBackend, local], { delayMs: 300, channel: quiet });
      store.getState().apply({ op: 'setModelName', name: 'net' });
      vi.advanceTimersByTime(300); // the debounce starts the write that never lands
      await Promise.resolve();
      expect(local.data.size).toBe(0);
      void autosave.flush();
      expect((await loadModel([local], 'm')).snapshot?.doc.name).toBe('net');
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing when all is saved, and survives a backend that refuses', async () => {
    const store = createEditorStore(apesnet());
    const local = memoryBackend('localStorage', true);
    const autosave = startAutosave(store, [local], { delayMs: 10_000, channel: quiet });
    await autosave.flush();
    expect(local.data.size).toBe(0);
    const other = startAutosave(store, [failingBackend('localStorage', 'QuotaExceededError')], {
      delayMs: 10_000,
      channel: quiet,
    });
    store.getState().apply({ op: 'setModelName', name: 'net' });
    await expect(other.flush()).resolves.toBeUndefined();
    expect(store.getState().saveState).toBe('error');
    expect(store.getState().saveError).toBe('localStorage: storage is full');
    await autosave.stop();
  });
});
