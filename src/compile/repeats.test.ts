/**
 * Repeated blocks found in flat graphs (repeats.ts) and grouped (repeatGroup.ts): small graphs
 * built by hand, and a property: grouping, then ungrouping every instance, gives back the same
 * model (the same layers by Keras name, with the same types, params and wiring).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import type { SkipwireDoc } from './document';
import { applyEdit } from './ops';
import { parseDocument } from './parse';
import { groupRepeats, movedPath } from './repeatGroup';
import { describeRepeat, findRepeats } from './repeats';

interface Options {
  readonly filters: readonly number[];
  /** An activation after each Add (ResNet's `out`). */
  readonly out?: boolean;
  /** A plain layer between blocks, so the chain has single-layer segments too. */
  readonly between?: boolean;
  /** Keras' numbered names (`conv2d_3`, `add_2`) instead of `b<i>_…`. */
  readonly numbered?: boolean;
}

/** input → stem → N residual blocks `b<i>_conv1/_bn/_conv2/_add` (sizes from `filters`) → head. */
function resChain({ filters, out = false, between = false, numbered = false }: Options): SkipwireDoc {
  const b = new DocBuilder('chain');
  const counts = new Map<string, number>();
  const nm = (type: string, name: string) => {
    if (!numbered) return name;
    const k = (counts.get(type) ?? 0) + 1;
    counts.set(type, k);
    return `${type}_${k}`;
  };
  let x = b.layer('input', 'input_1', { shape: [6, 6, 4] });
  x = b.layer('conv2d', 'stem', { filters: 4, kernelSize: [3, 3], padding: 'same' }, [x]);
  filters.forEach((f, i) => {
    const p = `b${i + 1}_`;
    const c1 = b.layer('conv2d', nm('conv2d', `${p}conv1`), { filters: f, kernelSize: [1, 1] }, [x]);
    const bn = b.layer('batchNormalization', nm('batchNormalization', `${p}bn`), {}, [c1]);
    const c2 = b.layer('conv2d', nm('conv2d', `${p}conv2`), { filters: 4, kernelSize: [3, 3], padding: 'same' }, [bn]);
    x = b.layer('add', nm('add', `${p}add`), {}, [x, c2]);
    if (out) x = b.layer('activation', nm('activation', `${p}out`), { activation: 'relu' }, [x]);
    if (between && i < filters.length - 1) x = b.layer('dropout', nm('dropout', `${p}drop`), { rate: 0.1 }, [x]);
  });
  x = b.layer('globalAveragePooling2d', 'pool', {}, [x]);
  b.layer('dense', 'head', { units: 3 }, [x]);
  return b.build();
}

/** The model as Keras sees it, paths replaced by layer names. */
function flat(doc: SkipwireDoc) {
  const a = analyze(doc);
  expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const nameOf = new Map(a.layers.map((l) => [l.path, l.name]));
  return a.layers
    .map((l) => ({ name: l.name, type: l.type, params: l.buildParams, inputs: l.inputs.map((p) => nameOf.get(p)) }))
    .sort((x, y) => x.name.localeCompare(y.name));
}

/** Ungroups every instance, naming each layer as it compiled inside the block (`b1_conv1`). */
function ungroupAll(doc: SkipwireDoc): SkipwireDoc {
  let d = doc;
  for (const n of doc.nodes.filter((x) => x.type === 'block')) {
    const r = applyEdit(d, { op: 'ungroup', instance: n.id });
    if (r.error) throw new Error(r.error);
    d = r.doc;
    // An instance with a name map gives its layers their Keras names back itself.
    if (n.names) continue;
    for (const inner of doc.blocks.find((b) => b.id === n.block)?.nodes ?? []) {
      if (inner.type === 'blockInput') continue;
      const renamed = applyEdit(d, { op: 'rename', node: `${n.id}_${inner.id}`, name: `${n.name}_${inner.name}` });
      if (renamed.error) throw new Error(renamed.error);
      d = renamed.doc;
    }
  }
  return d;
}

describe('findRepeats', () => {
  it('finds residual blocks between merge points, sizes that differ as varying params', () => {
    const groups = findRepeats(resChain({ filters: [8, 8, 16] }));
    expect(groups).toHaveLength(1);
    const g = groups[0]!;
    expect(g.kind).toBe('residual');
    expect(g.instances).toEqual([
      ['b1_conv1', 'b1_bn', 'b1_conv2', 'b1_add'],
      ['b2_conv1', 'b2_bn', 'b2_conv2', 'b2_add'],
      ['b3_conv1', 'b3_bn', 'b3_conv2', 'b3_add'],
    ]);
    expect(g.entries).toEqual(['stem', 'b1_add', 'b2_add']);
    expect(g.varying).toEqual([{ index: 0, param: 'filters' }]);
    expect(describeRepeat(g)).toBe('3 × residual (Conv2D → BatchNormalization → Conv2D → Add)');
  });

  it('takes the activation after the merge into the block', () => {
    const [g] = findRepeats(resChain({ filters: [8, 8], out: true }));
    expect(g?.instances[0]).toEqual(['b1_conv1', 'b1_bn', 'b1_conv2', 'b1_add', 'b1_out']);
  });

  it('keeps blocks with different non-size params apart, and finds nothing in a chain', () => {
    const doc = resChain({ filters: [8, 8, 8] });
    const changed = applyEdit(doc, { op: 'setParam', node: 'b3_conv2', param: 'activation', value: 'relu' }).doc;
    expect(findRepeats(changed)[0]?.instances).toHaveLength(2);
    const chain = new DocBuilder('chain');
    let x = chain.layer('input', 'in', { shape: [4] });
    for (let i = 0; i < 6; i++) x = chain.layer('dense', `d${i}`, { units: 4 }, [x]);
    expect(findRepeats(chain.build())).toEqual([]);
  });

  it('finds all 300 repeats of a 1,500-layer chain (its speed: bench/repeats.ts)', () => {
    const doc = resChain({ filters: Array.from({ length: 300 }, (_, i) => 4 + (i % 5)), out: true });
    expect(doc.nodes.length).toBeGreaterThan(1500);
    const groups = findRepeats(doc);
    expect(groups).toHaveLength(1);
    expect(groups[0]?.instances).toHaveLength(300);
  });
});

