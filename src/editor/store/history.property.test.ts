/**
 * Property test over the editor store (no React, no DOM): random sequences of user edits — add,
 * insert, delete, connect, disconnect, setParam with valid and invalid values, rename, move,
 * group, ungroup, paste, edits inside an opened block — interleaved with undo and redo.
 * After every step the document is well formed (it survives `serializeDocument` →
 * `parseDocument` unchanged, every edge joins existing nodes of its graph, ids are unique, every
 * instance names an existing block) and nothing threw. Undoing everything gives back the initial
 * document; redoing everything gives back the final one.
 * Runs: SKIPWIRE_FUZZ_RUNS (default 200; a long run: `SKIPWIRE_FUZZ_RUNS=5000 npx vitest run
 * src/editor/store/history.property.test.ts`, about 30 s).
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_TYPE,
  EXAMPLES,
  emptyDocument,
  type Graph,
  parseDocument,
  type SkipwireDoc,
  serializeDocument,
} from '../../compile';
import { LAYERS, type ParamSpec } from '../../nodes';
import {
  commitMoves,
  copySelection,
  deleteSelection,
  dropPlaceable,
  duplicateSelection,
  insertPlaceable,
  makeBlock,
  paste,
  rename,
  setParam,
  ungroupSelection,
} from '../actions';
import { createEditorStore, type EditorStore } from './createStore';
import { currentScope } from './types';

const RUNS = Number(process.env.SKIPWIRE_FUZZ_RUNS ?? 200);
/** `npm test` is deterministic (fixed seed); a long run (SKIPWIRE_FUZZ_RUNS set) explores new seeds. */
const SEED = process.env.SKIPWIRE_FUZZ_SEED
  ? Number(process.env.SKIPWIRE_FUZZ_SEED)
  : process.env.SKIPWIRE_FUZZ_RUNS
    ? undefined
    : 20261127;
const TYPES = LAYERS.map((d) => d.type);
const START: Readonly<Record<string, () => SkipwireDoc>> = {
  empty: () => emptyDocument(),
  'apes-block': EXAMPLES['apes-block'] as () => SkipwireDoc,
  spirals: EXAMPLES.spirals as () => SkipwireDoc,
  'apesnet-mini': EXAMPLES['apesnet-mini'] as () => SkipwireDoc,
};

/** Any JSON value a form or a hostile file could put in a param (valid ones come from the spec). */
const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 300 }),
  fc.integer({ min: -1000, max: 1000 }).map((n) => n / 100),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.array(fc.integer({ min: -2, max: 9 }), { maxLength: 4 }),
  fc.constantFrom('same', 'valid', 'relu', 'softmax', '<img src=x onerror=alert(1)>'),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

function validValue(spec: ParamSpec, pick: number): unknown {
  switch (spec.kind) {
    case 'choice':
      return spec.options[pick % spec.options.length];
    case 'bool':
      return pick % 2 === 0;
    case 'int':
      return Math.max(spec.min ?? 1, Math.min(spec.max ?? 64, 1 + (pick % 64)));
    default:
      return spec.default;
  }
}

const idx = fc.nat({ max: 1000 });
const coord = fc.integer({ min: -2000, max: 2000 });
const action = fc.oneof(
  { arbitrary: fc.record({ k: fc.constant('drop' as const), t: idx, x: coord, y: coord }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('insert' as const), t: idx }), weight: 3 },
  { arbitrary: fc.record({ k: fc.constant('select' as const), picks: fc.array(idx, { maxLength: 4 }) }), weight: 4 },
  {
    arbitrary: fc.record({ k: fc.constant('selectEdges' as const), picks: fc.array(idx, { maxLength: 2 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ k: fc.constant('delete' as const) }), weight: 2 },
  {
    arbitrary: fc.record({ k: fc.constant('connect' as const), a: idx, b: idx, port: fc.nat({ max: 2 }) }),
    weight: 4,
  },
  { arbitrary: fc.record({ k: fc.constant('disconnect' as const), e: idx }), weight: 2 },
  {
    arbitrary: fc.record({
      k: fc.constant('setParam' as const),
      n: idx,
      p: idx,
      valid: fc.boolean(),
      pick: idx,
      value: anyValue,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('rename' as const),
      n: idx,
      name: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(' ', '', '<img src=x onerror=alert(1)>')),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      k: fc.constant('move' as const),
      picks: fc.array(idx, { maxLength: 3 }),
      x: coord,
      y: coord,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ k: fc.constant('group' as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('ungroup' as const) }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('selectInstance' as const), n: idx }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('enter' as const), n: idx }), weight: 2 },
  { arbitrary: fc.record({ k: fc.constant('exit' as const) }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('copyPaste' as const), dup: fc.boolean() }), weight: 1 },
  { arbitrary: fc.record({ k: fc.constant('undo' as const) }), weight: 4 },
  { arbitrary: fc.record({ k: fc.constant('redo' as const) }), weight: 3 },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;

