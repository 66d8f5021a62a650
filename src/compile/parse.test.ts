import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from './document';
import { type Migration, migrate } from './migrate';
import { parseDocument, serializeDocument } from './parse';
import { example } from './testing';

describe('parseDocument', () => {
  it('round-trips every example', () => {
    for (const name of ['apesnet', 'apesnet-mini', 'apes-block', 'spirals']) {
      const doc = example(name);
      const r = parseDocument(serializeDocument(doc));
      expect(r).toEqual({ ok: true, doc });
    }
  });

  it('explains a truncated file in one line', () => {
    const text = serializeDocument(example('spirals'));
    const r = parseDocument(text.slice(0, text.length / 2));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatch(/^not valid JSON \(.*\); the file may be truncated$/);
      expect(r.error).not.toContain('\n');
    }
  });

  it.each([
    ['[]', 'not a Skipwire document: expected a JSON object'],
    ['{"format":"keras"}', /"format" is not "skipwire"/],
    ['{"format":"skipwire","version":"1"}', /"version" must be a whole number/],
    [
      '{"format":"skipwire","version":1,"name":"m","nodes":[{"id":"","type":"dense","name":"d"}],"edges":[]}',
      'not a valid Skipwire document: nodes[0].id: must not be empty',
    ],
    [
      '{"format":"skipwire","version":1,"name":"m","nodes":[],"edges":[{"id":"e","source":"a","target":"b","targetPort":1.5}]}',
      'not a valid Skipwire document: edges[0].targetPort: must be a whole number',
    ],
  ])('refuses %s', (text, message) => {
    const r = parseDocument(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('refuses a file from a newer Skipwire, saying so', () => {
    const r = parseDocument(JSON.stringify({ ...example('spirals'), version: FORMAT_VERSION + 1 }));
    expect(r).toEqual({
      ok: false,
      error: `this file was saved by a newer Skipwire (format version ${FORMAT_VERSION + 1}); this version reads up to version ${FORMAT_VERSION}: update Skipwire to open it`,
    });
  });

  it('keeps a block’s nested-model origin, loads blocks without one, and names a bad one', () => {
    const block = { id: 'b', name: 'b', nodes: [], edges: [], inputs: [], outputs: [], exposed: [] };
    const doc = (b: object) => JSON.stringify({ ...example('spirals'), blocks: [b] });
    const kept = parseDocument(doc({ ...block, nested: { className: 'Sequential', name: 'sequential_1' } }));
    expect(kept.ok && kept.doc.blocks[0]?.nested).toEqual({ className: 'Sequential', name: 'sequential_1' });
    const plain = parseDocument(doc(block));
    expect(plain.ok && plain.doc.blocks[0]?.nested).toBeUndefined();
    const bad = parseDocument(doc({ ...block, nested: { className: 'Dense', name: 'x' } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^not a valid Skipwire document: blocks\[0\]\.nested\.className: /);
  });

  it('does not let __proto__ keys pollute prototypes', () => {
    const text =
      '{"format":"skipwire","version":1,"name":"m","nodes":[{"id":"a","type":"dense","name":"a","params":{"__proto__":{"polluted":1}}}],"edges":[],"__proto__":{"polluted":1}}';
    const r = parseDocument(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});

describe('migrations', () => {
  // A made-up history: v1 stored `inputs` as `in`, v2 renamed it to `inputs`, v3 added `tags`.
  const table: Record<number, Migration> = {
    1: ({ in: inputs, ...rest }) => ({ ...rest, inputs }),
    2: (doc) => ({ ...doc, tags: [] }),
  };

  it('applies each step in order up to the target version', () => {
    const r = migrate({ version: 1, in: ['x'] }, table, 3);
    expect(r).toEqual({ ok: true, value: { version: 3, inputs: ['x'], tags: [] } });
  });

  it('leaves a current document alone', () => {
    expect(migrate({ version: 3, inputs: [] }, table, 3)).toEqual({ ok: true, value: { version: 3, inputs: [] } });
  });

  it('reports a missing step and a failing step', () => {
    expect(migrate({ version: 1 }, { 1: table[1] as Migration }, 3)).toEqual({
      ok: false,
      error: 'no migration from format version 2 to 3',
    });
    const boom: Migration = () => {
      throw new Error('bad edge list');
    };
    expect(migrate({ version: 1 }, { 1: boom }, 2)).toEqual({
      ok: false,
      error: 'could not migrate from format version 1: bad edge list',
    });
  });
});
