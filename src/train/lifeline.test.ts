import { describe, expect, it } from 'vitest';
import { watchLife } from './client';

/** A lock manager with one lock: held by "the worker" from `heldAfter` queries on, released by `release()`. */
function fakeLocks(heldAfter: number) {
  let queries = 0;
  let release: () => void = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  const locks = {
    query: async () => ({ held: ++queries > heldAfter ? [{ name: 'w1' }] : [] }),
    request: async (_name: string, f: () => void) => {
      await released;
      return f();
    },
  } as unknown as LockManager;
  return { locks, release, queries: () => queries };
}

describe('watchLife (the training worker’s lifeline)', () => {
  it('waits until the worker holds its lock, then reports its end at once', async () => {
    const l = fakeLocks(3);
    let died = 0;
    expect(watchLife('w1', () => died++, l.locks)).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    expect(l.queries()).toBeGreaterThanOrEqual(4);
    expect(died).toBe(0); // alive (and perhaps busy): never taken for dead
    l.release();
    await new Promise((r) => setTimeout(r, 0));
    expect(died).toBe(1);
  });

  it('says so where there are no Web Locks', () => {
    expect(watchLife('w1', () => {}, undefined)).toBe(false);
  });
});
