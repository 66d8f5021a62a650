/**
 * Run controls and progress: the backend (chosen by the model by default; the one in use and the ones passed
 * over, with why), Start, Pause/Resume, Stop, Reset weights, a progress bar with epoch and batch
 * counts and an ETA, the latest loss, memory in use in the worker, and faults with their hint.
 */
import { useEffect, useState } from 'react';
import { BACKENDS, type BackendSetting } from '../../train/backend';
import { useEditorStore } from '../store/context';
import { formatBytes, formatDuration, formatValue, percent } from './format';
import { batchElapsed, timeLeft } from './pace';
import type { TrainingSession } from './session';
import { useSession } from './useSession';

const BACKEND_LABELS: Readonly<Record<BackendSetting, string>> = {
  auto: 'Automatic (by model and GPU)',
  webgl: 'WebGL (GPU)',
  webgpu: 'WebGPU',
  wasm: 'WebAssembly (CPU, fast)',
  'wasm-threads': 'WebAssembly, multithreaded (experimental)',
  cpu: 'CPU (slow)',
};

/** The settings offered here: multithreaded wasm only where the page is cross-origin isolated. */
const SETTINGS: readonly BackendSetting[] = [
  'auto',
  ...BACKENDS.flatMap((b): BackendSetting[] =>
    b === 'wasm' && globalThis.crossOriginIsolated === true ? ['wasm', 'wasm-threads'] : [b],
  ),
];

/** A batch running longer than this gets a pulse with its own clock. */
const LONG_BATCH_MS = 2000;

/** `performance.now()`, refreshed every second while `live` (the time left counts down between batches). */
function useNow(live: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!live) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  return live ? now : performance.now();
}

function Progress({ session }: { session: TrainingSession }) {
  const p = useSession(session, (s) => s.progress);
  const phase = useSession(session, (s) => s.phase);
  const done = useSession(session, (s) => s.done);
  const live = p !== undefined && !done && (phase === 'running' || phase === 'pausing' || phase === 'stopping');
  const now = useNow(live);
  if (!p) return null;
  const total = p.epochs * p.batchesPerEpoch;
  const finished = (p.epoch - 1) * p.batchesPerEpoch + p.batch;
  const label = `Epoch ${p.epoch} of ${p.epochs} · batch ${p.batch} of ${p.batchesPerEpoch}`;
  const left = live ? timeLeft(p.pace, total - finished, now) : undefined;
  const running = live ? batchElapsed(p.pace, now) : 0;
  const waiting = done ? undefined : phase === 'stopping' ? 'Stopping' : phase === 'pausing' ? 'Pausing' : undefined;
  return (
    <div className="sw-train-progress">
      <progress max={total} value={finished} aria-label="Training progress" />
      {live && running >= LONG_BATCH_MS && (
        <div className="sw-train-pulse" data-testid="train-batch-pulse" role="status">
          <span className="sw-train-pulse-bar" aria-hidden="true" />
          <span className="sw-train-note">
            {p.batch === p.batchesPerEpoch ? 'Finishing the epoch' : `Batch ${p.batch + 1} running`} ·{' '}
            {formatDuration(running)}
          </span>
        </div>
      )}
      <p className="sw-train-note" data-testid="train-progress">
        {label}
        {live && ` · ${left === undefined ? 'estimating the time left…' : `about ${formatDuration(left)} left`}`}
        {p.samplesPerSecond > 0 && ` · ${p.samplesPerSecond.toFixed(1)} samples/s`}
      </p>
      {waiting && (
        <p className="sw-train-note" data-testid="train-waiting" role="status">
          {waiting} after this batch…
        </p>
      )}
    </div>
  );
}

