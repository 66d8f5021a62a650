import { describe, expect, it, vi } from 'vitest';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { startAutosave } from './autosave';
import {
  deleteModel,
  LEGACY_KEY,
  listModels,
  loadModel,
  migrateLegacy,
  readSnapshot,
  saveModel,
  slotKey,
} from './models';
import { failingBackend, memoryBackend } from './persist.testkit';
import type { StorageBackend } from './storage';

const ui = { selection: [], scopePath: [], viewports: {} };
const quiet = { post() {}, listen: () => () => {} };

describe('autosave', () => {
  it("writes the document, selection and viewport to the model's slot within the delay, coalescing bursts", async () => {
    vi.useFakeTimers();
    try {
      const store = createEditorStore(apesnet(), {}, 'm1');
      const m = memoryBackend();
      const autosave = startAutosave(store, [m], { delayMs: 300, channel: quiet });
      store.getState().apply({ op: 'rename', node: 'input', name: 'image' });
      store.getState().select(['input']);
      store.getState().setViewport('', { x: 5, y: 6, zoom: 0.75 });
      expect(store.getState().saveState).toBe('pending');
      await vi.advanceTimersByTimeAsync(300);
      expect(m.writes).toBe(1);
      expect(store.getState().saveState).toBe('saved');
      const back = readSnapshot(m.data.get(slotKey('m1')));
      expect(back?.doc.nodes.find((n) => n.id === 'input')?.name).toBe('image');
      expect(back?.ui).toEqual({ selection: ['input'], scopePath: [], viewports: { '': { x: 5, y: 6, zoom: 0.75 } } });
      expect(back?.rev).toBe(1);
      await autosave.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the next storage, and reports when every storage refuses while editing goes on', async () => {
    const store = createEditorStore(apesnet());
    const m = memoryBackend('localStorage');
    const autosave = startAutosave(store, [failingBackend('IndexedDB', 'SecurityError'), m], {
      delayMs: 0,
      channel: quiet,
    });
    store.getState().apply({ op: 'rename', node: 'input', name: 'a' });
    await autosave.flush();
    expect(m.writes).toBe(1);
    expect(store.getState().saveState).toBe('saved');
    await autosave.stop();

    const full = startAutosave(
      store,
      [failingBackend('IndexedDB', 'QuotaExceededError'), failingBackend('localStorage', 'QuotaExceededError')],
      { delayMs: 0, channel: quiet },
    );
    store.getState().apply({ op: 'rename', node: 'input', name: 'b' });
    await full.flush();
    expect(store.getState().saveState).toBe('error');
    expect(store.getState().saveError).toBe('IndexedDB: storage is full; localStorage: storage is full');
    expect(store.getState().apply({ op: 'rename', node: 'input', name: 'c' })).toBe(true);
    await full.stop();
  });

  it('keeps two models apart: each tab writes only its own slot', async () => {
    const m = memoryBackend();
    const a = createEditorStore({ ...apesnet(), name: 'a' }, {}, 'ida');
    const b = createEditorStore({ ...apesnet(), name: 'b' }, {}, 'idb');
    const sa = startAutosave(a, [m], { delayMs: 0, channel: quiet });
    const sb = startAutosave(b, [m], { delayMs: 0, channel: quiet });
    await Promise.all([sa.saveNow(), sb.saveNow()]);
    a.getState().apply({ op: 'setModelName', name: 'a2' });
    await sa.saveNow();
    expect((await loadModel([m], 'idb')).snapshot?.doc.name).toBe('b');
    expect((await loadModel([m], 'ida')).snapshot?.doc.name).toBe('a2');
    expect((await listModels([m])).models.map((x) => x.id).sort()).toEqual(['ida', 'idb']);
    await Promise.all([sa.stop(), sb.stop()]);
  });
});

describe('model slots', () => {
  it('refuses a save over a later revision and hands back the other tab’s snapshot, changing nothing', async () => {
    const m = memoryBackend();
    const doc = apesnet();
    expect(await saveModel([m], 'x', { doc, ui, savedAt: 1 }, 0)).toMatchObject({ ok: true, rev: 1 });
    expect(await saveModel([m], 'x', { doc: { ...doc, name: 'theirs' }, ui, savedAt: 2 }, 1)).toMatchObject({ rev: 2 });
    const stale = await saveModel([m], 'x', { doc: { ...doc, name: 'mine' }, ui, savedAt: 3 }, 1);
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.theirs.doc.name).toBe('theirs');
    expect((await loadModel([m], 'x')).snapshot).toMatchObject({ rev: 2, doc: { name: 'theirs' } });
  });

  it('picks the newest valid snapshot across storages and names the ones that cannot be read', async () => {
    const older = memoryBackend('a');
    const newer = memoryBackend('b');
    const broken = memoryBackend('c');
    const throwing: StorageBackend = { ...memoryBackend('d'), get: () => Promise.reject(new Error('x')) };
    broken.data.set(slotKey('k'), { doc: { format: 'nope' } });
    older.data.set(slotKey('k'), { doc: { ...apesnet(), name: 'old' }, ui, savedAt: 9, rev: 1 });
    newer.data.set(slotKey('k'), {
      doc: { ...apesnet(), name: 'new' },
      ui: { ...ui, selection: ['input'] },
      savedAt: 2,
      rev: 2,
    });
    const r = await loadModel([broken, older, throwing, newer], 'k');
    expect(r.snapshot?.doc.name).toBe('new');
    expect(r.snapshot?.ui.selection).toEqual(['input']);
    expect(r.problems).toEqual(['d: x']);
    expect((await loadModel([broken], 'k')).snapshot).toBeUndefined();
  });

  it('lists models most recent first with name, layer count and size; deletes one', async () => {
    const m = memoryBackend();
    await saveModel([m], 'old', { doc: { ...apesnet(), name: 'first' }, ui, savedAt: 1 }, 0);
    await saveModel([m], 'new', { doc: { ...apesnet(), name: 'second' }, ui, savedAt: 2 }, 0);
    const { models } = await listModels([m]);
    expect(models.map((x) => x.name)).toEqual(['second', 'first']);
    expect(models[0]?.layers).toBe(apesnet().nodes.length);
    expect(models[0]?.bytes).toBeGreaterThan(1000);
    await deleteModel([m], 'old');
    expect((await listModels([m])).models.map((x) => x.id)).toEqual(['new']);
  });

  it('drops malformed UI state but keeps the document', () => {
    const s = readSnapshot({ doc: apesnet(), ui: { selection: [1, 'input'], viewports: { '': { x: 'a' } } } });
    expect(s?.ui).toEqual({ selection: ['input'], scopePath: [], viewports: {} });
  });
});

