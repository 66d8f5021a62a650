/**
 * Property tests over random documents, valid and invalid: random layers, params and wiring.
 * Analysis never throws; whenever it is clean, tfjs builds the model and agrees with every
 * inferred shape and parameter count; whenever building fails, analysis had reported an error.
 * Runs: SKIPWIRE_FUZZ_RUNS (default 250; the long run uses thousands).
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LAYERS, type ParamSpec } from '../nodes';
import { analyze } from './analyze';
import { CompileError, compileModel } from './compile';
import type { DocEdge, DocNode, SkipwireDoc } from './document';
import { applyEdit } from './ops';

const RUNS = Number(process.env.SKIPWIRE_FUZZ_RUNS ?? 250);
/** `npm test` is deterministic (fixed seed); a long run (SKIPWIRE_FUZZ_RUNS set) explores new seeds. */
const SEED = process.env.SKIPWIRE_FUZZ_SEED
  ? Number(process.env.SKIPWIRE_FUZZ_SEED)
  : process.env.SKIPWIRE_FUZZ_RUNS
    ? undefined
    : 20261127;
const TYPES = LAYERS.filter((d) => d.type !== 'input');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small deterministic PRNG so that a fast-check seed reproduces a whole document. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function randomValue(spec: ParamSpec, rnd: () => number): unknown {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  if (rnd() < 0.05) return [-1, 0, 'x', null, 1.5, [], true][int(0, 6)]; // sometimes invalid
  if (spec.nullable && rnd() < 0.2) return null;
  switch (spec.kind) {
    case 'int': {
      const lo = spec.min ?? -3;
      return int(lo, Math.min(spec.max ?? lo + 4, lo + 4));
    }
    case 'float': {
      const lo = spec.min ?? 0;
      const hi = spec.max ?? lo + 2;
      return lo + rnd() * (hi - lo);
    }
    case 'bool':
      return rnd() < 0.5;
    case 'choice':
      return spec.options[int(0, spec.options.length - 1)];
    case 'ints': {
      const len = spec.length ?? int(spec.minLength ?? 1, Math.min(spec.maxLength ?? 3, 3));
      const lo = spec.min ?? -2;
      return Array.from({ length: len }, () => (spec.allowInfer && rnd() < 0.2 ? -1 : int(lo, lo + 3)));
    }
  }
}

const stepArb = fc.record({
  type: fc.integer({ min: 0, max: TYPES.length - 1 }),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  defaults: fc.boolean(),
  seed: fc.integer(),
});

const docArb = fc.record({
  /** When true, steps whose layer does not fit are kept (invalid documents); else they are retried or dropped. */
  keepInvalid: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  inputs: fc.array(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }), {
    minLength: 1,
    maxLength: 2,
  }),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 7 }),
  breakage: fc.oneof(
    { arbitrary: fc.constant(null), weight: 4 },
    {
      arbitrary: fc.record({
        kind: fc.constantFrom('dropEdge', 'backEdge', 'dangling', 'dupName', 'unknownType', 'badPort'),
        a: fc.nat(),
        b: fc.nat(),
      }),
      weight: 1,
    },
  ),
});

type DocSpec = typeof docArb extends fc.Arbitrary<infer T> ? T : never;

const asDoc = (nodes: DocNode[], edges: DocEdge[]): SkipwireDoc => ({
  format: 'skipwire',
  version: 2,
  name: 'random',
  nodes: [...nodes],
  edges: [...edges],
  blocks: [],
  metadata: {},
});

function fits(nodes: DocNode[], edges: DocEdge[], id: string): boolean {
  return !analyze(asDoc(nodes, edges)).diagnostics.some((d) => d.nodeId === id && d.severity === 'error');
}

