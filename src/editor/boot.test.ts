import { describe, expect, it } from 'vitest';
import { boot } from './boot';
import { encodeShareHash } from './model/share';
import { LEGACY_KEY, saveModel } from './persist/models';
import { memoryBackend } from './persist/persist.testkit';
import { apesnet } from './test/factories.testkit';

const ui = { selection: ['input'], scopePath: [], viewports: {} };
async function saved(...models: [id: string, name: string, savedAt: number][]) {
  const m = memoryBackend();
  for (const [id, name, savedAt] of models) await saveModel([m], id, { doc: { ...apesnet(), name }, ui, savedAt }, 0);
  return m;
}
const at = (s: string) => new URL(`http://localhost/${s}`);

describe('boot', () => {
  it('opens ApesNet on a first visit as a new model, the most recently edited model afterwards', async () => {
    const first = await boot(at(''), [memoryBackend()]);
    expect(first).toMatchObject({ source: 'first-visit', fromUrl: false, rev: 0 });
    expect(first.doc.name).toBe('apesnet');
    const again = await boot(at(''), [await saved(['a1', 'older', 1], ['b2', 'mine', 5])]);
    expect(again).toMatchObject({ source: 'autosave', modelId: 'b2', rev: 1, ui: { selection: ['input'] } });
    expect(again.doc.name).toBe('mine');
  });

  it('opens ?model=<id>, and says so when there is no such model', async () => {
    const store = await saved(['a1', 'older', 1], ['b2', 'mine', 5]);
    expect(await boot(at('?model=a1'), [store])).toMatchObject({ modelId: 'a1', doc: { name: 'older' } });
    const missing = await boot(at('?model=zzzz'), [store]);
    expect(missing).toMatchObject({ modelId: 'b2' });
    expect(missing.problem).toMatch(
      /There is no model "zzzz" saved in this browser; the most recent model is open instead/,
    );
  });

  it('opens the autosave of an earlier version as a model of its own', async () => {
    const m = memoryBackend();
    m.data.set(LEGACY_KEY, { doc: { ...apesnet(), name: 'before_ids' }, ui, savedAt: 3 });
    const r = await boot(at(''), [m]);
    expect(r).toMatchObject({ source: 'autosave', rev: 1, doc: { name: 'before_ids' } });
    expect(m.data.has(LEGACY_KEY)).toBe(false);
    expect(await boot(at(''), [m])).toMatchObject({ modelId: r.modelId, doc: { name: 'before_ids' } });
  });

  it('opens ?example=<name> as a new model, and says so when there is no such example', async () => {
    const store = await saved(['b2', 'mine', 5]);
    const mini = await boot(at('?example=apesnet-mini'), [store]);
    expect(mini).toMatchObject({ source: 'example', fromUrl: true, rev: 0 });
    expect(mini.modelId).not.toBe('b2');
    expect(mini.doc.name).toBe('apesnet_mini');
    const unknown = await boot(at('?example=nope'), [store]);
    expect(unknown.doc.name).toBe('mine');
    expect(unknown.problem).toMatch(/There is no example "nope"; the examples are apesnet, apesnet-mini/);
  });

  it('opens a share link, and reports a damaged one', async () => {
    const doc = { ...apesnet(), name: 'shared' };
    const link = await boot(at(encodeShareHash(doc)), [await saved(['b2', 'mine', 5])]);
    expect(link).toMatchObject({ source: 'link', fromUrl: true });
    expect(link.doc).toEqual(doc);
    const damaged = await boot(at('#doc=Zm9v'), [memoryBackend()]);
    expect(damaged.source).toBe('first-visit');
    expect(damaged.problem).toMatch(/^Could not open the shared link/);
  });
});
