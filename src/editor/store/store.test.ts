import { describe, expect, it } from 'vitest';
import {
  commitMoves,
  copySelection,
  deleteSelection,
  duplicateSelection,
  makeBlock,
  paste,
  ungroupSelection,
} from '../actions';
import { apesnet } from '../test/factories.testkit';
import { createEditorStore } from './createStore';
import { analysisOf, scopeView } from './derived';

const history = (store: ReturnType<typeof createEditorStore>) => store.temporal.getState().pastStates.length;

describe('editor store', () => {
  it('records document edits only, one undo step each', () => {
    const store = createEditorStore(apesnet());
    store.getState().select(['input']);
    store.getState().setViewport('', { x: 1, y: 2, zoom: 0.5 });
    store.getState().showPanel('summary');
    expect(history(store)).toBe(0);
    store.getState().apply([
      { op: 'rename', node: 'input', name: 'image' },
      { op: 'setModelName', name: 'net' },
    ]);
    expect(history(store)).toBe(1);
    store.getState().undo();
    expect(store.getState().doc.name).toBe('apesnet');
    store.getState().redo();
    expect(store.getState().doc.name).toBe('net');
  });

  it('refuses an edit that cannot apply, with a notice, and records nothing', () => {
    const store = createEditorStore(apesnet());
    const before = store.getState().doc;
    expect(store.getState().apply({ op: 'rename', node: 'input', name: ' ' })).toBe(false);
    expect(store.getState().doc).toBe(before);
    expect(store.getState().notices.at(-1)).toMatchObject({ kind: 'error', text: 'a layer name cannot be empty' });
    expect(history(store)).toBe(0);
  });

  it('keeps a drag out of history until it ends, then records one step', () => {
    const store = createEditorStore(apesnet());
    const doc = store.getState().doc;
    for (let x = 0; x < 50; x += 5) store.getState().setDrag(new Map([['input', { x, y: 0 }]]));
    expect(store.getState().doc).toBe(doc);
    expect(history(store)).toBe(0);
    commitMoves(store, [{ id: 'input', position: { x: 45, y: 0 } }]);
    expect(store.getState().drag).toBeUndefined();
    expect(store.getState().doc.nodes.find((n) => n.id === 'input')?.position).toEqual({ x: 45, y: 0 });
    expect(history(store)).toBe(1);
    commitMoves(store, [{ id: 'input', position: { x: 45, y: 0 } }]); // no movement: no step
    expect(history(store)).toBe(1);
  });

  it('memoizes the analysis per document', () => {
    const store = createEditorStore(apesnet());
    const a = analysisOf(store.getState().doc);
    store.getState().select(['input']);
    expect(analysisOf(store.getState().doc)).toBe(a);
    expect(scopeView(store.getState().doc, undefined)).toBe(scopeView(store.getState().doc, undefined));
    store.getState().apply({ op: 'rename', node: 'input', name: 'x' });
    expect(analysisOf(store.getState().doc)).not.toBe(a);
  });

  it('groups, edits the definition through its scope (all instances follow), and ungroups', () => {
    const store = createEditorStore(apesnet(), { selection: ['decoder1_conv', 'decoder1_bn', 'decoder1_act'] });
    makeBlock(store);
    const s = store.getState();
    expect(s.doc.blocks.map((b) => b.id)).toEqual(['apes_block', 'block1']);
    expect(s.selection).toEqual(['block1_1']);
    expect(analysisOf(s.doc).totals).toEqual(analysisOf(apesnet()).totals);
    s.enterBlock('block1');
    store.getState().apply({ op: 'setParam', scope: 'block1', node: 'decoder1_conv', param: 'filters', value: 32 });
    const info = analysisOf(store.getState().doc).nodes.get('block1_1');
    expect(info?.outputShapes[0]).toEqual([90, 120, 32]);
    store.getState().exitTo(0);
    expect(store.getState().selection).toEqual(['block1_1']);
    ungroupSelection(store);
    expect(store.getState().doc.nodes.some((n) => n.id === 'block1_1')).toBe(false);
    expect(store.getState().selection).toHaveLength(3);
  });

  it('leaves a block that undo removed', () => {
    const store = createEditorStore(apesnet(), { selection: ['decoder1_bn'] });
    makeBlock(store);
    store.getState().enterBlock('block1');
    store.getState().undo();
    expect(store.getState().scopePath).toEqual([]);
  });

  it('copies, pastes, duplicates and deletes as single steps', () => {
    const store = createEditorStore(apesnet(), { selection: ['decoder3_conv', 'decoder3_bn'] });
    expect(copySelection(store)).toContain('"skipwire":"clipboard"');
    expect(paste(store)).toBe(true);
    expect(store.getState().selection).toEqual(['decoder3_conv_2', 'decoder3_bn_2']);
    duplicateSelection(store);
    expect(store.getState().selection).toEqual(['decoder3_conv_3', 'decoder3_bn_3']);
    deleteSelection(store);
    expect(store.getState().doc.nodes.some((n) => n.id === 'decoder3_conv_3')).toBe(false);
    expect(history(store)).toBe(3);
    expect(paste(store, 'not a selection')).toBe(false);
  });

  it('maps problems found inside instances to the block scope', () => {
    const store = createEditorStore(apesnet());
    // 32 filters inside the block: its Add then sums 32 and 64 channels.
    store.getState().apply({ op: 'setParam', scope: 'apes_block', node: 'conv_7x7', param: 'filters', value: 32 });
    const doc = store.getState().doc;
    expect(scopeView(doc, undefined).byNode.get('apes_block1')?.[0]?.message).toMatch(
      /In block "ApesBlock", layer "add"/,
    );
    const inner = scopeView(doc, 'apes_block').byNode.get('add');
    expect(inner?.[0]?.message).toMatch(/45×60×32/);
    expect(inner?.[0]?.fixes?.[0]?.ops[0]).toMatchObject({ op: 'insertBefore', scope: 'apes_block' });
  });
});
