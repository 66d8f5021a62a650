/** The columns of a chosen CSV file: the label, what it is (a class or a number), the features. */
import { withColumns } from './byo';
import type { CsvChoice, TrainingSession } from './session';

export function CsvColumns({ csv, session }: { csv: CsvChoice; session: TrainingSession }) {
  const change = async (over: Partial<Pick<CsvChoice, 'features' | 'label' | 'task'>>) => {
    const next = { ...csv, ...over };
    session.getState().setCsv(
      await withColumns({
        fileName: next.fileName,
        table: next.table,
        features: next.features.filter((f) => f !== next.label),
        label: next.label,
        task: next.task,
      }),
    );
  };
  const { columns, numeric, rows } = csv.table;
  return (
    <div className="sw-train-csv" data-testid="train-csv">
      <p className="sw-train-note">
        <strong>{csv.fileName}</strong>{' '}
        <span className="sw-muted">
          {rows.length.toLocaleString('en-US')} rows, {columns.length} columns
          {csv.skipped ? `; ${csv.skipped} rows skipped (empty cells)` : ''}
        </span>
      </p>
      <div className="sw-train-grid">
        <label className="sw-field">
          Label column
          <select className="sw-input" value={csv.label} onChange={(e) => void change({ label: e.target.value })}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label className="sw-field">
          The label is
          <select
            className="sw-input"
            value={csv.task}
            onChange={(e) => void change({ task: e.target.value as CsvChoice['task'] })}
          >
            <option value="auto">Detected from its values</option>
            <option value="classification">A class</option>
            <option value="regression">A number to predict</option>
          </select>
        </label>
      </div>
      <fieldset className="sw-train-columns">
        <legend>Feature columns</legend>
        {columns.map((c, i) =>
          c === csv.label ? null : (
            <label key={c} title={numeric[i] ? undefined : 'Not numeric: cannot be a feature'}>
              <input
                type="checkbox"
                disabled={!numeric[i]}
                checked={csv.features.includes(c)}
                onChange={(e) =>
                  void change({
                    features: e.target.checked ? [...csv.features, c] : csv.features.filter((f) => f !== c),
                  })
                }
              />{' '}
              {c}
            </label>
          ),
        )}
      </fieldset>
      {csv.error && (
        <p className="sw-field-error" role="alert">
          {csv.error}
        </p>
      )}
    </div>
  );
}
