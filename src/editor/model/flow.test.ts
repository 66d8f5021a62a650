import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../compile';
import { scopeView } from '../store/derived';
import { apesnet, chain, mismatchedAdd } from '../test/factories.testkit';
import { buildEdges, buildNodes, type FlowEdge, type FlowNode, nodeData } from './flow';

const none = new Set<string>();
const build = (doc: Parameters<typeof scopeView>[0], prev = new Map<string, FlowNode>(), selection = none) =>
  buildNodes({ doc, view: scopeView(doc, undefined), selection, drag: undefined, measured: new Map() }, prev);
const byId = (list: FlowNode[]) => new Map(list.map((n) => [n.id, n]));

describe('flow model', () => {
  it('describes layers from their definition and the analysis', () => {
    const doc = apesnet();
    const view = scopeView(doc, undefined);
    const conv = nodeData(doc, view, doc.nodes.find((n) => n.id === 'conv_block1_conv') as never);
    expect(conv).toMatchObject({
      kind: 'layer',
      title: 'Conv2D',
      category: 'conv',
      detail: '16 · 7×7 · same',
      inputs: [''],
      outShapes: ['360×480×16'],
      params: 2368,
    });
    const block = nodeData(doc, view, doc.nodes.find((n) => n.id === 'apes_block1') as never);
    expect(block).toMatchObject({
      kind: 'block',
      title: 'ApesBlock',
      inputs: ['x'],
      outShapes: ['45×60×64'],
      params: 205952,
    });
  });

  it('inside a block, shows the shapes of the first instance and marks the outputs', () => {
    const doc = apesnet();
    const view = scopeView(doc, 'apes_block');
    const list = buildNodes({ doc, view, selection: none, drag: undefined, measured: new Map() }, new Map());
    const x = list.find((n) => n.id === 'x');
    expect(x?.data).toMatchObject({ kind: 'blockInput', outShapes: ['45×60×64'], detail: 'input 1 of the block' });
    expect(list.find((n) => n.id === 'dropout')?.data.outputIndex).toBe(0);
  });

  it('gives merge layers one free port beyond the connected ones', () => {
    const doc = mismatchedAdd();
    const add = build(doc).find((n) => n.id === 'add');
    expect(add?.data.inputs).toHaveLength(3);
    expect(add?.data.severity).toBe('error');
    expect(add?.data.message).toContain('32×32×16');
  });

  it('labels each wire with the shape it carries, and marks wires a diagnostic names', () => {
    const doc = apesnet();
    const edges = buildEdges(scopeView(doc, undefined), none, new Map());
    const e = edges.find((x) => x.source === 'conv_block3_pool');
    expect(e?.label).toBe('45×60×64');
    expect(e?.sourceHandle).toBe('out-0');
    expect(e?.targetHandle).toBe('in-0');
    const bad = {
      ...doc,
      edges: [...doc.edges, { id: 'dangling', source: 'nowhere', target: 'softmax', targetPort: 1 }],
    };
    const marked = buildEdges(scopeView(bad, undefined), none, new Map()).find((x) => x.id === 'dangling');
    expect(marked?.className).toContain('is-bad');
  });

  it('reuses every node object that shows the same thing (300 nodes, one renamed)', () => {
    const doc = chain(300);
    const first = build(doc);
    const renamed = applyEdit(doc, { op: 'rename', node: 'dense_150', name: 'middle' }).doc;
    const second = build(renamed, byId(first));
    const reused = second.filter((n, i) => n === first[i]).length;
    expect(second).toHaveLength(300);
    expect(reused).toBe(299);
    expect(second.find((n) => n.id === 'dense_150')?.data.node.name).toBe('middle');
  });

  it('during a drag only the dragged node changes, and selection changes only the selected ones', () => {
    const doc = chain(300);
    const first = build(doc);
    const drag = new Map([['dense_7', { x: 999, y: 5 }]]);
    const dragged = buildNodes(
      { doc, view: scopeView(doc, undefined), selection: none, drag, measured: new Map() },
      byId(first),
    );
    expect(dragged.filter((n, i) => n !== first[i]).map((n) => n.id)).toEqual(['dense_7']);
    expect(dragged.find((n) => n.id === 'dense_7')?.position).toEqual({ x: 999, y: 5 });
    const selected = build(doc, byId(first), new Set(['dense_1', 'dense_2']));
    expect(selected.filter((n, i) => n !== first[i]).map((n) => n.id)).toEqual(['dense_1', 'dense_2']);
  });

  it('reuses edges that did not change', () => {
    const doc = chain(50);
    const first = buildEdges(scopeView(doc, undefined), none, new Map());
    const again = buildEdges(
      scopeView(applyEdit(doc, { op: 'rename', node: 'dense_3', name: 'x' }).doc, undefined),
      none,
      new Map(first.map((e) => [e.id, e] as [string, FlowEdge])),
    );
    expect(again.every((e, i) => e === first[i])).toBe(true);
  });
});
