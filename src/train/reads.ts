/**
 * Reading batch losses back without stalling the GPU: each training step leaves its loss and
 * metric as tensors, and the trainer sends the pending ones for reading together, in one
 * transfer, every few batches (on a GPU every `GPU_READ_EVERY`, not at its yields: on SwiftShader
 * a read in the middle of an epoch cost the classic CNN a fifth of its speed); it goes on training
 * while the read is out, and waits for the reads only before a pause, a stop or an epoch's end. On webgl or webgpu a
 * read waits for the GPU to finish everything queued, so waiting for a read per batch would stall
 * it once per batch; on cpu and wasm the numbers are there already and each batch is read at once,
 * value by value (`dataSync`: no kernel, no copy beyond the two numbers).
 */
import type { Tensor } from '@tensorflow/tfjs';
import type { TF } from '../nodes';
import type { RunClock } from './pace';
import { interruptible } from './steps';

/** Batches read together at most, on a GPU backend (`readEveryFor`). */
export const GPU_READ_EVERY = 8;

/** Whether `backend` computes on a GPU, where a read waits for the queued work and costs a transfer. */
export const onGpu = (backend: string): boolean => backend === 'webgl' || backend === 'webgpu';

/** How many batches may wait for their read on `backend`: a few on a GPU, none elsewhere. */
export function readEveryFor(backend: string): number {
  return onGpu(backend) ? GPU_READ_EVERY : 1;
}

/** A batch whose loss came back NaN or infinite: the run ends with a `nan` fault there. */
export class NonFiniteLoss extends Error {
  constructor(
    readonly loss: number,
    readonly where: { readonly epoch: number; readonly batch: number },
  ) {
    super(`the loss became ${loss} at epoch ${where.epoch}, batch ${where.batch}`);
  }
}

/** The one value of a scalar (or size-1) tensor on cpu or wasm. */
const first = (t: Tensor): number => t.dataSync()[0] as number;

interface Pending {
  readonly epoch: number;
  readonly batch: number;
  readonly rows: number;
  readonly loss: Tensor;
  readonly metric: Tensor;
}

/** A batch read back: what its `batch` event carries besides the type and the clock. */
export interface ReadBatch {
  readonly epoch: number;
  readonly batch: number;
  readonly loss: number;
  readonly metrics: Record<string, number>;
}

export class PendingReads {
  private queue: Pending[] = [];
  private sums = { loss: 0, metric: 0 };
  private readonly readEvery: number;
  private readonly interrupt: Promise<never> | undefined;
  /** Read in one transfer (a GPU), else value by value where they lie. */
  private readonly together: boolean;
  /** The GPU reads sent and not yet reported, chained in order. */
  private inflight: Promise<void> = Promise.resolve();
  /** What ended a read that came back (reported by `check`). */
  private failure: { readonly error: unknown } | undefined;

  /** `options.readEvery` overrides `readEveryFor(backend)`. */
  constructor(
    private readonly tf: TF,
    backend: string,
    private readonly metricName: string,
    options: { readonly readEvery?: number; readonly interrupt?: Promise<never> } = {},
  ) {
    this.readEvery = options.readEvery ?? readEveryFor(backend);
    this.interrupt = options.interrupt;
    this.together = onGpu(backend);
    // The run must end at once (a lost context): the next `check` says so.
    this.interrupt?.catch((error: unknown) => {
      this.failure ??= { error };
    });
  }

  /** Batches trained whose loss is not read yet. */
  get size(): number {
    return this.queue.length;
  }

  /** Whether as many batches wait as may wait. */
  get full(): boolean {
    return this.queue.length >= this.readEvery;
  }

  /** Starts an epoch: the returned sums (loss and metric × samples) grow as its batches are read. */
  startEpoch(): { readonly loss: number; readonly metric: number } {
    this.sums = { loss: 0, metric: 0 };
    return this.sums;
  }

