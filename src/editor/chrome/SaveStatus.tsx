/** Autosave state, and a warning banner when storage refuses (editing continues either way). */
import { useEditor } from '../store/context';

export function SaveStatus() {
  const state = useEditor((s) => s.saveState);
  const text = state === 'saved' ? 'Saved' : state === 'pending' ? 'Saving…' : 'Not saved';
  return (
    <span className={`sw-save is-${state}`} data-save-state={state} role="status" title="Autosave in this browser">
      {text}
    </span>
  );
}

export function StorageWarning() {
  const error = useEditor((s) => (s.saveState === 'error' ? s.saveError : undefined));
  if (!error) return null;
  return (
    <div className="sw-banner is-warning" role="alert">
      <strong>Autosave failed</strong> ({error}). Your edits continue in this tab; use <em>Save</em> to download a copy.
    </div>
  );
}