describe('groupRepeats', () => {
  it('makes one definition and one instance per repeat, keeping every Keras layer name', () => {
    const doc = resChain({ filters: [8, 8, 16], out: true });
    const r = groupRepeats(doc);
    expect(r.definitions).toBe(1);
    expect(r.instances).toBe(3);
    const def = r.doc.blocks[0]!;
    expect(def.name).toBe('Residual');
    expect(def.nodes.map((n) => n.id)).toEqual(['in_1', 'conv1', 'bn', 'conv2', 'add', 'out']);
    expect(def.exposed).toEqual([{ name: 'conv1_filters', node: 'conv1', param: 'filters' }]);
    const instances = r.doc.nodes.filter((n) => n.type === 'block');
    expect(instances.map((n) => [n.name, n.params])).toEqual([
      ['b1', { conv1_filters: 8 }],
      ['b2', { conv1_filters: 8 }],
      ['b3', { conv1_filters: 16 }],
    ]);
    expect(flat(r.doc)).toEqual(flat(doc));
    expect(analyze(r.doc).totals).toEqual(analyze(doc).totals);
    expect(movedPath(doc, r.moved, 'b2_conv1')).toBe('b2/conv1');
    expect(movedPath(doc, r.moved, 'stem')).toBe('stem');
    // The paths it gives are the grouped model's.
    const paths = new Set(analyze(r.doc).layers.map((l) => l.path));
    for (const l of analyze(doc).layers) expect(paths.has(movedPath(doc, r.moved, l.path))).toBe(true);
  });

  it('is one edit operation, refused when there is nothing to group', () => {
    const doc = resChain({ filters: [8, 8] });
    expect(applyEdit(doc, { op: 'groupRepeats' }).doc).toEqual(groupRepeats(doc).doc);
    expect(applyEdit(r1(), { op: 'groupRepeats' }).error).toMatch(/no repeated blocks/);
  });

  it('groups inside a block definition too, and paths through instances follow', () => {
    const inner = resChain({ filters: [8, 16] });
    const b = new DocBuilder('outer');
    const x = b.layer('input', 'image', { shape: [6, 6, 4] });
    b.block('net', 'Net', (bb) => {
      const i = bb.input();
      const ids = new Map<string, string>([['input_1', i]]);
      for (const n of inner.nodes.filter((m) => m.type !== 'input')) {
        const ins = inner.edges
          .filter((e) => e.target === n.id)
          .sort((a, c) => a.targetPort - c.targetPort)
          .map((e) => ids.get(e.source) as string);
        ids.set(n.id, bb.layer(n.type, n.name, { ...n.params }, ins));
      }
      return ['head'];
    });
    b.instance('net', 'net_1', [x]);
    const doc = b.build();
    const r = groupRepeats(doc);
    expect(r.instances).toBe(2);
    expect(r.doc.blocks.find((d) => d.id === 'net')?.nodes.filter((n) => n.type === 'block')).toHaveLength(2);
    expect(analyze(r.doc).totals).toEqual(analyze(doc).totals);
    expect(movedPath(doc, r.moved, 'net_1/b2_add')).toBe('net_1/b2/add');
  });

  it('property: grouping, then ungrouping every instance, gives back the same model', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(4, 6, 8), { minLength: 2, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (filters, out, between, numbered) => {
          const doc = resChain({ filters, out, between, numbered });
          const r = groupRepeats(doc);
          expect(r.instances).toBe(filters.length);
          expect(flat(r.doc)).toEqual(flat(doc));
          expect(flat(ungroupAll(r.doc))).toEqual(flat(doc));
        },
      ),
      { numRuns: 40, seed: 20261203 },
    );
  });
});

function r1(): SkipwireDoc {
  return resChain({ filters: [8] });
}

