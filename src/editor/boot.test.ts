import { describe, expect, it } from 'vitest';
import { boot } from './boot';
import { encodeShareHash } from './model/share';
import type { StorageBackend } from './persist/storage';
import { apesnet } from './test/factories.testkit';

const empty: StorageBackend = { name: 'empty', load: async () => undefined, save: async () => {} };
const saved = (name: string): StorageBackend => ({
  name: 'saved',
  load: async () => ({ doc: { ...apesnet(), name }, ui: { selection: ['input'] }, savedAt: 5 }),
  save: async () => {},
});
const at = (s: string) => new URL(`http://localhost/${s}`);

describe('boot', () => {
  it('opens ApesNet on a first visit, the autosave afterwards', async () => {
    const first = await boot(at(''), [empty]);
    expect(first).toMatchObject({ source: 'first-visit', fromUrl: false });
    expect(first.doc.name).toBe('apesnet');
    const again = await boot(at(''), [saved('mine')]);
    expect(again).toMatchObject({ source: 'autosave', ui: { selection: ['input'] } });
    expect(again.doc.name).toBe('mine');
  });

  it('opens ?example=<name>, and says so when there is no such example', async () => {
    const mini = await boot(at('?example=apesnet-mini'), [saved('mine')]);
    expect(mini).toMatchObject({ source: 'example', fromUrl: true });
    expect(mini.doc.name).toBe('apesnet_mini');
    const unknown = await boot(at('?example=nope'), [saved('mine')]);
    expect(unknown.doc.name).toBe('mine');
    expect(unknown.problem).toMatch(/There is no example "nope"; the examples are apesnet, apesnet-mini/);
  });

  it('opens a share link, and reports a damaged one', async () => {
    const doc = { ...apesnet(), name: 'shared' };
    const link = await boot(at(encodeShareHash(doc)), [saved('mine')]);
    expect(link).toMatchObject({ source: 'link', fromUrl: true });
    expect(link.doc).toEqual(doc);
    const damaged = await boot(at('#doc=Zm9v'), [empty]);
    expect(damaged.source).toBe('first-visit');
    expect(damaged.problem).toMatch(/^Could not open the shared link/);
  });
});
