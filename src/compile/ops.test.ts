import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import { BLOCK_TYPE, type SkipwireDoc } from './document';
import { applyEdit, applyEdits, type EditOp } from './ops';
import { example } from './testing';

const node = (id: string, type: string, params: Record<string, unknown> = {}) => ({
  id,
  type,
  name: id,
  params,
  position: { x: 0, y: 0 },
});

function chain(): SkipwireDoc {
  const b = new DocBuilder('chain');
  const x = b.layer('input', 'input', { shape: [8, 8, 3] });
  const c = b.layer('conv2d', 'conv', { filters: 8, padding: 'same' }, [x]);
  const r = b.layer('relu', 'relu', {}, [c]);
  b.layer('globalAveragePooling2d', 'gap', {}, [r]);
  return b.build();
}

describe('edit operations', () => {
  it('are pure: the input document is not changed', () => {
    const doc = chain();
    const frozen = JSON.stringify(doc);
    const ops: EditOp[] = [
      { op: 'addNode', node: node('d', 'dense') },
      { op: 'connect', edge: { id: 'w', source: 'gap', target: 'd', targetPort: 0 } },
      { op: 'setParam', node: 'conv', param: 'filters', value: 16 },
      { op: 'rename', node: 'relu', name: 'activation' },
      { op: 'move', moves: [{ id: 'conv', position: { x: 5, y: 6 } }] },
      { op: 'removeNodes', ids: ['relu'] },
    ];
    const r = applyEdits(doc, ops);
    expect(r.error).toBeUndefined();
    expect(JSON.stringify(doc)).toBe(frozen);
    expect(r.doc.nodes.map((n) => n.id)).toEqual(['input', 'conv', 'gap', 'd']);
    expect(r.doc.nodes.find((n) => n.id === 'conv')?.params.filters).toBe(16);
    expect(r.doc.nodes.find((n) => n.id === 'conv')?.position).toEqual({ x: 5, y: 6 });
    expect(r.doc.edges.some((e) => e.source === 'relu' || e.target === 'relu')).toBe(false);
  });

  it('connect replaces the wire on the same input port; disconnect removes wires', () => {
    const doc = chain();
    const r = applyEdit(doc, { op: 'connect', edge: { id: 'w', source: 'input', target: 'relu', targetPort: 0 } });
    expect(r.doc.edges.filter((e) => e.target === 'relu').map((e) => e.source)).toEqual(['input']);
    const d = applyEdit(r.doc, { op: 'disconnect', ids: ['w'] });
    expect(d.doc.edges.filter((e) => e.target === 'relu')).toEqual([]);
  });

  it('refuses impossible edits with a reason and returns the document unchanged', () => {
    const doc = chain();
    const cases: [EditOp, RegExp][] = [
      [{ op: 'addNode', node: node('conv', 'dense') }, /already exists/],
      [{ op: 'connect', edge: { id: 'w', source: 'nope', target: 'conv', targetPort: 0 } }, /no node "nope"/],
      [{ op: 'connect', edge: { id: 'w', source: 'conv', target: 'conv', targetPort: 0 } }, /cannot feed itself/],
      [{ op: 'rename', node: 'conv', name: '  ' }, /cannot be empty/],
      [{ op: 'setParam', scope: 'nope', node: 'conv', param: 'x', value: 1 }, /no block "nope"/],
      [{ op: 'group', nodes: ['input', 'conv'], blockId: 'b', blockName: 'B', instanceId: 'i' }, /is an input/],
      [{ op: 'ungroup', instance: 'conv' }, /not a block instance/],
      [{ op: 'insertBefore', target: 'input', port: 0, node: node('n', 'relu') }, /nothing is connected/],
    ];
    for (const [op, msg] of cases) {
      const r = applyEdit(doc, op);
      expect(r.error, op.op).toMatch(msg);
      expect(r.doc).toBe(doc);
    }
  });

  it('insertBefore splits the wire into a port', () => {
    const r = applyEdit(chain(), {
      op: 'insertBefore',
      target: 'relu',
      port: 0,
      node: node('bn', 'batchNormalization'),
    });
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    expect(a.layers.map((l) => l.path)).toEqual(['input', 'conv', 'bn', 'relu', 'gap']);
  });
});