describe('names kept exactly', () => {
  it("keeps Keras numbered names (no common prefix) through each instance's name map", () => {
    const b = new DocBuilder('numbered');
    let x = b.layer('input', 'input_1', { shape: [6, 6, 4] });
    for (let i = 0; i < 3; i++) {
      const c = b.layer('conv2d', `conv2d_${2 * i + 1}`, { filters: 4, padding: 'same' }, [x]);
      const d = b.layer('conv2d', `conv2d_${2 * i + 2}`, { filters: 4, padding: 'same' }, [c]);
      x = b.layer('add', `add_${i + 1}`, {}, [x, d]);
    }
    const doc = b.build();
    const [group] = findRepeats(doc);
    expect(group?.names).toEqual({
      instances: [],
      inner: ['conv2d', 'conv2d_1', 'add'],
      maps: [0, 1, 2].map((i) => [`conv2d_${2 * i + 1}`, `conv2d_${2 * i + 2}`, `add_${i + 1}`]),
    });
    const r = groupRepeats(doc);
    expect(r.instances).toBe(3);
    const instances = r.doc.nodes.filter((n) => n.type === 'block');
    expect(instances.map((n) => n.name)).toEqual(['residual_1', 'residual_2', 'residual_3']);
    expect(instances[1]?.names).toEqual({ conv2d: 'conv2d_3', conv2d_1: 'conv2d_4', add: 'add_2' });
    expect(flat(r.doc)).toEqual(flat(doc));
    expect(flat(ungroupAll(r.doc))).toEqual(flat(doc));
    // The same model with prefixed names is named `<instance>_<inner>`, without maps.
    const named = resChain({ filters: [4, 4, 4] });
    expect(findRepeats(named)[0]?.names).toEqual({
      instances: ['b1', 'b2', 'b3'],
      inner: ['conv1', 'bn', 'conv2', 'add'],
    });
  });

  it('a name map is part of the document: read back as written, refused when malformed', () => {
    const doc = groupRepeats(resChain({ filters: [4, 4], numbered: true })).doc;
    const parsed = parseDocument(JSON.stringify(doc));
    expect(parsed.ok && parsed.doc).toEqual(doc);
    const bad = JSON.parse(JSON.stringify(doc));
    bad.nodes.find((n: { type: string }) => n.type === 'block').names = { conv2d: 5 };
    const refused = parseDocument(JSON.stringify(bad));
    expect(refused.ok).toBe(false);
  });
});

/** input → N runs `s<i>_c<k>_conv/_bn` (no merge), each after a `s<i>_pool` separator. */
function runs(n: number, sizes: readonly number[], prefix = (i: number) => `s${i}_`): SkipwireDoc {
  const b = new DocBuilder('runs');
  let x = b.layer('input', 'input_1', { shape: [8, 8, 3] });
  for (let i = 0; i < n; i++) {
    const p = prefix(i);
    x = b.layer('conv2d', `${p}conv`, { filters: sizes[i % sizes.length], kernelSize: [3, 3], padding: 'same' }, [x]);
    x = b.layer('batchNormalization', `${p}bn`, {}, [x]);
    x = b.layer('relu', `${p}relu`, {}, [x]);
  }
  x = b.layer('flatten', 'flatten', {}, [x]);
  b.layer('dense', 'head', { units: 2 }, [x]);
  return b.build();
}

describe('repeated runs without a merge', () => {
  it('cuts a plain chain into runs by name prefix, confirmed by structure, sizes varying', () => {
    const doc = runs(4, [4, 8]);
    const groups = findRepeats(doc);
    expect(groups.map(describeRepeat)).toEqual(['4 × repeated block (Conv2D → BatchNormalization → ReLU)']);
    const g = groups[0]!;
    expect(g.entries).toEqual(['input_1', 's0_relu', 's1_relu', 's2_relu']);
    expect(g.varying).toEqual([{ index: 0, param: 'filters' }]);
    expect(g.names).toEqual({ instances: ['s0', 's1', 's2', 's3'], inner: ['conv', 'bn', 'relu'] });
    const r = groupRepeats(doc);
    expect(r.instances).toBe(4);
    expect(flat(ungroupAll(r.doc))).toEqual(flat(doc));
    expect(
      analyze(r.doc)
        .layers.map((l) => l.name)
        .sort(),
    ).toEqual(
      analyze(doc)
        .layers.map((l) => l.name)
        .sort(),
    );
  });

  it('keeps runs with other params apart, and a run that occurs once alone', () => {
    const doc = runs(3, [4]);
    const changed = applyEdit(doc, { op: 'setParam', node: 's2_conv', param: 'padding', value: 'valid' }).doc;
    expect(findRepeats(changed).map(describeRepeat)).toEqual([
      '2 × repeated block (Conv2D → BatchNormalization → ReLU)',
    ]);
    expect(findRepeats(runs(1, [4]))).toEqual([]);
  });

  it('takes the name depth that groups most (ResNet-like `conv2_block1_`)', () => {
    const doc = runs(3, [4], (i) => `conv2_block${i + 1}_`);
    expect(findRepeats(doc)[0]?.names.instances).toEqual(['conv2_block1', 'conv2_block2', 'conv2_block3']);
  });

  it('finds 300 runs of a 900-layer chain', () => {
    expect(findRepeats(runs(300, [4, 6, 8]))[0]?.instances).toHaveLength(300);
  });
});
