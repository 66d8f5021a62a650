import { describe, expect, it } from 'vitest';
import { afterBatch, batchElapsed, startPace, timeLeft } from './pace';

describe('the pace of a run (moving average of batch times)', () => {
  it('has a time left from the first batch on, and counts it down between batches', () => {
    let p = startPace(0);
    expect(timeLeft(p, 10, 5_000)).toBeUndefined();
    p = afterBatch(p, 30_000); // one 30 s batch, 9 to go
    expect(timeLeft(p, 9, 30_000)).toBe(270_000);
    // Two seconds later, with no new batch, the time left has moved.
    expect(timeLeft(p, 9, 32_000)).toBe(268_000);
    // A batch that overruns the average never makes the rest count for less than their batches.
    expect(timeLeft(p, 9, 80_000)).toBe(240_000);
    expect(batchElapsed(p, 80_000)).toBe(50_000);
  });

  it('follows a change of speed without jumping on one batch', () => {
    let p = startPace(0);
    p = afterBatch(p, 1000);
    p = afterBatch(p, 2000);
    expect(p.msPerBatch).toBe(1000);
    p = afterBatch(p, 4000); // one slow batch
    expect(p.msPerBatch).toBeCloseTo(1300);
    for (let t = 6000; t <= 20_000; t += 2000) p = afterBatch(p, t);
    expect(p.msPerBatch).toBeGreaterThan(1900);
    expect(timeLeft(p, 0, 20_000)).toBe(0);
  });
});
