import { afterEach, describe, expect, it, vi } from 'vitest';
import { REDRAW_MS, throttled } from './Charts';

afterEach(() => {
  vi.useRealTimers();
});

describe('throttled chart redraws', () => {
  it('runs in a task of its own, merges requests, and spaces calls at least `ms` apart with a trailing call', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const calls: number[] = [];
    const t = throttled(() => calls.push(performance.now()), REDRAW_MS);
    t.request();
    expect(calls).toEqual([]); // never synchronously, inside the caller's task
    vi.advanceTimersByTime(0);
    expect(calls).toHaveLength(1);
    for (let i = 0; i < 20; i++) {
      t.request();
      vi.advanceTimersByTime(20);
    }
    vi.advanceTimersByTime(REDRAW_MS);
    // 400 ms of requests every 20 ms: a handful of redraws, not 20, and the last request is drawn.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < calls.length; i++)
      expect((calls[i] as number) - (calls[i - 1] as number)).toBeGreaterThanOrEqual(REDRAW_MS);
    const n = calls.length;
    t.request();
    t.cancel();
    vi.advanceTimersByTime(10 * REDRAW_MS);
    expect(calls).toHaveLength(n);
  });
});
