/**
 * Reading batch losses back without stalling the GPU: each training step leaves its loss and
 * metric as tensors, and the trainer reads the pending ones together, in one transfer, every few
 * batches or when it is about to yield (and before a pause, a stop or an epoch's end). On webgl or
 * webgpu a read waits for the GPU to finish everything queued, so a read per batch would stall it
 * once per batch; on cpu and wasm the numbers are there already and each batch is read at once,
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
   * Reads every pending batch (on a GPU in one transfer: one `Concat` and one `data()`; elsewhere
   * each value where it lies, without a kernel) and releases their tensors; then, oldest first,
   * counts each on `clock` and in the epoch's sums and passes it to `onBatch`. Throws
   * `NonFiniteLoss` at the first NaN or infinite loss (the batches before it are reported).
   */
  async take(clock: RunClock, onBatch: (read: ReadBatch) => void): Promise<void> {
    const batches = this.queue;
    if (!batches.length) return;
    this.queue = [];
    const { tf } = this;
    let values: ArrayLike<number>;
    try {
      values = this.together ? await this.transfer(batches) : batches.flatMap((b) => [first(b.loss), first(b.metric)]);
    } finally {
      for (const b of batches) tf.dispose([b.loss, b.metric]);
    }
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

  /** The losses and metrics of `batches`, in order, in one read from the GPU. */
  private async transfer(batches: readonly Pending[]): Promise<Float32Array> {
    const { tf } = this;
    const all = tf.tidy(() => tf.concat(batches.flatMap((b) => [b.loss.reshape([1]), b.metric.reshape([1])])));
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
