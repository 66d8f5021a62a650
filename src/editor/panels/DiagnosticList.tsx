/** Diagnostics with their fixes: each fix is a button that applies its edit operations. */
import type { Diagnostic } from '../../compile';
import { applyFix } from '../actions';
import { useEditorStore } from '../store/context';
import './diagnostics.css';

export function DiagnosticList({
  items,
  onSelect,
}: {
  items: readonly Diagnostic[];
  onSelect?: (d: Diagnostic) => void;
}) {
  const store = useEditorStore();
  if (!items.length) return null;
  return (
    <ul className="sw-diagnostics" aria-label="Problems">
      {items.map((d, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics have no id; the list is rebuilt per analysis
        <li key={i} className={`sw-diagnostic is-${d.severity}`} data-severity={d.severity}>
          <span className="sw-diagnostic-icon" aria-hidden="true">
            {d.severity === 'error' ? '✕' : '!'}
          </span>
          <div>
            <p>
              <span className="sw-visually-hidden">{d.severity}: </span>
              {onSelect && d.nodeId ? (
                <button type="button" className="sw-link" onClick={() => onSelect(d)}>
                  {d.message}
                </button>
              ) : (
                d.message
              )}
            </p>
            {d.fixes?.map((f) => (
              <button
                key={f.label}
                type="button"
                className="sw-button sw-fix"
                title={f.label}
                onClick={() => applyFix(store, f)}
              >
                Apply fix: {f.label}
              </button>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
