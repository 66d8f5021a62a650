import { describe, expect, it } from 'vitest';
import { EXAMPLES, residual } from '../../compile';
import { insertPlaceable } from '../actions';
import { createEditorStore } from '../store/createStore';
import { analysisOf } from '../store/derived';

const classicCnn = () => EXAMPLES['classic-cnn']?.() as NonNullable<ReturnType<(typeof EXAMPLES)['apesnet']>>;
const feeds = (store: ReturnType<typeof createEditorStore>, target: string) =>
  store
    .getState()
    .doc.edges.filter((e) => e.target === target)
    .map((e) => `${e.source}:${e.targetPort}`);

describe('palette insert with a layer selected', () => {
  it('splices the new layer into the selected layer’s outgoing wire, as one undo step', () => {
    const store = createEditorStore(classicCnn());
    const before = store.getState().doc;
    const yBefore = (id: string) => before.nodes.find((n) => n.id === id)?.position.y as number;
    const [flattenY, hiddenY, outputY] = [yBefore('flatten'), yBefore('hidden'), yBefore('output')];
    store.getState().select(['flatten']);
    insertPlaceable(store, { kind: 'layer', type: 'dropout' }, { x: 0, y: 0 });
    const s = store.getState();
    const dropout = s.selection[0] as string;
    expect(s.doc.nodes.find((n) => n.id === dropout)?.type).toBe('dropout');
    expect(feeds(store, dropout)).toEqual(['flatten:0']);
    expect(feeds(store, 'hidden')).toEqual([`${dropout}:0`]);
    expect(s.doc.edges.filter((e) => e.source === 'flatten').map((e) => e.target)).toEqual([dropout]);
    // The dropout goes a row below flatten, and the layers below it move down a row to make room.
    const y = (id: string) => s.doc.nodes.find((n) => n.id === id)?.position.y as number;
    expect(y(dropout)).toBe(flattenY + 120);
    expect(y('hidden')).toBe(hiddenY + 120);
    expect(y('output')).toBe(outputY + 120);
    const a = analysisOf(s.doc);
    expect(a.ok).toBe(true);
    expect(a.diagnostics).toEqual([]);
    expect(a.outputs).toEqual(['output']);
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    s.undo();
    expect(store.getState().doc).toEqual(before);
  });

  it('feeds every former successor, each on the input it had (a skip connection keeps its Add port)', () => {
    // input → conv → add, and input → add (the shortcut, on the Add's input 2)
    const store = createEditorStore(residual(4, 4));
    const doc = store.getState().doc;
    const fork = 'input';
    const targets = doc.edges.filter((e) => e.source === fork).map((e) => `${e.target}:${e.targetPort}`);
    store.getState().select([fork]);
    insertPlaceable(store, { kind: 'layer', type: 'relu' }, { x: 0, y: 0 });
    const added = store.getState().selection[0] as string;
    const after = store.getState().doc;
    expect(after.edges.filter((e) => e.source === fork).map((e) => e.target)).toEqual([added]);
    expect(targets).toEqual(['conv:0', 'add:1']);
    expect(after.edges.filter((e) => e.source === added).map((e) => `${e.target}:${e.targetPort}`)).toEqual(targets);
    expect(analysisOf(after).ok).toBe(true);
  });

  it('without a selection the layer goes to the view centre, unwired; a layer with no successor is just wired below', () => {
    const store = createEditorStore(classicCnn());
    insertPlaceable(store, { kind: 'layer', type: 'dense' }, { x: 500, y: 500 });
    const free = store.getState().selection[0] as string;
    expect(store.getState().doc.edges.some((e) => e.source === free || e.target === free)).toBe(false);
    store.getState().select(['output']);
    insertPlaceable(store, { kind: 'layer', type: 'dropout' }, { x: 0, y: 0 });
    expect(feeds(store, store.getState().selection[0] as string)).toEqual(['output:0']);
  });
});
