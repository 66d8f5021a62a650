/**
 * The pace of a training run: its wall clock (paused time left out), the steady-state samples/s
 * (epoch 1 warms up and is reported apart), and when to let the event loop run (by time, not
 * per batch: a zero timeout after every batch cost small models 1.3–1.8×).
 */

/** Work between two yields to the event loop: Pause and Stop answer within about this long. */
export const YIELD_AFTER_MS = 50;

/**
 * One turn of the event loop without a timer's clamp, through a MessageChannel (setTimeout where
 * there is none). Not `scheduler.yield`: its continuation runs ahead of the tasks already queued,
 * so the pause and stop messages waiting in a worker would never get in.
 */
export function yieldTurn(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/** The timing fields of batch and epoch events. */
export interface Pace {
  readonly elapsedMs: number;
  readonly etaMs: number;
  readonly samplesPerSecond: number;
}

export class RunClock {
  private readonly start: number;
  private pausedMs = 0;
  private rateFrom = { ms: 0, samples: 0 };
  private lastYield: number;
  /** Batches and samples done so far. */
  done = 0;
  seen = 0;

  constructor(
    private readonly now: () => number,
    private readonly totalBatches: number,
  ) {
    this.start = now();
    this.lastYield = this.start;
  }

  /** Wall-clock milliseconds since the start, paused time excluded. */
  elapsed(): number {
    return this.now() - this.start - this.pausedMs;
  }

  /** Times a pause: the returned function, called on resume, leaves it out of the clock. */
  pausing(): () => void {
    const t0 = this.now();
    return () => {
      this.pausedMs += this.now() - t0;
    };
  }

  /** Ends the warm-up (after epoch 1): the rate counts from here on. */
  warmedUp(): void {
    this.rateFrom = { ms: this.elapsed(), samples: this.seen };
  }

  pace(): Pace {
    const elapsedMs = this.elapsed();
    const ms = elapsedMs - this.rateFrom.ms;
    return {
      elapsedMs,
      etaMs: this.done ? (elapsedMs / this.done) * (this.totalBatches - this.done) : 0,
      samplesPerSecond: ms > 0 ? ((this.seen - this.rateFrom.samples) * 1000) / ms : 0,
    };
  }

  /** Whether `YIELD_AFTER_MS` of work has passed since the last yield. */
  yieldDue(): boolean {
    return this.now() - this.lastYield >= YIELD_AFTER_MS;
  }

  /**
   * Yields through `turn` when `YIELD_AFTER_MS` of work has passed since the last yield, or always
   * with `force` (the end of an epoch: one turn per epoch costs nothing and lets a pause or stop
   * sent early in a short run land).
   */
  async maybeYield(turn: () => Promise<void>, force = false): Promise<void> {
    if (!force && !this.yieldDue()) return;
    await turn();
    this.lastYield = this.now();
  }
}
