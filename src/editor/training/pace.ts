/**
 * The pace of a run as the panel sees it, on the page's clock: a moving average of the time
 * between batch events, so the time left can be shown from the first batches and counted down
 * between them (a batch of a conv net on the CPU can take half a minute). Pure; times in ms.
 */

/** Weight of the newest batch in the moving average (0.3: a few batches settle it). */
const ALPHA = 0.3;

export interface Pace {
  /** When the latest batch ended (or the run started, before any batch). */
  readonly lastAt: number;
  /** Moving average of ms per batch; undefined before the first batch has ended. */
  readonly msPerBatch: number | undefined;
}

export const startPace = (now: number): Pace => ({ lastAt: now, msPerBatch: undefined });

/** The pace after a batch that ended at `now`. */
export function afterBatch(p: Pace, now: number): Pace {
  const took = Math.max(0, now - p.lastAt);
  return { lastAt: now, msPerBatch: p.msPerBatch === undefined ? took : p.msPerBatch + ALPHA * (took - p.msPerBatch) };
}

/**
 * Time left at `now`, with `remaining` batches still to train (the one running included): the
 * average batch time for each, less what the running batch has already taken (never below what
 * the batches after it need). Undefined until a batch has ended.
 */
export function timeLeft(p: Pace, remaining: number, now: number): number | undefined {
  if (p.msPerBatch === undefined || remaining <= 0) return p.msPerBatch === undefined ? undefined : 0;
  const running = Math.max(0, now - p.lastAt);
  const current = Math.max(0, p.msPerBatch - running);
  return current + (remaining - 1) * p.msPerBatch;
}

/** How long the running batch has taken at `now`. */
export const batchElapsed = (p: Pace, now: number): number => Math.max(0, now - p.lastAt);