  /** Keeps a batch's loss and metric (owned from here on: `take` or `dispose` releases them). */
  push(epoch: number, batch: number, rows: number, [loss, metric]: readonly [Tensor, Tensor]): void {
    this.queue.push({ epoch, batch, rows, loss, metric });
  }

  /**
   * Starts reading every pending batch and releases their tensors. On a GPU the read goes out in
   * one transfer (one `Concat`, one `data()`) and comes back later, without holding up training:
   * then, oldest first, each batch is counted on `clock` and in the epoch's sums and passed to
   * `onBatch` (reads come back in the order they were sent). Elsewhere each value is read where it
   * lies, without a kernel, and reported at once. A NaN or infinite loss ends the reporting there
   * (the batches before it are reported): `check` or `take` throws `NonFiniteLoss` for it.
   */
  send(clock: RunClock, onBatch: (read: ReadBatch) => void): void {
    const batches = this.queue;
    if (!batches.length) return;
    this.queue = [];
    if (!this.together) {
      let values: number[];
      try {
        values = batches.flatMap((b) => [first(b.loss), first(b.metric)]);
      } finally {
        for (const b of batches) this.tf.dispose([b.loss, b.metric]);
      }
      this.report(batches, values, clock, onBatch);
      return;
    }
    const values = this.transfer(batches);
    values.catch(() => {}); // handled below, in order, once the reads before it are done
    this.inflight = this.inflight
      .then(async () => {
        const read = await values;
        if (!this.failure) this.report(batches, read, clock, onBatch);
      })
      .catch((error: unknown) => {
        this.failure ??= { error };
      });
  }

  /** Throws what ended a read that has come back (a `NonFiniteLoss`), or the interrupt's error (a lost context). */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /** Sends the pending batches (`send`), waits until every read is back, and `check`s. */
  async take(clock: RunClock, onBatch: (read: ReadBatch) => void): Promise<void> {
    this.send(clock, onBatch);
    await this.inflight;
    this.check();
  }

  /** Waits for the reads still out (their tensors are released when they come back), whatever they bring. */
  async settle(): Promise<void> {
    await this.inflight;
  }

  private report(
    batches: readonly Pending[],
    values: ArrayLike<number>,
    clock: RunClock,
    onBatch: (read: ReadBatch) => void,
  ) {
    batches.forEach(({ epoch, batch, rows }, i) => {
      const [loss, metric] = [values[2 * i] as number, values[2 * i + 1] as number];
      if (!Number.isFinite(loss)) throw new NonFiniteLoss(loss, { epoch, batch });
      clock.done++;
      clock.seen += rows;
      this.sums.loss += loss * rows;
      this.sums.metric += metric * rows;
      onBatch({ epoch, batch, loss, metrics: { [this.metricName]: metric } });
    });
  }

  /**
   * The losses and metrics of `batches`, in order, in one read from the GPU (their tensors released
   * at once). The concatenation always takes `readEvery` batches, the last one repeated to fill
   * the list: on webgl each count of inputs is a shader of its own, compiled on first use, and
   * reads of 1, 2, 3… batches (as the yields fall) would compile new ones in the middle of
   * training (on SwiftShader each compile holds the GPU up for tenths of a second).
   */
  private async transfer(batches: readonly Pending[]): Promise<Float32Array> {
    const { tf } = this;
    const last = batches[batches.length - 1] as Pending;
    const filled = [...batches, ...Array<Pending>(Math.max(0, this.readEvery - batches.length)).fill(last)];
    let all: Tensor;
    try {
      all = tf.tidy(() => tf.concat(filled.flatMap((b) => [b.loss.reshape([1]), b.metric.reshape([1])])));
    } finally {
      for (const b of batches) tf.dispose([b.loss, b.metric]);
    }
    try {
      return (await interruptible(all.data(), this.interrupt)) as Float32Array;
    } finally {
      all.dispose();
    }
  }

  /** Releases whatever is still pending (a run that ended early). */
  dispose(): void {
    for (const b of this.queue) this.tf.dispose([b.loss, b.metric]);
    this.queue = [];
  }
}
