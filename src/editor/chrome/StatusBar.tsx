/** Totals and the model's health, always visible under the canvas. */
import { thousands } from '../../compile';
import { useEditor, useEditorStore } from '../store/context';
import { analysisOf } from '../store/derived';

export function StatusBar() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const a = analysisOf(doc);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  const warnings = a.diagnostics.length - errors.length;
  // While the model does not compile, count what the analysis could: the layers with known shapes.
  const known = [...a.nodes.values()].reduce((t, n) => t + n.count.trainable + n.count.nonTrainable, 0);
  const total = a.ok ? a.totals.trainable + a.totals.nonTrainable : known;
  return (
    <footer className="sw-status">
      {a.ok ? (
        <>
          <span>{a.layers.length} layers</span>
          <span>
            <strong data-total-params>{thousands(total)}</strong> params
            <span className="sw-muted"> ({thousands(a.totals.trainable)} trainable)</span>
          </span>
        </>
      ) : (
        <span title="The model does not compile yet: this counts the layers whose shapes are known.">
          <strong data-total-params>{thousands(total)}</strong> params in the layers with known shapes
        </span>
      )}
      {a.ok && !warnings ? (
        <span className="sw-ok">✓ compiles</span>
      ) : (
        <button
          type="button"
          className={`sw-link ${errors.length ? 'sw-err' : 'sw-warn'}`}
          onClick={() => {
            store.getState().select([]);
            store.getState().showPanel('inspector');
          }}
        >
          {errors.length ? `✕ ${errors.length} error${errors.length === 1 ? '' : 's'}` : ''}
          {errors.length && warnings ? ', ' : ''}
          {warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''}
          {!errors.length && !warnings && !a.ok ? 'no output layer' : ''}
        </button>
      )}
      <span className="sw-status-end sw-muted">Press ? for shortcuts</span>
    </footer>
  );
}
