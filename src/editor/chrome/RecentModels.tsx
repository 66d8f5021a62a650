/**
 * "Open recent…": the models saved in this browser, most recently edited first, with name, size
 * and last edit. Opening one loads `?model=<id>` (this tab's model is saved first, on pagehide);
 * deleting one can be undone from the dialog until it closes.
 */
import { useCallback, useEffect, useState } from 'react';
import { thousands } from '../../compile';
import { deleteModel, listModels, loadModel, type ModelEntry, type Snapshot, saveModel } from '../persist/models';
import { DEFAULT_BACKENDS, type StorageBackend } from '../persist/storage';
import { useEditor } from '../store/context';
import { Modal } from './Dialogs';

const size = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

function ago(t: number, now: number): string {
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return new Date(t).toLocaleDateString();
}

export function RecentModels({ backends = DEFAULT_BACKENDS }: { backends?: readonly StorageBackend[] }) {
  const current = useEditor((s) => s.modelId);
  const [models, setModels] = useState<readonly ModelEntry[]>();
  const [problem, setProblem] = useState<string>();
  const [deleted, setDeleted] = useState<{ id: string; snapshot: Snapshot }>();

  const refresh = useCallback(async () => {
    const r = await listModels(backends);
    setModels(r.models);
    setProblem(r.problems.length ? `Some saved models could not be read (${r.problems.join('; ')}).` : undefined);
  }, [backends]);
  useEffect(() => void refresh(), [refresh]);

  const remove = async (id: string) => {
    const { snapshot } = await loadModel(backends, id);
    try {
      await deleteModel(backends, id);
      if (snapshot) setDeleted({ id, snapshot });
    } catch (e) {
      setProblem(`Could not delete it: ${e instanceof Error ? e.message : e}`);
    }
    await refresh();
  };
  const undoDelete = async () => {
    if (!deleted) return;
    try {
      await saveModel(backends, deleted.id, deleted.snapshot, 0);
      setDeleted(undefined);
    } catch (e) {
      setProblem(`Could not restore it: ${e instanceof Error ? e.message : e}`);
    }
    await refresh();
  };

  const now = Date.now();
  return (
    <Modal title="Open recent">
      {problem && (
        <p className="sw-field-error" role="alert">
          {problem}
        </p>
      )}
      {deleted && (
        <p className="sw-row" role="status">
          Deleted “{deleted.snapshot.doc.name}”.
          <button type="button" className="sw-button" onClick={() => void undoDelete()}>
            Undo
          </button>
        </p>
      )}
      {models === undefined ? (
        <p className="sw-muted">Reading the saved models…</p>
      ) : models.length === 0 ? (
        <p className="sw-muted">No model is saved in this browser yet.</p>
      ) : (
        <table className="sw-recent" data-testid="recent-models">
          <thead>
            <tr>
              <th>Model</th>
              <th>Layers</th>
              <th>Size</th>
              <th>Last edit</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.id} data-model-id={m.id}>
                <td>
                  {m.id === current ? (
                    <span title="The model open in this tab">{m.name} (open here)</span>
                  ) : (
                    <a href={`?model=${m.id}`}>{m.name}</a>
                  )}
                </td>
                <td className="is-num">{thousands(m.layers)}</td>
                <td className="is-num">{size(m.bytes)}</td>
                <td title={new Date(m.savedAt).toLocaleString()}>{ago(m.savedAt, now)}</td>
                <td>
                  <button
                    type="button"
                    className="sw-button"
                    disabled={m.id === current}
                    title={m.id === current ? 'Open another model to delete this one' : `Delete ${m.name}`}
                    aria-label={`Delete ${m.name}`}
                    onClick={() => void remove(m.id)}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
