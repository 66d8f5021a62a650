import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import type { SkipwireDoc } from './document';
import { applyEdits } from './ops';
import { example, residual } from './testing';

const errors = (doc: SkipwireDoc) => analyze(doc).diagnostics.filter((d) => d.severity === 'error');

describe('analysis of the examples', () => {
  it('ApesNet: 56 layers, 923,556 params of which 922,068 trainable, output 172800×12', () => {
    const a = analyze(example('apesnet'));
    expect(a.diagnostics).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.layers).toHaveLength(56);
    expect(a.totals).toEqual({ trainable: 922_068, nonTrainable: 1_488 });
    expect(a.outputs).toEqual(['softmax']);
    expect(a.layers.find((l) => l.path === 'softmax')?.shape).toEqual([172800, 12]);
    // Instance facts: block shapes and counts on the instance node.
    const inst = a.nodes.get('apes_block1');
    expect(inst?.outputShapes).toEqual([[45, 60, 64]]);
    expect(inst?.count).toEqual({ trainable: 4160 + 200768 + 4 * 128, nonTrainable: 4 * 128 });
    // Definition facts for the sub-canvas.
    expect(a.blocks.get('apes_block')?.get('add')?.outputShapes).toEqual([[45, 60, 64]]);
  });

  it.each(['apesnet-mini', 'apes-block', 'spirals'])('%s is clean', (name) => {
    const a = analyze(example(name));
    expect(a.diagnostics).toEqual([]);
    expect(a.ok).toBe(true);
  });

  it('apesnet-mini ends in 1024×4', () => {
    const a = analyze(example('apesnet-mini'));
    expect(a.layers.at(-1)?.shape).toEqual([1024, 4]);
  });
});

describe('structural diagnostics', () => {
  it('reports a cycle naming its layers', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [4] });
    const d1 = b.layer('dense', 'd1', {}, [x]);
    const add = b.layer('add', 'sum', {}, [d1, x]);
    const doc = b.build();
    const cyc = applyEdits(doc, [{ op: 'connect', edge: { id: 'back', source: add, target: d1, targetPort: 0 } }]);
    // d1's single input is replaced by the loop, so input feeds only the Add: still a cycle d1 → sum → d1.
    const ds = errors(cyc.doc);
    expect(ds.map((d) => d.message).join('\n')).toMatch(/cycle \(d1 → sum → d1\)|cycle \(sum → d1 → sum\)/);
  });

  it('reports a merge with one input, an unconnected layer, a dangling wire, duplicate names', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [4] });
    b.layer('add', 'sum', {}, [x]);
    b.layer('dense', 'lonely', {});
    b.layer('dense', 'twin', {}, [x]);
    b.layer('dense', 'twin', {}, [x]);
    const doc = b.build();
    const withDangling: SkipwireDoc = {
      ...doc,
      edges: [...doc.edges, { id: 'ghost', source: 'nowhere', target: 'lonely', targetPort: 0 }],
    };
    const msgs = errors(withDangling).map((d) => `${d.nodeId}: ${d.message}`);
    expect(msgs).toContain('sum: Add "sum" merges 2 or more inputs, but only 1 is connected.');
    expect(msgs).toContain('lonely: Dense "lonely" has no input; connect a wire into it.');
    expect(msgs).toContain('lonely: A wire comes from a node "nowhere" that does not exist; delete the wire.');
    expect(msgs).toContain('twin_2: Two layers are named "twin"; Keras needs unique layer names. Rename one of them.');
  });

  it('reports a model without Input, and an empty model', () => {
    const b = new DocBuilder('m');
    b.layer('dense', 'd', {});
    expect(errors(b.build()).map((d) => d.message)).toContain(
      'The model has no Input layer: add one and connect it to the first layer.',
    );
    expect(errors(new DocBuilder('empty').build())[0]?.message).toMatch(/The model is empty/);
  });

  it('names the invalid param', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [8, 8, 3] });
    b.layer('conv2d', 'conv', { filters: 0, padding: 'middle' }, [x]);
    const ds = errors(b.build());
    expect(ds.map((d) => [d.param, d.message])).toEqual([
      ['filters', 'Conv2D "conv": filters must be a whole number ≥ 1 (got 0).'],
      ['padding', 'Conv2D "conv": padding must be one of "valid", "same" (got "middle").'],
    ]);
  });

  it('refuses a second wire into a single input and a wire into an Input', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [4] });
    const y = b.layer('input', 'input2', { shape: [4] });
    const d = b.layer('dense', 'd', {}, [x]);
    const doc = b.build();
    const bad: SkipwireDoc = {
      ...doc,
      edges: [
        ...doc.edges,
        { id: 'w2', source: y, target: d, targetPort: 0 },
        { id: 'w3', source: d, target: y, targetPort: 0 },
      ],
    };
    const msgs = errors(bad).map((e) => e.message);
    expect(msgs).toContain('Input 1 of "d" has two wires (from "input" and "input2"); a single input takes one wire.');
    expect(msgs).toContain('"input2" is an input and takes no incoming wire; delete the wire from "d".');
  });
});