function buildDoc(spec: DocSpec): SkipwireDoc {
  const nodes: DocNode[] = [];
  const edges: DocEdge[] = [];
  spec.inputs.forEach((shape, i) => {
    nodes.push({ id: `in${i}`, type: 'input', name: `in${i}`, params: { shape }, position: { x: 0, y: 0 } });
  });
  spec.steps.forEach((step, i) => {
    const def = TYPES[step.type]!;
    const rnd = prng(step.seed);
    const params: Record<string, unknown> = {};
    if (!step.defaults)
      for (const [k, p] of Object.entries(def.params)) if (rnd() < 0.6) params[k] = randomValue(p, rnd);
    const id = `n${i}`;
    const count = Math.min(def.inputs.max, Math.max(def.inputs.min, step.picks.length));
    const wires: DocEdge[] = [];
    for (let port = 0; port < count; port++) {
      const src = nodes[(step.picks[port % step.picks.length] ?? 0) % nodes.length]!;
      wires.push({ id: `e${edges.length + port}`, source: src.id, target: id, targetPort: port });
    }
    const attempts = spec.keepInvalid ? [params] : [params, {}];
    for (const p of attempts) {
      const candidate = [...nodes, { id, type: def.type, name: id, params: p, position: { x: 0, y: 0 } }];
      if (spec.keepInvalid || fits(candidate, [...edges, ...wires], id)) {
        nodes.splice(0, nodes.length, ...candidate);
        edges.push(...wires);
        break;
      }
    }
  });
  if (!spec.keepInvalid) {
    const used = new Set(edges.map((e) => e.source));
    for (let i = nodes.length - 1; i >= 0; i--)
      if (nodes[i]!.type === 'input' && !used.has(nodes[i]!.id) && nodes.length > 1) nodes.splice(i, 1);
  }
  const b = spec.breakage;
  if (b) {
    const n = nodes[b.a % nodes.length]!;
    const m = nodes[b.b % nodes.length]!;
    if (b.kind === 'dropEdge' && edges.length) edges.splice(b.a % edges.length, 1);
    if (b.kind === 'backEdge') edges.push({ id: 'back', source: n.id, target: m.id, targetPort: b.b % 3 });
    if (b.kind === 'dangling') edges.push({ id: 'dangling', source: 'ghost', target: m.id, targetPort: 0 });
    if (b.kind === 'dupName') nodes.push({ ...n, id: 'dup' });
    if (b.kind === 'unknownType') nodes[b.a % nodes.length] = { ...n, type: 'Lambda' };
    if (b.kind === 'badPort' && edges.length) {
      const k = b.a % edges.length;
      edges[k] = { ...edges[k]!, targetPort: 5 + (b.b % 3) };
    }
  }
  return asDoc(nodes, edges);
}

describe('random documents', () => {
  it('analysis never throws; clean ⇒ tfjs builds the same shapes and counts; build fails ⇒ analysis had an error', () => {
    let clean = 0;
    fc.assert(
      fc.property(docArb, (spec) => {
        const doc = buildDoc(spec);
        const a = analyze(doc);
        expect(a.diagnostics.filter((d) => d.message.startsWith('Internal error'))).toEqual([]);
        if (!a.ok) {
          expect(a.diagnostics.some((d) => d.severity === 'error') || a.outputs.length === 0).toBe(true);
          expect(() => compileModel(tf, doc, a)).toThrow(CompileError);
          return;
        }
        clean += 1;
        const { model, layers } = compileModel(tf, doc, a);
        try {
          for (const l of a.layers) {
            const built = layers.get(l.path);
            // A layer with states (return state) has one shape per output.
            const main = [null, ...(l.shape ?? [])];
            expect(built?.outputShape, `${l.path} (${l.def.kerasClass} ${JSON.stringify(l.params)})`).toEqual(
              l.states ? [main, ...l.states.map((s) => [null, ...s])] : main,
            );
          }
          expect(model.countParams()).toBe(a.totals.trainable + a.totals.nonTrainable);
          const nonTrainable = model.nonTrainableWeights.reduce(
            (s, w) => s + w.shape.reduce<number>((x, y) => x * (y ?? 0), 1),
            0,
          );
          expect(nonTrainable).toBe(a.totals.nonTrainable);
        } finally {
          model.dispose();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator must produce a fair share of clean models, or the property says little.
    expect(clean).toBeGreaterThan(RUNS * 0.3);
  });

  it('grouping any selection into a block, then ungrouping it, keeps the model the same', () => {
    fc.assert(
      fc.property(docArb, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (spec, mask) => {
        const doc = buildDoc({ ...spec, keepInvalid: false, breakage: null });
        const before = analyze(doc);
        if (!before.ok) return;
        const picked = doc.nodes.filter((n, i) => n.type !== 'input' && mask[i % mask.length]).map((n) => n.id);
        if (!picked.length) return;
        const grouped = applyEdit(doc, {
          op: 'group',
          nodes: picked,
          blockId: 'blk',
          blockName: 'Blk',
          instanceId: 'blk_1',
        });
        if (grouped.error) {
          // Only a selection with an unselected layer on a path through it is refused.
          expect(grouped.error).toMatch(/lies between selected layers/);
          return;
        }
        const after = analyze(grouped.doc);
        expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        expect(after.totals).toEqual(before.totals);
        expect(after.layers.length).toBe(before.layers.length);
        const shapes = (a: typeof before) => a.outputs.map((p) => a.layers.find((l) => l.path === p)?.shape);
        expect(new Set(shapes(after).map((x) => JSON.stringify(x)))).toEqual(
          new Set(shapes(before).map((x) => JSON.stringify(x))),
        );
        const { model } = compileModel(tf, grouped.doc, after);
        expect(model.countParams()).toBe(before.totals.trainable + before.totals.nonTrainable);
        model.dispose();
        const back = applyEdit(grouped.doc, { op: 'ungroup', instance: 'blk_1' });
        expect(back.error).toBeUndefined();
        expect(analyze(back.doc).totals).toEqual(before.totals);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: SEED },
    );
  });
});
