/**
 * Pause, resume and stop of a training run: the requests arrive between batches (from the
 * worker's messages) and the run's loop asks `checkpoint` before each batch.
 */
import type { RunClock } from './pace';

export class RunControl {
  pauseRequested = false;
  stopRequested = false;
  private wake: (() => void) | undefined;

  /** Asks the run to pause after the current batch. */
  pause(): void {
    this.pauseRequested = true;
  }

  resume(): void {
    this.pauseRequested = false;
    this.wake?.();
  }

  /** Asks the run to stop after the current batch (also while paused). */
  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  /** A new run: no request pending. */
  reset(): void {
    this.pauseRequested = false;
    this.stopRequested = false;
  }

  /**
   * Waits while a pause is asked for, returns at once otherwise; `onPause`/`onResume` report the
   * change, and the paused time is left out of `clock`.
   */
  async checkpoint(clock: RunClock | undefined, onPause: () => void, onResume: () => void): Promise<void> {
    if (!this.pauseRequested || this.stopRequested) return;
    onPause();
    const resumed = clock?.pausing();
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    resumed?.();
    this.wake = undefined;
    if (!this.stopRequested) onResume();
  }
}
