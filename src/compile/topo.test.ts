/**
 * The one topological order (topo.ts): on random graphs, acyclic or not, every wire goes forward
 * in the order, every node outside a cycle is ordered exactly once, the `'index'` order is the
 * lowest-numbered-first order (checked against a plain quadratic reference), and the same input
 * always gives the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topologicalOrder } from './topo';

interface G {
  readonly count: number;
  readonly sources: number[];
  readonly targets: number[];
}

/** Random graphs of up to 30 nodes; `acyclic` wires only go from a lower to a higher number. */
const graph = (acyclic: boolean) =>
  fc.integer({ min: 1, max: 30 }).chain((count) =>
    fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: 3 * count }).map((pairs): G => {
      const wires = acyclic
        ? pairs.filter(([a, b]) => a !== b).map(([a, b]) => [Math.min(a, b), Math.max(a, b)])
        : pairs;
      return { count, sources: wires.map((w) => w[0] as number), targets: wires.map((w) => w[1] as number) };
    }),
  );

/** A random relabelling, so that acyclic graphs are not always numbered in order. */
const shuffled = graph(true).chain((g) =>
  fc.shuffledSubarray([...Array(g.count).keys()], { minLength: g.count, maxLength: g.count }).map(
    (perm): G => ({
      count: g.count,
      sources: g.sources.map((s) => perm[s] as number),
      targets: g.targets.map((t) => perm[t] as number),
    }),
  ),
);

/** The lowest-numbered ready node first, by rescanning every node each step. */
function reference(g: G): number[] {
  const waiting = new Array<number>(g.count).fill(0);
  for (const t of g.targets) waiting[t] = (waiting[t] as number) + 1;
  const done = new Array<boolean>(g.count).fill(false);
  const out: number[] = [];
  for (;;) {
    const next = waiting.findIndex((w, i) => w === 0 && !done[i]);
    if (next < 0) return out;
    done[next] = true;
    out.push(next);
    g.sources.forEach((s, w) => {
      if (s === next) waiting[g.targets[w] as number] = (waiting[g.targets[w] as number] as number) - 1;
    });
  }
}

function forward(g: G, order: readonly number[]): boolean {
  const at = new Map(order.map((n, k) => [n, k]));
  return g.sources.every((s, w) => {
    const a = at.get(s);
    const b = at.get(g.targets[w] as number);
    return b === undefined || (a !== undefined && a < b);
  });
}

describe('topologicalOrder', () => {
  it('orders every node of an acyclic graph once, every wire forward, both ways', () => {
    fc.assert(
      fc.property(shuffled, (g) => {
        for (const ready of ['queue', 'index'] as const) {
          const { order, unmet } = topologicalOrder(g.count, g.sources, g.targets, { ready });
          expect([...order].sort((a, b) => a - b)).toEqual([...Array(g.count).keys()]);
          expect(forward(g, order)).toBe(true);
          expect([...unmet].every((u) => u === 0)).toBe(true);
        }
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it("'index' picks the lowest-numbered ready node; both are deterministic", () => {
    fc.assert(
      fc.property(graph(false), (g) => {
        const byIndex = topologicalOrder(g.count, g.sources, g.targets, { ready: 'index' }).order;
        expect(byIndex).toEqual(reference(g));
        const a = topologicalOrder(g.count, g.sources, g.targets).order;
        expect(topologicalOrder(g.count, [...g.sources], [...g.targets]).order).toEqual(a);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });

  it('leaves the nodes in and behind a cycle out, with wires still unmet', () => {
    fc.assert(
      fc.property(graph(false), (g) => {
        const { order, unmet } = topologicalOrder(g.count, g.sources, g.targets);
        expect(forward(g, order)).toBe(true);
        const ordered = new Set(order);
        for (let i = 0; i < g.count; i++) expect(ordered.has(i)).toBe(unmet[i] === 0);
      }),
      { seed: 20261203, numRuns: 300 },
    );
    // 0 → 1 → 2 → 1, 2 → 3: 1 and 2 loop, 3 sits behind them.
    const { order, unmet } = topologicalOrder(4, [0, 1, 2, 2], [1, 2, 1, 3]);
    expect(order).toEqual([0]);
    expect([...unmet]).toEqual([0, 1, 1, 1]);
  });

  it('queue order: roots in the order given, then successors in wire order (first in, first out)', () => {
    // 0 → 3, 0 → 2, 1 → 2: 2 waits for 1.
    expect(topologicalOrder(4, [0, 0, 1], [3, 2, 2]).order).toEqual([0, 1, 3, 2]);
    expect(topologicalOrder(4, [0, 0, 1], [3, 2, 2], { ready: 'index' }).order).toEqual([0, 1, 2, 3]);
    expect(topologicalOrder(3, [], [], { roots: [2, 0] }).order).toEqual([2, 0]);
  });

  it('orders a 200,000-node residual chain (no recursion, no quadratic step)', () => {
    const n = 200_000;
    const sources: number[] = [];
    const targets: number[] = [];
    for (let i = 1; i < n; i++) {
      sources.push(i - 1);
      targets.push(i);
      if (i >= 2 && i % 2 === 0) {
        sources.push(i - 2);
        targets.push(i);
      }
    }
    for (const ready of ['queue', 'index'] as const) {
      const { order } = topologicalOrder(n, sources, targets, { ready });
      expect(order.length).toBe(n);
      expect(order[n - 1]).toBe(n - 1);
    }
  });
});