describe('migration of the single autosave slot of earlier versions', () => {
  it('moves it into a model of its own, removing the old slot only once the new one is written', async () => {
    const idb = memoryBackend('IndexedDB');
    const ls = memoryBackend('localStorage');
    const old = { doc: { ...apesnet(), name: 'my_work' }, ui: { selection: ['input'] }, savedAt: 5 };
    idb.data.set(LEGACY_KEY, old);
    ls.data.set(LEGACY_KEY, { ...old, doc: { ...old.doc, name: 'older' }, savedAt: 4 });
    const r = await migrateLegacy([idb, ls]);
    expect(r.snapshot?.doc.name).toBe('my_work');
    expect(idb.data.has(LEGACY_KEY) || ls.data.has(LEGACY_KEY)).toBe(false);
    const { models } = await listModels([idb, ls]);
    expect(models).toMatchObject([{ id: r.id, name: 'my_work' }]);
    expect((await migrateLegacy([idb, ls])).snapshot).toBeUndefined();
  });

  it('keeps the old slot when the new one cannot be written', async () => {
    const full: StorageBackend = {
      ...memoryBackend('IndexedDB'),
      update: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
    };
    const data = { doc: apesnet(), ui, savedAt: 5 };
    const withOld = { ...full, get: async (k: string) => (k === LEGACY_KEY ? data : undefined) };
    let deleted = false;
    const r = await migrateLegacy([
      {
        ...withOld,
        del: async () => {
          deleted = true;
        },
      },
    ]);
    expect(r.snapshot?.doc.name).toBe('apesnet');
    expect(r.problems.join()).toMatch(/could not be moved .*storage is full|full/);
    expect(deleted).toBe(false);
  });
});
