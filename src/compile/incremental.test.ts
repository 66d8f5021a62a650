/**
 * The analysis memoizes per node object, per input shape, per graph structure and per position:
 * after any edit, analysing the edited document (with every cache warm) must give exactly what a
 * first analysis of the same document gives. `fresh` analyses a deep copy, whose new objects no
 * cache has seen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Analysis, analyze } from './analyze';
import { DocBuilder } from './builder';
import type { DocNode, SkipwireDoc } from './document';
import { applyEdit, type EditOp } from './ops';
import { checkGraph } from './validate';

const fresh = (doc: SkipwireDoc): Analysis => analyze(structuredClone(doc));

/** Analyses `doc` warm and checks it against a fresh analysis; returns the warm one. */
function same(doc: SkipwireDoc): Analysis {
  const a = analyze(doc);
  expect(a).toEqual(fresh(doc));
  return a;
}

function edit(doc: SkipwireDoc, op: EditOp): SkipwireDoc {
  const r = applyEdit(doc, op);
  expect(r.error).toBeUndefined();
  return r.doc;
}

/** input 8×8×4 → conv → bn → Add(bn, input) → two instances of a residual block → pooling. */
function chain(): SkipwireDoc {
  const b = new DocBuilder('chain');
  b.block('res', 'Res', (bb) => {
    const x = bb.input();
    const c = bb.layer('conv2d', 'conv', { filters: 4, padding: 'same' }, [x]);
    const r = bb.layer('relu', 'relu', {}, [c]);
    return [bb.layer('add', 'add', {}, [r, x])];
  });
  const x = b.layer('input', 'input', { shape: [8, 8, 4] });
  const c = b.layer('conv2d', 'conv', { filters: 4, padding: 'same' }, [x]);
  const n = b.layer('batchNormalization', 'bn', {}, [c]);
  const a = b.layer('add', 'add', {}, [n, x]);
  const r1 = b.instance('res', 'res_1', [a]);
  const r2 = b.instance('res', 'res_2', [r1]);
  b.layer('globalAveragePooling2d', 'gap', {}, [r2]);
  return b.build();
}

