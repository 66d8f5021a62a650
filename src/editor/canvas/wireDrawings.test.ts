/** Wire drawings: a new set of routes tells only the wires whose route or label place changed. */
import { describe, expect, it } from 'vitest';
import { WireDrawings } from './wireDrawings';

describe('WireDrawings', () => {
  it('tells only the wires that changed, and keeps the unchanged drawings as they were', () => {
    const d = new WireDrawings();
    const a = [
      { x: 0, y: 0 },
      { x: 0, y: 10 },
    ];
    const b = [
      { x: 5, y: 0 },
      { x: 5, y: 10 },
    ];
    d.set(
      new Map([
        ['a', { points: a }],
        ['b', { points: b, labelAt: { x: 5, y: 5 } }],
      ]),
    );
    const told: string[] = [];
    const offA = d.subscribe('a', () => told.push('a'));
    d.subscribe('b', () => told.push('b'));
    const before = d.get('b');
    // a keeps its route object; b gets a new route: only b is told.
    d.set(
      new Map([
        ['a', { points: a }],
        ['b', { points: [...b], labelAt: { x: 5, y: 5 } }],
      ]),
    );
    expect(told).toEqual(['b']);
    expect(d.get('a')?.points).toBe(a);
    expect(d.get('b')).not.toBe(before);
    // The same label place in a new object is no change; a moved label is.
    const kept = d.get('b');
    d.set(
      new Map([
        ['a', { points: a }],
        ['b', { ...(kept ?? {}), labelAt: { x: 5, y: 5 } }],
      ]),
    );
    expect(told).toEqual(['b']);
    expect(d.get('b')).toBe(kept);
    // A wire that goes away is told; an unsubscribed one is not.
    offA();
    d.set(new Map([['b', kept ?? {}]]));
    expect(told).toEqual(['b']);
    d.set(new Map());
    expect(told).toEqual(['b', 'b']);
  });
});
