/**
 * What the training bench page (bench/train/page.ts) exposes on `window.swBench`, and what it
 * answers: plain data, so that bench/training.ts can call it with `page.evaluate` and a string.
 */
import type { BackendName } from '../../src/train/backend';
import type { BuiltinSpec } from '../../src/train/data/builtin';
import type { BackendFallback } from '../../src/train/events';
import type { TrainingSettingsInput } from '../../src/train/settings';
import type { PlainAnswer, PlainRequest } from './plain';

/** One run of `createTrainingClient().start(…)` in the real worker. */
export interface RunRequest {
  /** A key of `EXAMPLES` (src/compile/examples.ts). */
  readonly example: string;
  readonly data: BuiltinSpec;
  readonly settings: TrainingSettingsInput;
  /** Left out: the service's default choice. */
  readonly backend?: BackendName;
  /** The run is ended (worker terminated) after this long. */
  readonly timeoutMs: number;
}

export interface RunAnswer {
  readonly requested: BackendName | 'auto';
  /** The backend of the `started` event; when it is not the one requested, the run is ended at once. */
  readonly used?: string;
  readonly fallbacks: readonly BackendFallback[];
  readonly trainSamples: number;
  readonly batchesPerEpoch: number;
  /** The trainer's own clock (`elapsedMs`: training time so far in the run) at each epoch's end. */
  readonly epochs: readonly { readonly epoch: number; readonly elapsedMs: number; readonly samplesPerSecond: number }[];
  /** Samples per second over the epochs after the first (the warm-up); undefined with fewer than 2. */
  readonly measuredSps?: number;
  /** Milliseconds from `start()` to the `started` event (tfjs and backend start, data, compile). */
  readonly startupMs?: number;
  readonly error?: string;
}

/** Compiled ApesNet-mini against `handApesNet(32, 32, 4)` on the page's main thread. */
export interface RatioRequest {
  readonly backend: string;
  readonly samples: number;
  readonly batch: number;
  readonly reps: number;
}

export interface RatioAnswer {
  readonly backend: string;
  /** Median milliseconds of one `fit` (one epoch over `samples`). */
  readonly skipwireMs: number;
  readonly handMs: number;
  readonly runs: { readonly skipwire: readonly number[]; readonly hand: readonly number[] };
  /** Weights copied layer by layer (by name) from the compiled model to the hand-written one. */
  readonly layersCopied: number;
}

export interface BenchApi {
  runTraining(request: RunRequest): Promise<RunAnswer>;
  /** The plain-tfjs baseline: the model by hand, `model.fit`, in its own module worker. */
  runPlain(request: PlainRequest & { readonly timeoutMs: number }): Promise<PlainAnswer>;
  trainRatio(request: RatioRequest): Promise<RatioAnswer>;
  /** Whether this browser offers WebGPU to the page at all: `adapter: <vendor/architecture>`, or why not. */
  webgpu(): Promise<string>;
}
