/**
 * The Export menu's content: one entry per format, the multi-worker option of the Python script,
 * and the outcome of the last export (the fidelity badge, and the differences when the check
 * failed). Presentational: the state comes in through props (FormatsMenu owns it).
 */

import { thousands } from '../../compile';
import { type FidelityReport, predictionAgreement } from '../../formats/fidelity';
import { EXPORT_RECORDS } from '../../formats/registry';
import type { ExportKind, ExportOutcome } from './exportRun';

interface Entry {
  readonly kind: ExportKind;
  readonly label: string;
  readonly detail: string;
  /** Read back and compared before it is saved. */
  readonly readBack?: boolean;
}

/** The registry's formats (light records: their code loads when one runs), then the editor's own two. */
export const EXPORT_ENTRIES: readonly Entry[] = [
  ...EXPORT_RECORDS.map((r) => ({
    kind: r.id,
    label: r.label,
    detail: r.id === 'tfjs' ? r.detail.replace(', ', ' in a .zip, ') : r.detail,
    readBack: r.readBack,
  })),
  { kind: 'project', label: 'Project file', detail: '.skipwire.json, as Save' },
  { kind: 'png', label: 'Diagram (PNG)', detail: 'the SVG diagram as an image' },
];

const labelOf = (kind: ExportKind) => EXPORT_ENTRIES.find((e) => e.kind === kind)?.label ?? kind;

export function FidelityBadge({ report }: { report: FidelityReport }) {
  const detail = `${report.layers} layers, ${thousands(report.params)} params${
    report.maxDifference === undefined ? '' : `, ${predictionAgreement(report.maxDifference)}`
  }`;
  return (
    <div className="sw-fidelity-result">
      <span
        className={`sw-fidelity ${report.pass ? 'is-pass' : 'is-fail'}`}
        data-fidelity={report.pass ? 'pass' : 'fail'}
        title="The export was read back by tfjs and compared with the model"
      >
        {report.pass ? '✓ Fidelity check passed' : '✕ Fidelity check failed'}
      </span>
      <span className="sw-muted">Read back by tfjs: {detail}.</span>
      {!report.pass && (
        <ul className="sw-fidelity-differences" aria-label="Differences">
          {report.differences.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface ExportMenuProps {
  /** Fixed position of the menu (under its button). */
  readonly at?: { readonly top: number; readonly left: number };
  /** The export running now. */
  readonly busy?: ExportKind | undefined;
  readonly outcome?: ExportOutcome | undefined;
  readonly distributed: boolean;
  onDistributedChange(distributed: boolean): void;
  onExport(kind: ExportKind): void;
  /** Saves the files a failed check held back. */
  onSaveHeld(): void;
}

function Outcome({ outcome, onSaveHeld }: { outcome: ExportOutcome; onSaveHeld(): void }) {
  return (
    <div className="sw-export-outcome" data-kind={outcome.kind}>
      {outcome.error ? (
        <p className="sw-export-error" role="alert">
          {labelOf(outcome.kind)} export failed: {outcome.error}
        </p>
      ) : (
        <p role="status">
          {outcome.saved.length
            ? `Saved ${outcome.saved.join(', ')}.`
            : `${labelOf(outcome.kind)}: not saved, because the check failed.`}
        </p>
      )}
      {outcome.fidelity && <FidelityBadge report={outcome.fidelity} />}
      {outcome.weightsNote && <p className="sw-muted">{outcome.weightsNote}</p>}
      {outcome.held?.length ? (
        <button type="button" className="sw-button" onClick={onSaveHeld}>
          Download anyway ({outcome.held.map((f) => f.name).join(', ')})
        </button>
      ) : null}
    </div>
  );
}

export function ExportMenu({
  at,
  busy,
  outcome,
  distributed,
  onDistributedChange,
  onExport,
  onSaveHeld,
}: ExportMenuProps) {
  return (
    <div className="sw-export-menu" role="dialog" aria-label="Export" style={at}>
      <ul className="sw-export-list">
        {EXPORT_ENTRIES.map((e) => (
          <li key={e.kind}>
            <button
              type="button"
              className="sw-export-entry"
              data-export={e.kind}
              disabled={busy !== undefined}
              onClick={() => onExport(e.kind)}
            >
              <span>{e.label}</span>
              <span className="sw-muted">{e.detail}</span>
            </button>
            {e.kind === 'python' && (
              <label className="sw-export-option">
                <input
                  type="checkbox"
                  checked={distributed}
                  onChange={(ev) => onDistributedChange(ev.target.checked)}
                />
                Multi-worker training section
              </label>
            )}
          </li>
        ))}
      </ul>
      {busy ? (
        <p className="sw-export-outcome" role="status">
          Exporting {labelOf(busy)}…
          {EXPORT_ENTRIES.find((e) => e.kind === busy)?.readBack ? ' (reading it back to check)' : ''}
        </p>
      ) : (
        outcome && <Outcome outcome={outcome} onSaveHeld={onSaveHeld} />
      )}
    </div>
  );
}
