/**
 * The data check before training: what the data set is, and each problem between it and the
 * model with its one-click fix (edits of the document, or a change of settings). Errors block
 * Start; warnings are shown and training may go on.
 */
import type { DataProblem } from '../../train/check';
import type { CheckReport } from '../../train/service';
import { applyFix } from '../actions';
import { useEditorStore } from '../store/context';
import { commitSettings } from './settingsModel';

const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** "64 samples of 32×32×3 · segmentation · 4 classes: background, circle, square, triangle". */
export function describeReport(report: CheckReport): string {
  const d = report.dataset;
  const parts = [`${plural(d.count, 'sample')} of ${d.inputShape.join('×')}`, d.task];
  if (d.classes.length) parts.push(`${d.classes.length} classes: ${d.classes.join(', ')}`);
  parts.push(`${report.split.train} to train, ${report.split.validation} to validate`);
  return parts.join(' · ');
}

function Problem({ problem }: { problem: DataProblem }) {
  const store = useEditorStore();
  const { fix, settingsFix } = problem;
  return (
    <li className={`sw-diagnostic is-${problem.severity}`} data-severity={problem.severity}>
      <span className="sw-diagnostic-icon" aria-hidden="true">
        {problem.severity === 'error' ? '✕' : '!'}
      </span>
      <div>
        <p>
          <span className="sw-visually-hidden">{problem.severity}: </span>
          {problem.message}
        </p>
        {fix && (
          <button type="button" className="sw-button sw-fix" onClick={() => applyFix(store, fix)}>
            Fix: {fix.label}
          </button>
        )}
        {settingsFix && (
          <button
            type="button"
            className="sw-button sw-fix"
            onClick={() => {
              if (commitSettings(store, settingsFix.settings)) store.getState().notify(`Applied: ${settingsFix.label}`);
            }}
          >
            Fix: {settingsFix.label}
          </button>
        )}
      </div>
    </li>
  );
}

export function CheckList({
  report,
  stale = false,
  checking,
  problem,
}: {
  report: CheckReport | undefined;
  /** The report is for the model or data before the latest change: a new check is coming. */
  stale?: boolean;
  checking: boolean;
  /** Why there is nothing to check yet (no file chosen, unreadable file). */
  problem?: string | undefined;
}) {
  if (problem)
    return (
      <p className="sw-train-note" data-testid="train-check-status">
        {problem}
      </p>
    );
  if (!report)
    return (
      <p className="sw-train-note sw-muted" data-testid="train-check-status">
        {checking ? 'Checking the data against the model…' : 'Not checked yet.'}
      </p>
    );
  const issues: DataProblem[] = report.settingsIssues.map((message) => ({ severity: 'warning', message }));
  const all = [...report.problems, ...issues];
  return (
    <div className={`sw-train-check${stale ? ' is-stale' : ''}`} aria-busy={checking || stale}>
      <p className="sw-train-note" data-testid="train-check-status">
        <span className={report.ok ? 'sw-ok' : 'sw-err'}>{report.ok ? '✓ Ready to train' : '✕ Cannot train yet'}</span>{' '}
        <span className="sw-muted">{describeReport(report)}</span>
      </p>
      {all.length > 0 && (
        <ul className="sw-diagnostics" aria-label="Data check">
          {all.map((p) => (
            <Problem key={`${p.severity}:${p.message}`} problem={p} />
          ))}
        </ul>
      )}
    </div>
  );
}
