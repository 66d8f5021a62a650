/**
 * Autosave state; a warning banner when storage refuses (editing continues either way, and the
 * model can be downloaded from the banner); the notice of a conflict with another tab.
 */
import './persist.css';
import { useEditor, useEditorStore } from '../store/context';
import { downloadDocument } from './files';

export function SaveStatus() {
  const state = useEditor((s) => (s.conflict ? 'conflict' : s.saveState));
  const text = { saved: 'Saved', pending: 'Saving…', error: 'Not saved', conflict: 'Not saved' }[state];
  return (
    <span className={`sw-save is-${state}`} data-save-state={state} role="status" title="Autosave in this browser">
      {text}
    </span>
  );
}

export function StorageWarning() {
  const store = useEditorStore();
  const error = useEditor((s) => (s.saveState === 'error' ? s.saveError : undefined));
  if (!error) return null;
  return (
    <div className="sw-banner is-warning sw-persist-banner" role="alert" data-testid="storage-warning">
      <span>
        <strong>Autosave failed</strong> ({error}). What was saved before is intact; your edits continue in this tab.
      </span>
      <button
        type="button"
        className="sw-button is-primary"
        data-testid="download-copy"
        onClick={() => downloadDocument(store.getState().doc)}
      >
        Download a copy
      </button>
    </div>
  );
}

export function ConflictNotice() {
  const store = useEditorStore();
  const conflict = useEditor((s) => s.conflict);
  if (!conflict) return null;
  const when = new Date(conflict.savedAt).toLocaleTimeString();
  return (
    <div className="sw-banner is-warning sw-persist-banner" role="alert" data-testid="conflict-notice">
      <span>
        <strong>This model was changed in another tab</strong> (saved at {when}). Nothing is saved from this tab until
        you choose.
      </span>
      <span className="sw-row">
        <button type="button" className="sw-button" onClick={() => store.getState().resolveConflict('theirs')}>
          Load theirs
        </button>
        <button type="button" className="sw-button is-primary" onClick={() => store.getState().resolveConflict('copy')}>
          Keep mine as a copy
        </button>
      </span>
    </div>
  );
}
