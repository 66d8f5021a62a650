/**
 * The analysis replays the last analysis of the same graph structure (replay.ts: layers, feeds,
 * names, facts and what each layer was made from, kept per structure; expand.ts: frames and facts
 * kept per block instance). Undo and redo analyse documents out of order, so these tests jump
 * around an edit history and check each analysis against a first analysis of a deep copy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import type { SkipwireDoc } from './document';
import { applyEdit, type EditOp } from './ops';

const fresh = (doc: SkipwireDoc) => analyze(structuredClone(doc));

/** input → conv → bn → Add(bn, input) → three instances of a residual block → pooling. */
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
  const r3 = b.instance('res', 'res_3', [r2]);
  b.layer('globalAveragePooling2d', 'gap', {}, [r3]);
  return b.build();
}

const nodeIds = ['input', 'conv', 'bn', 'add', 'res_1', 'res_2', 'res_3', 'gap'];

/** Param edits that keep the structure (so the next analysis replays the last one) but change results. */
const setParams: EditOp[] = [
  { op: 'setParam', node: 'conv', param: 'filters', value: 8 },
  { op: 'setParam', node: 'conv', param: 'filters', value: 4 },
  { op: 'setParam', node: 'conv', param: 'kernelSize', value: [1, 1] },
  { op: 'setParam', node: 'conv', param: 'padding', value: 'valid' },
  { op: 'setParam', node: 'input', param: 'shape', value: [8, 8, 3] },
  { op: 'setParam', node: 'bn', param: 'epsilon', value: -1 },
  { op: 'setParam', scope: 'res', node: 'conv', param: 'kernelSize', value: [5, 5] },
  { op: 'setParam', scope: 'res', node: 'conv', param: 'filters', value: 8 },
  { op: 'setParam', node: 'gap', param: 'nope', value: 1 },
];

const opArb = fc.oneof(
  fc.constantFrom(...setParams),
  fc.constantFrom(...setParams),
  fc
    .record({ id: fc.constantFrom(...nodeIds), x: fc.nat(50) })
    .map(({ id, x }) => ({ op: 'move', moves: [{ id, position: { x, y: x } }] })),
  fc
    .record({ node: fc.constantFrom(...nodeIds), name: fc.constantFrom('conv', 'x', 'res_2') })
    .map(({ node, name }) => ({ op: 'rename', node, name })),
  fc
    .record({ source: fc.constantFrom(...nodeIds), target: fc.constantFrom(...nodeIds), port: fc.nat(1) })
    .map(({ source, target, port }) => ({
      op: 'connect',
      edge: { id: `w_${source}_${target}_${port}`, source, target, targetPort: port },
    })),
  fc.constantFrom(...nodeIds).map((id) => ({ op: 'removeNodes', ids: [id] })),
) as fc.Arbitrary<EditOp>;

describe('replayed analysis', () => {
  it('analysing the documents of an edit history in any order gives what a first analysis gives', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
        (ops, jumps) => {
          const history = [chain()];
          for (const op of ops) {
            const r = applyEdit(history.at(-1) as SkipwireDoc, op);
            if (!r.error) history.push(r.doc);
          }
          for (const doc of history) analyze(doc);
          for (const j of jumps) {
            const doc = history[j % history.length] as SkipwireDoc;
            expect(analyze(doc)).toEqual(fresh(doc));
          }
        },
      ),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('an unchanged model hands out the same lists and facts; a moved one keeps its layers', () => {
    const doc = chain();
    const a = analyze(doc);
    const b = analyze(doc);
    expect(b.layers).toBe(a.layers);
    expect(b.nodes).toBe(a.nodes);
    const moved = applyEdit(doc, { op: 'move', moves: [{ id: 'res_2', position: { x: 9, y: 9 } }] }).doc;
    const c = analyze(moved);
    expect(c).toEqual(fresh(moved));
    expect(c.layers.length).toBe(a.layers.length);
    expect(c.layers.filter((l, i) => l === a.layers[i]).length).toBeGreaterThan(0);
    // Back to the first document: its own layers again, equal to a first analysis.
    expect(analyze(doc)).toEqual(fresh(doc));
  });
});
