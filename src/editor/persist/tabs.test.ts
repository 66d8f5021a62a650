/**
 * Two tabs on one model, as two stores sharing one storage and a real BroadcastChannel (Node has
 * one): a tab with no edits of its own takes the other's saves live; a tab that has edits is
 * stopped from overwriting, and the user's choice decides.
 */
import { describe, expect, it } from 'vitest';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';
import { startAutosave } from './autosave';
import { listModels, loadModel } from './models';
import { memoryBackend } from './persist.testkit';
import { tabChannel } from './sync';

const until = async (f: () => boolean) => {
  for (let i = 0; i < 500 && !f(); i++) await new Promise((r) => setTimeout(r, 2));
  expect(f()).toBe(true);
};

async function twoTabs() {
  const m = memoryBackend();
  const name = `t${Math.random()}`;
  const a = createEditorStore(apesnet(), {}, 'same');
  const sa = startAutosave(a, [m], { delayMs: 0, channel: tabChannel(name) });
  await sa.saveNow();
  const b = createEditorStore(a.getState().doc, {}, 'same');
  const sb = startAutosave(b, [m], { delayMs: 0, rev: 1, channel: tabChannel(name) });
  return { m, a, b, sa, sb };
}

describe('two tabs on one model', () => {
  it('sees the other tab’s edits live, and every edit of both survives', async () => {
    const { m, a, b, sa, sb } = await twoTabs();
    a.getState().apply({ op: 'setModelName', name: 'from_a' });
    await sa.saveNow();
    await until(() => b.getState().doc.name === 'from_a');
    b.getState().apply({ op: 'rename', node: 'input', name: 'from_b' });
    await sb.saveNow();
    await until(() => a.getState().doc.nodes.some((n) => n.name === 'from_b'));
    const saved = (await loadModel([m], 'same')).snapshot;
    expect(saved?.doc.name).toBe('from_a');
    expect(saved?.doc.nodes.some((n) => n.name === 'from_b')).toBe(true);
    expect(a.getState().conflict ?? b.getState().conflict).toBeUndefined();
    await Promise.all([sa.stop(), sb.stop()]);
  });

  it('stops a stale tab from overwriting: conflict, then "keep mine as a copy" keeps both', async () => {
    const { m, a, b, sa, sb } = await twoTabs();
    sb.stop(); // b stops listening, as if its message had not arrived yet
    const b2 = startAutosave(b, [m], { delayMs: 0, rev: 1, channel: { post() {}, listen: () => () => {} } });
    a.getState().apply({ op: 'setModelName', name: 'theirs' });
    await sa.saveNow();
    b.getState().apply({ op: 'setModelName', name: 'mine' });
    await b2.saveNow();
    expect(b.getState().conflict?.theirs.name).toBe('theirs');
    expect((await loadModel([m], 'same')).snapshot?.doc.name).toBe('theirs');
    b.getState().resolveConflict('copy');
    await until(() => m.data.size === 2);
    const names = (await listModels([m])).models.map((x) => x.name).sort();
    expect(names).toEqual(['mine', 'theirs']);
    expect(b.getState().modelId).not.toBe('same');
    await Promise.all([sa.stop(), b2.stop()]);
  });

  it('"load theirs" takes the other tab’s version as one undo step and saves on from it', async () => {
    const { m, a, b, sa } = await twoTabs();
    const b2 = startAutosave(b, [m], { delayMs: 0, rev: 1, channel: { post() {}, listen: () => () => {} } });
    a.getState().apply({ op: 'setModelName', name: 'theirs' });
    await sa.saveNow();
    b.getState().apply({ op: 'setModelName', name: 'mine' });
    await b2.saveNow();
    b.getState().resolveConflict('theirs');
    expect(b.getState().doc.name).toBe('theirs');
    b.getState().apply({ op: 'rename', node: 'input', name: 'after' });
    await b2.saveNow();
    const saved = (await loadModel([m], 'same')).snapshot;
    expect(saved).toMatchObject({ rev: 4, doc: { name: 'theirs' } });
    b.getState().undo();
    b.getState().undo();
    expect(b.getState().doc.name).toBe('mine');
    await Promise.all([sa.stop(), b2.stop()]);
  });
});