describe('incremental analysis', () => {
  it('an edit that changes a shape changes every shape below it, and back', () => {
    const doc = chain();
    const before = same(doc);
    expect(before.ok).toBe(true);
    const wide = edit(doc, { op: 'setParam', node: 'conv', param: 'filters', value: 8 });
    const a = same(wide);
    expect(a.nodes.get('bn')?.outputShapes).toEqual([[8, 8, 8]]);
    expect(a.nodes.get('bn')?.count.trainable).toBe(16);
    expect(a.ok).toBe(false); // Add of 8 and 4 channels
    const back = same(edit(wide, { op: 'setParam', node: 'conv', param: 'filters', value: 4 }));
    expect(back.ok).toBe(true);
    expect(back.totals).toEqual(before.totals);
  });

  it('an edit that keeps a shape reuses the results below it', () => {
    const doc = chain();
    const before = same(doc);
    const after = same(edit(doc, { op: 'setParam', node: 'conv', param: 'filters', value: 4 }));
    expect(after.nodes.get('bn')).toBe(before.nodes.get('bn'));
    expect(after.layers.find((l) => l.path === 'gap')).toBe(before.layers.find((l) => l.path === 'gap'));
    expect(after.layers.find((l) => l.path === 'conv')).not.toBe(before.layers.find((l) => l.path === 'conv'));
  });

  it('editing a block definition changes every instance', () => {
    const doc = chain();
    const before = same(doc);
    const k5 = same(edit(doc, { op: 'setParam', scope: 'res', node: 'conv', param: 'kernelSize', value: [5, 5] }));
    for (const inst of ['res_1', 'res_2']) expect(k5.nodes.get(inst)?.count.trainable).toBe(5 * 5 * 4 * 4 + 4);
    expect(k5.totals.trainable).toBeGreaterThan(before.totals.trainable);
    const wide = same(edit(doc, { op: 'setParam', scope: 'res', node: 'conv', param: 'filters', value: 8 }));
    expect(wide.ok).toBe(false);
    // The first instance fails (Add of 8 and 4 channels); the second sees no shape, so says nothing.
    expect(wide.diagnostics.filter((d) => d.severity === 'error').map((d) => d.nodeId)).toEqual(['res_1']);
    expect(wide.blocks.get('res')?.get('conv')?.outputShapes).toEqual([[8, 8, 8]]);
  });

  it('exposed params give each instance its own shapes', () => {
    const doc = chain();
    const exposed: SkipwireDoc = {
      ...doc,
      blocks: doc.blocks.map((b) => ({ ...b, exposed: [{ name: 'k', node: 'conv', param: 'kernelSize' }] })),
    };
    same(exposed);
    const oneByOne = edit(exposed, { op: 'setParam', node: 'res_1', param: 'k', value: [1, 1] });
    const one = same(oneByOne);
    expect(one.nodes.get('res_1')?.count.trainable).toBe(4 * 4 + 4);
    expect(one.nodes.get('res_2')?.count.trainable).toBe(9 * 4 * 4 + 4);
    const badDoc = edit(oneByOne, { op: 'setParam', node: 'res_2', param: 'k', value: [0, 1] });
    expect(same(badDoc).diagnostics.some((d) => d.nodeId === 'res_2' && d.param === 'k')).toBe(true);
    // Only the definition changes (the top level's nodes and wires stay the same objects).
    const unexposed = same({ ...badDoc, blocks: badDoc.blocks.map((b) => ({ ...b, exposed: [] })) });
    expect(unexposed.diagnostics).toEqual([]);
    // The same instance and inner node, with `k` now exposing another param.
    const moved = same({
      ...oneByOne,
      blocks: oneByOne.blocks.map((b) => ({ ...b, exposed: [{ name: 'k', node: 'conv', param: 'dilationRate' }] })),
    });
    expect(moved.nodes.get('res_1')?.count.trainable).toBe(9 * 4 * 4 + 4);
  });

  it('renames, wiring and removals invalidate the remembered structure', () => {
    let doc = chain();
    same(doc);
    doc = edit(doc, { op: 'rename', node: 'bn', name: 'conv' });
    expect(same(doc).diagnostics.map((d) => d.message)).toContain(
      'Two layers are named "conv"; Keras needs unique layer names. Rename one of them.',
    );
    doc = edit(doc, { op: 'rename', node: 'bn', name: 'bn' });
    expect(same(doc).ok).toBe(true);
    const wire = doc.edges.find((e) => e.target === 'add' && e.targetPort === 1)?.id as string;
    doc = edit(doc, { op: 'disconnect', ids: [wire] });
    expect(same(doc).ok).toBe(false);
    doc = edit(doc, { op: 'connect', edge: { id: 'again', source: 'input', target: 'add', targetPort: 1 } });
    expect(same(doc).ok).toBe(true);
    doc = edit(doc, { op: 'removeNodes', ids: ['res_2'] });
    same(doc);
    doc = edit(doc, { op: 'setModelName', name: 'renamed' });
    same(doc);
  });

  it('a node object listed twice, then moved (two objects with one id), is checked again', () => {
    const doc = chain();
    const input = doc.nodes[0] as DocNode;
    const twice: SkipwireDoc = { ...doc, nodes: [...doc.nodes, input] };
    same(twice);
    same(edit(twice, { op: 'move', moves: [{ id: input.id, position: { x: 1, y: 1 } }] }));
  });

  it('param errors keep their place among the diagnostics', () => {
    let doc = chain();
    doc = edit(doc, { op: 'setParam', node: 'gap', param: 'nope', value: 1 });
    doc = edit(doc, { op: 'setParam', node: 'conv', param: 'filters', value: -1 });
    doc = edit(doc, { op: 'rename', node: 'add', name: 'bn' });
    doc = edit(doc, { op: 'setParam', node: 'bn', param: 'epsilon', value: 'x' });
    const a = same(doc);
    expect(a.diagnostics.map((d) => d.nodeId)).toEqual(['conv', 'bn', 'add']);
    same(edit(doc, { op: 'setParam', node: 'bn', param: 'epsilon', value: 0.001 }));
  });

  it('any sequence of edits gives what a first analysis gives', () => {
    const nodeIds = ['input', 'conv', 'bn', 'add', 'res_1', 'res_2', 'gap'];
    const values: Record<string, unknown[]> = {
      filters: [4, 8, 0],
      kernelSize: [
        [3, 3],
        [1, 1],
        [9, 9],
      ],
      padding: ['same', 'valid'],
      epsilon: [0.001, -1],
      shape: [
        [8, 8, 4],
        [2, 2, 4],
        [8, 8, 3],
      ],
    };
    const opArb = fc.oneof(
      fc
        .record({
          scope: fc.constantFrom(undefined, 'res'),
          node: fc.constantFrom(...nodeIds, 'relu'),
          param: fc.constantFrom(...Object.keys(values)),
          v: fc.nat(2),
        })
        .map(({ scope, node, param, v }) => {
          const choices = values[param] as unknown[];
          return { op: 'setParam', ...(scope ? { scope } : {}), node, param, value: choices[v % choices.length] };
        }),
      fc
        .record({ node: fc.constantFrom(...nodeIds), name: fc.constantFrom('conv', 'x', 'bn', '') })
        .map(({ node, name }) => ({ op: 'rename', node, name })),
      fc
        .record({ source: fc.constantFrom(...nodeIds), target: fc.constantFrom(...nodeIds), port: fc.nat(1) })
        .map(({ source, target, port }) => ({
          op: 'connect',
          edge: { id: `w_${source}_${target}_${port}`, source, target, targetPort: port },
        })),
      fc.constantFrom(...nodeIds).map((id) => ({ op: 'removeNodes', ids: [id] })),
    ) as fc.Arbitrary<EditOp>;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), (ops) => {
        let doc = chain();
        analyze(doc);
        for (const op of ops) {
          const r = applyEdit(doc, op);
          if (r.error) continue;
          doc = r.doc;
          expect(analyze(doc)).toEqual(fresh(doc));
        }
      }),
      { numRuns: 60, seed: 20261128 },
    );
  });
});

describe('checkGraph', () => {
  it('gives the wires into each node in port order and the resolved params by id', () => {
    const doc = chain();
    const flipped: SkipwireDoc = { ...doc, edges: [...doc.edges].reverse() };
    for (const d of [doc, flipped]) {
      const check = checkGraph(d, d);
      expect(check.inputsOf.get('add')?.map((e) => [e.source, e.targetPort])).toEqual([
        ['bn', 0],
        ['input', 1],
      ]);
      expect(check.inputsOf.get('input')).toEqual([]);
      expect(check.params.get('conv')?.filters).toBe(4);
      expect(check.params.has('res_1')).toBe(false);
      expect(check.order.map((n) => n.id).indexOf('add')).toBeGreaterThan(check.order.map((n) => n.id).indexOf('bn'));
    }
  });
});