const at = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

function openGraph(store: EditorStore): Graph {
  const s = store.getState();
  const scope = currentScope(s);
  return (scope === undefined ? s.doc : s.doc.blocks.find((b) => b.id === scope)) ?? { nodes: [], edges: [] };
}

let edgeSeq = 0;

function run(store: EditorStore, a: Action): unknown {
  const s = store.getState();
  const scope = currentScope(s);
  const scoped = scope === undefined ? {} : { scope };
  const g = openGraph(store);
  switch (a.k) {
    case 'drop':
      return dropPlaceable(store, { kind: 'layer', type: at(TYPES, a.t) as string }, { x: a.x, y: a.y });
    case 'insert':
      return insertPlaceable(store, { kind: 'layer', type: at(TYPES, a.t) as string }, { x: 0, y: 0 });
    case 'select':
      return s.select(a.picks.flatMap((i) => at(g.nodes, i)?.id ?? []));
    case 'selectEdges':
      return s.select(
        [],
        a.picks.flatMap((i) => at(g.edges, i)?.id ?? []),
      );
    case 'delete':
      return deleteSelection(store);
    case 'connect': {
      const src = at(g.nodes, a.a);
      const dst = at(g.nodes, a.b);
      if (src && dst)
        s.apply({
          op: 'connect',
          ...scoped,
          edge: { id: `fuzz_e${++edgeSeq}`, source: src.id, sourcePort: 0, target: dst.id, targetPort: a.port },
        });
      return;
    }
    case 'disconnect': {
      const e = at(g.edges, a.e);
      if (e) s.apply({ op: 'disconnect', ...scoped, ids: [e.id] });
      return;
    }
    case 'setParam': {
      const n = at(g.nodes, a.n);
      if (!n) return;
      const def = LAYERS.find((d) => d.type === n.type);
      const keys = def ? Object.keys(def.params) : Object.keys(n.params);
      const param = at(keys, a.p) ?? 'units';
      const spec = def?.params[param] as ParamSpec | undefined;
      return setParam(store, n.id, param, a.valid && spec ? validValue(spec, a.pick) : a.value);
    }
    case 'rename': {
      const n = at(g.nodes, a.n);
      if (n) rename(store, n.id, a.name);
      return;
    }
    case 'move':
      return commitMoves(
        store,
        a.picks.flatMap((i) => {
          const n = at(g.nodes, i);
          return n ? [{ id: n.id, position: { x: n.position.x + a.x, y: n.position.y + a.y } }] : [];
        }),
      );
    case 'group':
      return makeBlock(store);
    case 'ungroup':
      return ungroupSelection(store);
    case 'selectInstance': {
      const instance = at(
        g.nodes.filter((n) => n.type === BLOCK_TYPE),
        a.n,
      );
      return s.select(instance ? [instance.id] : []);
    }
    case 'enter': {
      const instance = at(
        g.nodes.filter((n) => n.type === BLOCK_TYPE),
        a.n,
      );
      if (instance?.block) s.enterBlock(instance.block);
      return;
    }
    case 'exit':
      return s.exitTo(0);
    case 'copyPaste':
      if (a.dup) return duplicateSelection(store);
      if (copySelection(store)) paste(store);
      return;
    case 'undo':
      return s.undo();
    case 'redo':
      return s.redo();
  }
}

