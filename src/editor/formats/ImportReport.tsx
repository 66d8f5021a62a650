/**
 * What an import said: the error (one line that names the layer) or the warnings, shown under the
 * toolbar until dismissed, and the offer to group the model's repeated modules into blocks. Names
 * from the file are rendered as text (React escapes them).
 */
import type { RepeatOffer } from './groupRepeats';

export interface ImportReportData {
  readonly fileName?: string;
  readonly error?: string;
  readonly warnings: readonly string[];
  /** Repeated modules found in the imported model, offered as blocks. */
  readonly offer?: RepeatOffer;
}

interface ImportReportProps {
  readonly report: ImportReportData;
  onDismiss(): void;
  /** Accepts the offer (one undo step). */
  onGroup?(): void;
  /** True while the grouped model is being laid out. */
  readonly grouping?: boolean;
}

export function ImportReport({ report, onDismiss, onGroup, grouping = false }: ImportReportProps) {
  const { error, warnings, fileName, offer } = report;
  const n = warnings.length;
  const title = error
    ? 'Import failed'
    : `Imported${fileName ? ` ${fileName}` : ''}${n ? ` with ${n} warning${n === 1 ? '' : 's'}` : ''}`;
  return (
    <section
      className={`sw-import-report ${error ? 'is-error' : 'is-warning'}`}
      role={error ? 'alert' : 'status'}
      aria-label="Import report"
    >
      <header>
        <strong>{title}</strong>
        <button type="button" className="sw-icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </header>
      {error && <p className="sw-import-error">{error}</p>}
      {n > 0 && (
        <ul className="sw-import-warnings" aria-label="Warnings">
          {warnings.map((w, i) => (
            // Warnings can repeat word for word (two frozen layers); the index keeps keys unique.
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced as a whole, never reordered
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {offer && onGroup && (
        <section className="sw-import-offer" aria-label="Repeated blocks">
          <p>
            {offer.kinds.length === 1 ? 'Repeated module found' : 'Repeated modules found'}, with the same layers and
            wiring (sizes may differ):
          </p>
          <ul>
            {offer.kinds.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
          <div className="sw-row">
            <button type="button" className="sw-button is-primary" disabled={grouping} onClick={onGroup}>
              {grouping ? 'Grouping…' : `Group ${offer.count} repeated blocks`}
            </button>
            <span className="sw-muted">Same model, weights and predictions; Ctrl+Z undoes it.</span>
          </div>
        </section>
      )}
      {error && (
        <p className="sw-muted">
          Import reads a tfjs <code>model.json</code> (select its <code>.bin</code> weights files with it), a Keras 2/3{' '}
          <code>to_json()</code> or <code>config.json</code>, or a Keras 1 JSON. The current model is unchanged.
        </p>
      )}
    </section>
  );
}