describe('shape diagnostics and fixes', () => {
  it('Add with mismatched channels offers a 1×1 Conv2D on the shortcut, and applying it makes the model clean', () => {
    const doc = residual(3, 64);
    const [d] = errors(doc);
    expect(d?.nodeId).toBe('add');
    expect(d?.message).toBe(
      'Add needs inputs of the same shape, but input 1 is 8×8×64, input 2 is 8×8×3: the channel counts differ (64 vs 3). Project input 2 with a 1×1 Conv2D so both have 64 channels.',
    );
    const fix = d?.fixes?.[0];
    expect(fix?.label).toBe('Insert a 1×1 Conv2D with 64 filters on input 2 (3 channels)');
    const fixed = applyEdits(doc, fix?.ops ?? []);
    expect(fixed.error).toBeUndefined();
    const a = analyze(fixed.doc);
    expect(a.diagnostics).toEqual([]);
    expect(a.layers.map((l) => l.def.kerasClass)).toEqual(['InputLayer', 'Conv2D', 'Conv2D', 'Add']);
  });

  it('Add with different spatial sizes says which, and offers pooling', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [16, 16, 8] });
    const p = b.layer('maxPooling2d', 'pool', {}, [x]);
    b.layer('add', 'add', {}, [x, p]);
    const [d] = errors(b.build());
    expect(d?.message).toMatch(/input 1 is 16×16×8, input 2 is 8×8×8: the spatial sizes differ \(16×16 vs 8×8\)/);
    const fixed = applyEdits(b.build(), d?.fixes?.[0]?.ops ?? []);
    expect(analyze(fixed.doc).ok).toBe(true);
  });

  it('Dense on a feature map is a warning with Flatten and GlobalAveragePooling2D fixes', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [8, 8, 3] });
    b.layer('dense', 'head', { units: 10 }, [x]);
    const a = analyze(b.build());
    expect(a.ok).toBe(true);
    const [w] = a.diagnostics;
    expect(w?.severity).toBe('warning');
    expect(w?.fixes?.map((f) => f.label)).toEqual([
      'Insert Flatten before Dense',
      'Insert GlobalAveragePooling2D before Dense',
    ]);
    const flat = analyze(applyEdits(b.build(), w?.fixes?.[0]?.ops ?? []).doc);
    expect(flat.diagnostics).toEqual([]);
    expect(flat.layers.at(-1)?.shape).toEqual([10]);
  });

  it('a shape error inside a block is reported on the instance, with a fix that edits the definition', () => {
    const b = new DocBuilder('m');
    b.block('res', 'Res', (bb) => {
      const x = bb.input();
      const c = bb.layer('conv2d', 'conv', { filters: 16, padding: 'same' }, [x]);
      return [bb.layer('add', 'add', {}, [x, c])];
    });
    const x = b.layer('input', 'input', { shape: [8, 8, 3] });
    b.instance('res', 'res1', [x]);
    const doc = b.build();
    const [d] = errors(doc);
    expect(d?.nodeId).toBe('res1');
    expect(d?.path).toEqual(['add']);
    expect(d?.message).toMatch(/^In block "Res", layer "add": Add needs inputs of the same shape/);
    const fixed = applyEdits(doc, d?.fixes?.[0]?.ops ?? []);
    expect(fixed.error).toBeUndefined();
    expect(analyze(fixed.doc).ok).toBe(true);
    expect(fixed.doc.blocks[0]?.nodes.some((n) => n.type === 'conv2d' && n.id !== 'conv')).toBe(true);
  });

  it('errors do not cascade downstream', () => {
    const b = new DocBuilder('m');
    const x = b.layer('input', 'input', { shape: [8, 8, 3] });
    const c = b.layer('conv2d', 'conv', { kernelSize: [9, 9] }, [x]);
    const d = b.layer('dense', 'd', {}, [c]);
    b.layer('dense', 'e', {}, [d]);
    const ds = errors(b.build());
    expect(ds).toHaveLength(1);
    expect(ds[0]?.param).toBe('kernelSize');
  });
});

describe('robustness', () => {
  it('never throws on malformed documents', () => {
    const junk = [
      { nodes: [{ id: 'a', type: 'block', name: 'a', params: {}, position: { x: 0, y: 0 }, block: 'missing' }] },
      { nodes: [{ id: 'a', type: 'dense', name: 'a', params: null, position: { x: 0, y: 0 } }] },
      { blocks: [{ id: 'b', name: 'b', nodes: [], edges: [], inputs: ['zz'], outputs: ['yy'], exposed: [] }] },
      { edges: [{ id: 'e', source: 'a', target: 'a', targetPort: -3 }] },
    ];
    for (const j of junk) {
      const doc = { ...new DocBuilder('m').build(), ...j } as unknown as SkipwireDoc;
      expect(() => analyze(doc)).not.toThrow();
      expect(analyze(doc).ok).toBe(false);
    }
  });
});