describe('blocks', () => {
  it('group turns a selection into a definition and one instance; the model is unchanged', () => {
    const doc = chain();
    const before = analyze(doc);
    const r = applyEdit(doc, {
      op: 'group',
      nodes: ['conv', 'relu'],
      blockId: 'cb',
      blockName: 'ConvBlock',
      instanceId: 'cb1',
    });
    expect(r.error).toBeUndefined();
    const def = r.doc.blocks[0];
    expect(def?.inputs).toHaveLength(1);
    expect(def?.outputs).toEqual(['relu']);
    expect(r.doc.nodes.map((n) => n.type)).toEqual(['input', 'globalAveragePooling2d', BLOCK_TYPE]);
    const after = analyze(r.doc);
    expect(after.ok).toBe(true);
    expect(after.totals).toEqual(before.totals);
    expect(after.layers.at(-1)?.shape).toEqual(before.layers.at(-1)?.shape);
  });

  it('a second instance and an edit of the definition change every instance', () => {
    let doc = applyEdit(chain(), {
      op: 'group',
      nodes: ['conv', 'relu'],
      blockId: 'cb',
      blockName: 'ConvBlock',
      instanceId: 'cb1',
    }).doc;
    doc = applyEdits(doc, [
      { op: 'addNode', node: { ...node('cb2', BLOCK_TYPE), block: 'cb' } },
      { op: 'connect', edge: { id: 'w1', source: 'cb1', target: 'cb2', targetPort: 0 } },
      { op: 'connect', edge: { id: 'w2', source: 'cb2', target: 'gap', targetPort: 0 } },
    ]).doc;
    const a = analyze(doc);
    expect(a.ok).toBe(true);
    expect(a.layers.filter((l) => l.def.kerasClass === 'Conv2D').map((l) => l.name)).toEqual([
      'conv_block_1_conv',
      'cb2_conv',
    ]);
    const edited = applyEdit(doc, { op: 'setParam', scope: 'cb', node: 'conv', param: 'filters', value: 16 });
    const b = analyze(edited.doc);
    // cb1: 3→16, cb2: 16→16
    expect(b.nodes.get('cb1')?.count.trainable).toBe(3 * 3 * 3 * 16 + 16);
    expect(b.nodes.get('cb2')?.count.trainable).toBe(3 * 3 * 16 * 16 + 16);
  });

  it('ungroup restores an equivalent flat graph', () => {
    const doc = example('apesnet');
    const before = analyze(doc);
    const r = applyEdits(doc, [
      { op: 'ungroup', instance: 'apes_block1' },
      { op: 'ungroup', instance: 'apes_block2' },
    ]);
    expect(r.error).toBeUndefined();
    expect(r.doc.nodes.some((n) => n.type === BLOCK_TYPE)).toBe(false);
    const after = analyze(r.doc);
    expect(after.diagnostics).toEqual([]);
    expect(after.totals).toEqual(before.totals);
    expect(after.layers).toHaveLength(56);
    expect(after.layers.at(-1)?.shape).toEqual([172800, 12]);
  });

  it('removing a block output renumbers the wires from every instance', () => {
    const b = new DocBuilder('two');
    b.block('split', 'Split', (bb) => {
      const x = bb.input();
      return [bb.layer('dense', 'a', { units: 2 }, [x]), bb.layer('dense', 'b', { units: 3 }, [x])];
    });
    const x = b.layer('input', 'input', { shape: [4] });
    const s = b.instance('split', 's1', [x]);
    b.layer('relu', 'ra', {}, [[s, 0]]);
    b.layer('relu', 'rb', {}, [[s, 1]]);
    const doc = b.build();
    expect(analyze(doc).nodes.get('rb')?.outputShapes).toEqual([[3]]);
    const r = applyEdit(doc, { op: 'removeNodes', scope: 'split', ids: ['a'] });
    expect(r.doc.blocks[0]?.outputs).toEqual(['b']);
    expect(r.doc.edges.find((e) => e.target === 'rb')?.sourcePort).toBe(0);
    expect(r.doc.edges.some((e) => e.target === 'ra')).toBe(false);
  });

  it('refuses a block that would contain itself', () => {
    const doc = applyEdit(chain(), {
      op: 'group',
      nodes: ['conv'],
      blockId: 'cb',
      blockName: 'CB',
      instanceId: 'cb1',
    }).doc;
    const r = applyEdit(doc, { op: 'addNode', scope: 'cb', node: { ...node('self', BLOCK_TYPE), block: 'cb' } });
    expect(r.error).toMatch(/cannot contain itself/);
  });

  it('exposed params set per instance override the definition', () => {
    const b = new DocBuilder('m');
    b.block('blk', 'Blk', (bb) => [bb.layer('dense', 'd', { units: 4 }, [bb.input()])]);
    const x = b.layer('input', 'input', { shape: [2] });
    const i1 = b.instance('blk', 'b1', [x]);
    b.instance('blk', 'b2', [i1]);
    const doc = b.build();
    const exposed: SkipwireDoc = {
      ...doc,
      blocks: doc.blocks.map((d) => ({ ...d, exposed: [{ name: 'width', node: 'd', param: 'units' }] })),
      nodes: doc.nodes.map((n) => (n.id === 'b2' ? { ...n, params: { width: 7 } } : n)),
    };
    const a = analyze(exposed);
    expect(a.nodes.get('b1')?.outputShapes).toEqual([[4]]);
    expect(a.nodes.get('b2')?.outputShapes).toEqual([[7]]);
    const bad = { ...exposed, nodes: exposed.nodes.map((n) => (n.id === 'b2' ? { ...n, params: { width: -1 } } : n)) };
    expect(analyze(bad).diagnostics[0]).toMatchObject({ nodeId: 'b2', param: 'width' });
  });

  it('refuses a selection with an unselected layer on a path through it', () => {
    const r = applyEdit(chain(), {
      op: 'group',
      nodes: ['conv', 'gap'],
      blockId: 'b',
      blockName: 'B',
      instanceId: 'b1',
    });
    expect(r.error).toBe(
      '"relu" lies between selected layers: a block must take all the layers on the paths through it. Add it to the selection.',
    );
  });

  it('keeps model outputs inside a selection as block outputs', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [2] });
    const a = b.layer('dense', 'a', {}, [x]);
    b.layer('dense', 'side', {}, [x]);
    b.layer('dense', 'c', {}, [a]);
    const doc = b.build();
    const r = applyEdit(doc, { op: 'group', nodes: ['a', 'side'], blockId: 'blk', blockName: 'Blk', instanceId: 'i' });
    expect(r.doc.blocks[0]?.outputs).toEqual(['a', 'side']);
    expect(analyze(r.doc).totals).toEqual(analyze(doc).totals);
  });

  it('warns about a layer inside a block that reaches no block output, and leaves it out of the counts', () => {
    const b = new DocBuilder('m');
    b.block('blk', 'Blk', (bb) => {
      const x = bb.input();
      bb.layer('dense', 'orphan', { units: 5 }, [x]);
      return [bb.layer('dense', 'main', { units: 3 }, [x])];
    });
    const x = b.layer('input', 'input', { shape: [2] });
    b.instance('blk', 'i1', [x]);
    const a = analyze(b.build());
    expect(a.ok).toBe(true);
    expect(a.totals.trainable).toBe(2 * 3 + 3);
    expect(a.diagnostics).toEqual([expect.objectContaining({ nodeId: 'i1', path: ['orphan'], severity: 'warning' })]);
  });
});