function Outcome({ session }: { session: TrainingSession }) {
  const fault = useSession(session, (s) => s.fault);
  const done = useSession(session, (s) => s.done);
  const error = useSession(session, (s) => s.error);
  return (
    <>
      {fault && (
        <div
          className="sw-diagnostic is-error sw-train-fault"
          role="alert"
          data-testid="train-fault"
          data-kind={fault.kind}
        >
          <span className="sw-diagnostic-icon" aria-hidden="true">
            ✕
          </span>
          <div>
            <p>{fault.message}</p>
            {fault.hint && <p className="sw-train-hint">{fault.hint}</p>}
          </div>
        </div>
      )}
      {done && (
        <p className="sw-train-note" data-testid="train-done">
          {done.reason === 'stopped' ? 'Stopped' : 'Finished'} after {done.epochs} epoch{done.epochs === 1 ? '' : 's'}.
          The trained weights stay for the next run (layers you did not change keep them).
        </p>
      )}
      {error && (
        <p className="sw-field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

export function Controls({
  session,
  onStart,
  blocked,
}: {
  session: TrainingSession;
  onStart: () => void;
  /** Why Start is unavailable (the data check failed, no data chosen). */
  blocked?: string | undefined;
}) {
  const store = useEditorStore();
  const phase = useSession(session, (s) => s.phase);
  const choice = useSession(session, (s) => s.backendChoice);
  const started = useSession(session, (s) => s.started);
  const epochsDone = useSession(session, (s) => s.epochsDone);
  const loss = useSession(session, (s) => s.loss);
  const last = useSession(session, (s) => s.lastEpoch);
  const memory = useSession(session, (s) => s.memory);
  // The run has ended once its last event came, even before the worker's call returns.
  const ended = useSession(session, (s) => s.done !== undefined);
  const s = () => session.getState();
  const idle = phase === 'idle';
  // Named from the start of a run, before any epoch has reported a value.
  const metric =
    (started?.metric ?? (last?.metrics.mae !== undefined ? 'mae' : 'acc')) === 'mae' ? 'mean abs. error' : 'accuracy';
  const metricValue = last?.metrics.acc ?? last?.metrics.mae;
  const valMetric = last?.val?.metrics.acc ?? last?.val?.metrics.mae;
  return (
    <section className="sw-train-run" aria-label="Run">
      <div className="sw-row">
        <label className="sw-train-inline">
          Backend{' '}
          <select
            className="sw-input"
            value={choice}
            disabled={!idle}
            onChange={(e) => s().setBackend(e.target.value as BackendSetting)}
          >
            {SETTINGS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABELS[b]}
              </option>
            ))}
          </select>
        </label>
        <span className="sw-muted">
          In use: <strong data-testid="train-backend">{started?.backend ?? '—'}</strong>
          {started?.choice && <span data-testid="train-backend-why"> · {started.choice}</span>}
        </span>
      </div>
      {started && started.fallbacks.length > 0 && (
        <ul className="sw-train-fallbacks" aria-label="Backends passed over">
          {started.fallbacks.map((f) => (
            <li key={f.backend}>{f.reason}</li>
          ))}
        </ul>
      )}
      <div className="sw-row">
        <button
          type="button"
          className="sw-button is-primary"
          data-testid="train-start"
          disabled={!idle || blocked !== undefined}
          title={blocked}
          onClick={onStart}
        >
          {phase === 'starting' ? 'Starting…' : 'Start'}
        </button>
        {phase === 'paused' ? (
          <button type="button" className="sw-button" data-testid="train-resume" onClick={() => void s().resume()}>
            Resume
          </button>
        ) : (
          <button
            type="button"
            className="sw-button"
            data-testid="train-pause"
            disabled={phase !== 'running'}
            onClick={() => void s().pause()}
          >
            {phase === 'pausing' ? 'Pausing…' : 'Pause'}
          </button>
        )}
        <button
          type="button"
          className="sw-button"
          data-testid="train-stop"
          disabled={idle || phase === 'stopping'}
          onClick={() => void s().stop()}
        >
          {phase === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
        <button
          type="button"
          className="sw-button"
          data-testid="train-reset"
          disabled={phase === 'starting' || (phase === 'stopping' && !ended)}
          title="New initial weights (and optimizer state); between runs, the next run starts from scratch"
          onClick={async () => {
            await s().resetWeights();
            store.getState().notify(idle ? 'Weights reset: the next run starts from scratch.' : 'Weights reset.');
          }}
        >
          Reset weights
        </button>
      </div>
      {blocked && idle && <p className="sw-train-note sw-muted">{blocked}</p>}
      <Progress session={session} />
      <dl className="sw-train-stats">
        <dt>Epochs done</dt>
        <dd data-testid="train-epoch">{epochsDone}</dd>
        <dt>Loss</dt>
        <dd data-testid="train-loss">{formatValue(loss)}</dd>
        <dt>{metric}</dt>
        <dd>
          {metricValue === undefined
            ? '—'
            : last?.metrics.acc !== undefined
              ? percent(metricValue)
              : formatValue(metricValue)}
        </dd>
        <dt>Validation</dt>
        <dd>
          {last?.val
            ? `loss ${formatValue(last.val.loss)}${valMetric === undefined ? '' : `, ${last.val.metrics.acc !== undefined ? percent(valMetric) : formatValue(valMetric)}`}`
            : '—'}
        </dd>
        <dt>Memory</dt>
        <dd title="Tensors alive in the training worker" data-testid="train-tensors" data-count={memory?.numTensors}>
          {memory ? `${memory.numTensors} tensors, ${formatBytes(memory.numBytes)}` : '—'}
        </dd>
      </dl>
      <Outcome session={session} />
    </section>
  );
}