/** Every way a document can be malformed that the parser does not already check. */
function problems(doc: SkipwireDoc): string[] {
  const out: string[] = [];
  const parsed = parseDocument(serializeDocument(doc));
  if (!parsed.ok) out.push(`does not parse back: ${parsed.error}`);
  else if (!isDeepStrictEqual(JSON.parse(serializeDocument(parsed.doc)), JSON.parse(serializeDocument(doc))))
    out.push('changes through save and open');
  const blockIds = new Set(doc.blocks.map((b) => b.id));
  if (blockIds.size !== doc.blocks.length) out.push('duplicate block ids');
  for (const [where, g] of [['model', doc] as const, ...doc.blocks.map((b) => [`block ${b.id}`, b] as const)]) {
    const ids = new Set(g.nodes.map((n) => n.id));
    if (ids.size !== g.nodes.length) out.push(`${where}: duplicate node ids`);
    if (new Set(g.edges.map((e) => e.id)).size !== g.edges.length) out.push(`${where}: duplicate edge ids`);
    for (const e of g.edges)
      if (!ids.has(e.source) || !ids.has(e.target)) out.push(`${where}: edge ${e.id} joins a missing node`);
    for (const n of g.nodes)
      if (n.type === BLOCK_TYPE && !blockIds.has(n.block ?? '')) out.push(`${where}: ${n.id} names no block`);
  }
  for (const b of doc.blocks) {
    const ids = new Set(b.nodes.map((n) => n.id));
    for (const x of [...b.inputs, ...b.outputs, ...b.exposed.map((e) => e.node)])
      if (!ids.has(x)) out.push(`block ${b.id}: refers to missing node ${x}`);
  }
  return out;
}

describe('editor store history (property)', () => {
  it('random edits, undo and redo keep the document well formed; undo all and redo all round-trip', () => {
    const changedBy = new Set<string>();
    let enteredAndEdited = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(START)),
        fc.array(action, { minLength: 1, maxLength: 60 }),
        (start, actions) => {
          const initial = (START[start] as () => SkipwireDoc)();
          const store = createEditorStore(initial);
          expect(problems(initial)).toEqual([]);
          for (const a of actions) {
            const before = store.getState().doc;
            run(store, a);
            if (store.getState().doc !== before) {
              changedBy.add(a.k);
              if (store.getState().scopePath.length && a.k !== 'undo' && a.k !== 'redo') enteredAndEdited++;
            }
            const found = problems(store.getState().doc);
            if (found.length) throw new Error(`after ${JSON.stringify(a)}: ${found.join('; ')}`);
          }
          const final = store.getState().doc;
          const history = store.temporal.getState();
          // Sequences are shorter than the history limit (300), so nothing was dropped.
          const steps = history.pastStates.length;
          const ahead = history.futureStates.length;
          for (let n = steps; n > 0; n--) store.getState().undo();
          expect(store.temporal.getState().pastStates).toHaveLength(0);
          expect(store.getState().doc).toEqual(initial);
          // Redo as many steps as were undone: back to the final document, with the redo steps
          // the sequence itself left (it may end with undos) still ahead.
          for (let n = steps; n > 0; n--) store.getState().redo();
          expect(store.getState().doc).toEqual(final);
          expect(store.temporal.getState().futureStates).toHaveLength(ahead);
          expect(problems(store.getState().doc)).toEqual([]);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    // The generator really reaches every kind of edit (a guard against a property that tests nothing).
    expect([...changedBy].sort()).toEqual(
      [
        'connect',
        'copyPaste',
        'delete',
        'disconnect',
        'drop',
        'group',
        'insert',
        'move',
        'redo',
        'rename',
        'setParam',
        'undo',
        'ungroup',
      ].sort(),
    );
    expect(enteredAndEdited).toBeGreaterThan(0);
  });

  it('one refused edit (an invalid name, a wire onto itself) records no undo step and changes nothing', () => {
    const store = createEditorStore((EXAMPLES.spirals as () => SkipwireDoc)());
    const before = store.getState().doc;
    rename(store, 'hidden', '   ');
    store.getState().apply({ op: 'connect', edge: { id: 'loop', source: 'add', target: 'add', targetPort: 0 } });
    expect(store.getState().doc).toBe(before);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
  });
});
