/**
 * A training session: the client talking to the worker, and what the panel shows about the run
 * (progress, latest loss, charts, previews, faults, the data check). It lives outside React so a
 * run goes on, and its charts stay, while the panel is hidden behind another tab. Events are
 * collected as they arrive and applied to the store at most once per animation frame, so a fast
 * stream of batches never makes the page janky.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BackendSetting } from '../../train/backend';
import type { TrainingClient } from '../../train/client';
import type { CsvTable } from '../../train/data/csv';
import type { LabelledImage } from '../../train/data/images';
import type { Dataset } from '../../train/data/types';
import type { DoneEvent, EpochEvent, FaultEvent, Preview, StartedEvent } from '../../train/events';
import type { CheckReport, TensorMemory, TrainRequest } from '../../train/service';
import { createNodeStats, type NodeStatsStore } from './nodeStats';
import type { Pace } from './pace';
import { TrainingSeries } from './series';
import { eventHandler } from './sessionEvents';

/** `pausing` and `stopping`: asked for, waiting for the batch in progress to end. */
export type Phase = 'idle' | 'starting' | 'running' | 'pausing' | 'paused' | 'stopping';

export interface RunProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Batches done in `epoch`. */
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly etaMs: number;
  readonly samplesPerSecond: number;
  /** The page's own clock of the run (batch times), for a time left that moves between batches. */
  readonly pace: Pace;
}

/** Where the samples come from. */
export type DataSourceKind = 'builtin' | 'csv' | 'images';

/** A CSV file the user chose, and the columns picked from it. */
export interface CsvChoice {
  readonly fileName: string;
  readonly table: CsvTable;
  readonly features: readonly string[];
  readonly label: string;
  readonly task: 'auto' | 'classification' | 'regression';
  /** The data set from these columns, or why there is none. */
  readonly dataset?: Dataset;
  readonly skipped: number;
  readonly error?: string;
}

/** A folder of images (one subfolder per class), decoded. */
export interface ImageFolderChoice {
  readonly folder: string;
  readonly images: readonly LabelledImage[];
}

export interface TrainingState {
  readonly phase: Phase;
  /** `auto` (by the model), or the backend to try first; the others follow when it cannot start. */
  readonly backendChoice: BackendSetting;
  readonly started: StartedEvent | undefined;
  readonly progress: RunProgress | undefined;
  readonly epochsDone: number;
  /** Loss of the latest batch. */
  readonly loss: number | undefined;
  readonly lastEpoch: EpochEvent | undefined;
  readonly preview: { readonly epoch: number; readonly preview: Preview } | undefined;
  readonly fault: FaultEvent | undefined;
  readonly done: DoneEvent | undefined;
  /** A call to the worker that failed outright (not a training fault). */
  readonly error: string | undefined;
  readonly memory: TensorMemory | undefined;
  /** Bumped whenever the chart series changed. */
  readonly chartSeq: number;
  readonly report: CheckReport | undefined;
  /** The request `report` answers (the panel shows a report as current only for its request). */
  readonly reportFor: TrainRequest | undefined;
  readonly checking: boolean;
  /** Why the last check could not run at all (not a problem it found). */
  readonly checkError: string | undefined;
  readonly source: DataSourceKind;
  readonly csv: CsvChoice | undefined;
  readonly images: ImageFolderChoice | undefined;
  /** What is being read ("Reading 120 images…"), or a problem with the chosen files. */
  readonly dataStatus: { readonly kind: 'busy' | 'error'; readonly text: string } | undefined;
}

export interface TrainingActions {
  setBackend(backend: BackendSetting): void;
  setSource(source: DataSourceKind): void;
  setCsv(csv: CsvChoice | undefined): void;
  setImages(images: ImageFolderChoice | undefined): void;
  setDataStatus(status: TrainingState['dataStatus']): void;
  /** Checks the data against the model; an answer that arrives after a newer request is dropped. */
  check(request: TrainRequest): Promise<void>;
  /** Trains; resolves when the run has ended or was refused. */
  start(request: Omit<TrainRequest, 'backend'>): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  stop(): Promise<void>;
  resetWeights(): Promise<void>;
  refreshMemory(): Promise<void>;
}

export type TrainingSession = StoreApi<TrainingState & TrainingActions> & {
  readonly client: TrainingClient;
  readonly series: TrainingSeries;
  readonly stats: NodeStatsStore;
};

