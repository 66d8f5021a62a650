/**
 * Layout keeps the user's work: a palette insert, a drop and an Auto-layout, through the editor's
 * actions on a real store. Existing nodes keep their places unless a new node needs them.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLES, type SkipwireDoc } from '../../compile';
import { apart } from '../../formats/room';
import { commitMoves, dropPlaceable, insertPlaceable } from '../actions';
import { NODE_SIZE } from '../model/placement';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';

const example = (name: string) => (EXAMPLES[name] as () => SkipwireDoc)();
const boxOf = (p: { x: number; y: number }, size = NODE_SIZE) => ({ ...p, ...size });

/** Every pair of nodes is apart (no node covers another). */
function overlaps(doc: SkipwireDoc, size: (id: string) => { width: number; height: number } = () => NODE_SIZE) {
  const out: string[] = [];
  doc.nodes.forEach((a, i) => {
    for (const b of doc.nodes.slice(i + 1))
      if (!apart(boxOf(a.position, size(a.id)), boxOf(b.position, size(b.id)))) out.push(`${a.id} × ${b.id}`);
  });
  return out;
}

describe('palette insert keeps the user’s arrangement', () => {
  it('apes-block, input selected: the new layer splices in under input, over neither branch', () => {
    const store = createEditorStore(example('apes-block'));
    store.getState().select(['input']);
    insertPlaceable(store, { kind: 'layer', type: 'relu' }, { x: 0, y: 0 });
    const doc = store.getState().doc;
    expect(overlaps(doc)).toEqual([]);
    const relu = doc.nodes.find((n) => n.id === store.getState().selection[0]);
    const input = doc.nodes.find((n) => n.id === 'input');
    expect(relu?.position.y).toBeGreaterThan((input?.position.y ?? 0) + NODE_SIZE.height);
  });

  it('a successor far below stays where the user put it', () => {
    const doc = example('classic-cnn');
    const spread = { ...doc, nodes: doc.nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 300 } })) };
    const store = createEditorStore(spread);
    store.getState().select(['conv']);
    insertPlaceable(store, { kind: 'layer', type: 'dropout' }, { x: 0, y: 0 });
    const after = store.getState().doc;
    for (const n of spread.nodes) expect(after.nodes.find((m) => m.id === n.id)?.position).toEqual(n.position);
    expect(overlaps(after)).toEqual([]);
  });

  it('under a node drawn taller (its error message), with the measured sizes', () => {
    const store = createEditorStore(example('apes-block'));
    const tall = { width: 210, height: 200 };
    const size = (id: string) => (id === 'add' ? tall : NODE_SIZE);
    store.getState().select(['add']);
    insertPlaceable(store, { kind: 'layer', type: 'relu' }, { x: 0, y: 0 }, size);
    const doc = store.getState().doc;
    expect(overlaps(doc, size)).toEqual([]);
  });

  it('ApesNet, every layer in turn: the spliced layer covers no node and none of the others overlap', () => {
    const base = apesnet();
    for (const anchor of base.nodes.filter((n) => n.type !== 'dense').slice(0, 20)) {
      const store = createEditorStore(base);
      store.getState().select([anchor.id]);
      insertPlaceable(store, { kind: 'layer', type: 'relu' }, { x: 0, y: 0 });
      expect(overlaps(store.getState().doc), `after ${anchor.id}`).toEqual(overlaps(base));
      expect(store.temporal.getState().pastStates).toHaveLength(1);
    }
  });

  it('without a selection, a layer inserted at the view centre goes beside the node there', () => {
    const store = createEditorStore(example('classic-cnn'));
    insertPlaceable(store, { kind: 'layer', type: 'dense' }, { x: 105, y: 152 });
    expect(overlaps(store.getState().doc)).toEqual([]);
  });
});

describe('drop and Auto-layout', () => {
  it('a layer dropped onto a node lands at the nearest free place; nothing moves', () => {
    const before = example('classic-cnn');
    const store = createEditorStore(before);
    dropPlaceable(store, { kind: 'layer', type: 'dense' }, { x: 20, y: 120 });
    const after = store.getState().doc;
    for (const n of before.nodes) expect(after.nodes.find((m) => m.id === n.id)?.position).toEqual(n.position);
    expect(overlaps(after)).toEqual([]);
  });

  it('the moves of a full re-layout are one undo step', () => {
    const before = apesnet();
    const store = createEditorStore(before);
    commitMoves(
      store,
      before.nodes.map((n, i) => ({ id: n.id, position: { x: (i % 4) * 250, y: Math.floor(i / 4) * 130 } })),
    );
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().doc).toEqual(before);
  });
});
