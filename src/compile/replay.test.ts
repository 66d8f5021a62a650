import { describe, expect, it } from 'vitest';
import type { NodeInfo } from './analysis';
import { freshId } from './ids';
import { FactLog, NameLog } from './replay';

/** The names as one fresh set gives them (the analysis's rule before replay.ts). */
const reference = (bases: readonly string[]) => {
  const taken = new Set<string>();
  return bases.map((base) => {
    if (!taken.has(base)) {
      taken.add(base);
      return base;
    }
    const name = freshId(base, taken);
    taken.add(name);
    return name;
  });
};

const names = (key: object, bases: readonly string[]) => {
  const log = new NameLog(key);
  const out = bases.map((b) => log.unique(b));
  log.save();
  return out;
};

describe('NameLog', () => {
  it('gives the names of a fresh set, also when a later sequence repeats, shortens or departs from the last', () => {
    const key = {};
    const first = ['conv', 'conv', 'dense', 'conv', 'conv_2'];
    const sequences = [
      first,
      first, // replayed whole
      ['conv', 'conv', 'conv', 'dense', 'dense', 'conv_2'], // departs at the third call
      ['conv', 'conv'], // shorter
      ['conv', 'conv', 'conv_2', 'conv'], // departs after the replayed prefix
      [],
      first,
    ];
    for (const bases of sequences) expect(names(key, bases)).toEqual(reference(bases));
    expect(reference(first)).toEqual(['conv', 'conv_2', 'dense', 'conv_3', 'conv_2_2']);
  });
});

describe('FactLog', () => {
  const shape = [null, 4];
  const info = (trainable: number): NodeInfo => ({
    inputShapes: [shape],
    outputShapes: [shape],
    count: { trainable, nonTrainable: 0 },
  });
  const facts = (key: object, entries: readonly [string, NodeInfo][]) => {
    const log = new FactLog(key);
    for (const [id, i] of entries) log.set(id, i);
    return log.map();
  };

  it('returns the last map when every fact is the same, a new one otherwise, equal to a Map of the facts', () => {
    const key = {};
    const a = facts(key, [
      ['x', info(1)],
      ['y', info(2)],
    ]);
    expect([...a]).toEqual([
      ['x', info(1)],
      ['y', info(2)],
    ]);
    // Equal facts in new objects (same shapes, same counts): the same map.
    expect(
      facts(key, [
        ['x', info(1)],
        ['y', info(2)],
      ]),
    ).toBe(a);
    const b = facts(key, [
      ['x', info(1)],
      ['y', info(3)],
    ]);
    expect(b).not.toBe(a);
    expect(b.get('y')?.count.trainable).toBe(3);
    const fewer = facts(key, [['x', info(1)]]);
    expect([...fewer.keys()]).toEqual(['x']);
    // An id given twice keeps its first place and its last facts, as Map.set does.
    const twice = facts(key, [
      ['x', info(1)],
      ['z', info(5)],
      ['x', info(7)],
    ]);
    expect([...twice]).toEqual([
      ['x', info(7)],
      ['z', info(5)],
    ]);
  });
});