export interface SessionOptions {
  /** Runs `flush` before the next frame (default `requestAnimationFrame`). */
  readonly schedule?: (flush: () => void) => void;
  /** Where the run's layer statistics go, with the switch (default: a store of the session's own). */
  readonly stats?: NodeStatsStore;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const defaultSchedule = (flush: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

export function createTrainingSession(client: TrainingClient, options: SessionOptions = {}): TrainingSession {
  const schedule = options.schedule ?? defaultSchedule;
  const series = new TrainingSeries();
  const stats = options.stats ?? createNodeStats();
  let checkSeq = 0;
  /** Changes from events not yet applied to the store. */
  let draft: Partial<TrainingState> | undefined;

  const store = createStore<TrainingState & TrainingActions>()((set, get) => {
    const flush = () => {
      const next = draft;
      draft = undefined;
      if (next) set(next);
    };
    const queue = (changes: Partial<TrainingState>) => {
      const first = !draft;
      draft = { ...draft, ...changes };
      if (first) schedule(flush);
    };
    /** The value a queued change will give `key`, else the store's. */
    const latest = <K extends keyof TrainingState>(key: K): TrainingState[K] =>
      draft && key in draft ? (draft[key] as TrainingState[K]) : get()[key];

    const onEvent = eventHandler({ series, stats, queue, latest, refreshMemory: () => void get().refreshMemory() });
    client.subscribe(onEvent);

    /** Runs a call to the worker; a failure is shown instead of thrown. */
    const call = async (f: () => Promise<void>) => {
      try {
        await f();
      } catch (e) {
        set({ error: message(e) });
      }
    };

    return {
      phase: 'idle',
      backendChoice: 'auto',
      started: undefined,
      progress: undefined,
      epochsDone: 0,
      loss: undefined,
      lastEpoch: undefined,
      preview: undefined,
      fault: undefined,
      done: undefined,
      error: undefined,
      memory: undefined,
      chartSeq: 0,
      report: undefined,
      reportFor: undefined,
      checking: false,
      checkError: undefined,
      source: 'builtin',
      csv: undefined,
      images: undefined,
      dataStatus: undefined,

      setBackend: (backendChoice) => set({ backendChoice }),
      setSource: (source) => set({ source }),
      setCsv: (csv) => set({ csv }),
      setImages: (images) => set({ images }),
      setDataStatus: (dataStatus) => set({ dataStatus }),

      async check(request) {
        const seq = ++checkSeq;
        set({ checking: true });
        try {
          const report = await client.check(request);
          if (seq === checkSeq) set({ report, reportFor: request, checking: false, checkError: undefined });
        } catch (e) {
          if (seq === checkSeq)
            set({
              report: undefined,
              reportFor: undefined,
              checking: false,
              checkError: `The check failed: ${message(e)}`,
            });
        }
      },

      async start(request) {
        if (get().phase !== 'idle') return;
        flush();
        set({
          phase: 'starting',
          fault: undefined,
          done: undefined,
          error: undefined,
          preview: undefined,
          lastEpoch: undefined,
          loss: undefined,
          epochsDone: 0,
          progress: undefined,
        });
        await call(async () => {
          const on = stats.getState().on;
          const result = await client.start({ ...request, backend: get().backendChoice, stats: on });
          // Refused: the report (shown by the data check) says why.
          if (!result.started) set({ report: result.report, reportFor: request });
        });
        flush();
        // What the worker holds after the run, before the panel says it is over.
        await get().refreshMemory();
        set({ phase: 'idle' });
      },

      async pause() {
        if (get().phase !== 'running') return;
        set({ phase: 'pausing' });
        await call(() => client.pause());
      },
      resume: () => call(() => client.resume()),
      async stop() {
        if (get().phase === 'idle') return;
        set({ phase: 'stopping' });
        await call(() => client.stop());
      },
      async resetWeights() {
        await call(() => client.resetWeights());
        await get().refreshMemory();
      },
      async refreshMemory() {
        try {
          set({ memory: await client.memory() });
        } catch (e) {
          // The worker is gone (terminated): the figure is unknown, and the panel says why.
          set({ memory: undefined, error: `The training worker's memory cannot be read: ${message(e)}` });
        }
      },
    };
  });

  return Object.assign(store, { client, series, stats });
}
