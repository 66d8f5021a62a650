/**
 * What an import said: the error (one line that names the layer) or the warnings, shown under the
 * toolbar until dismissed. Names from the file are rendered as text (React escapes them).
 */

export interface ImportReportData {
  readonly fileName?: string;
  readonly error?: string;
  readonly warnings: readonly string[];
}

export function ImportReport({ report, onDismiss }: { report: ImportReportData; onDismiss(): void }) {
  const { error, warnings, fileName } = report;
  const n = warnings.length;
  const title = error
    ? 'Import failed'
    : `Imported${fileName ? ` ${fileName}` : ''} with ${n} warning${n === 1 ? '' : 's'}`;
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
      {error && (
        <p className="sw-muted">
          Import reads a tfjs <code>model.json</code> (select its <code>.bin</code> weights files with it), a Keras 2/3{' '}
          <code>to_json()</code> or <code>config.json</code>, or a Keras 1 JSON. The current model is unchanged.
        </p>
      )}
    </section>
  );
}
