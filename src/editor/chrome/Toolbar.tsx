/** The toolbar: file commands, examples, history, blocks, layout, help, and the extension slot. */
import { type ReactNode, useRef } from 'react';
import { emptyDocument } from '../../compile';
import { makeBlock, openExample, openText, ungroupSelection } from '../actions';
import { exampleNames, loadExample } from '../boot';
import { useCanvasApi } from '../canvas/api';
import { useEditor, useEditorStore, useHistory } from '../store/context';
import { downloadDocument } from './files';
import { SaveStatus } from './SaveStatus';
import './toolbar.css';

export function Toolbar({ extra }: { extra?: ReactNode }) {
  const store = useEditorStore();
  const canvas = useCanvasApi();
  const { canUndo, canRedo } = useHistory();
  const hasSelection = useEditor((s) => s.selection.length > 0);
  const file = useRef<HTMLInputElement>(null);
  const s = () => store.getState();

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    const error = openText(store, await f.text(), f.name);
    if (error) s().notify(error, 'error', true);
    if (file.current) file.current.value = '';
  };

  return (
    <header className="sw-toolbar">
      <span className="sw-brand">
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path
            d="M5 4v6a4 4 0 0 0 4 4h6M5 20v-6m14 0v6M15 10l4 4-4 4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
          />
        </svg>
        Skipwire
      </span>
      <nav className="sw-toolbar-group" aria-label="File">
        <button type="button" className="sw-button" onClick={() => s().replaceDoc(emptyDocument('model'))}>
          New
        </button>
        <button type="button" className="sw-button" onClick={() => file.current?.click()}>
          Open…
        </button>
        <button type="button" className="sw-button" onClick={() => s().openDialog('recent')}>
          Open recent…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,.skipwire.json,application/json"
          hidden
          aria-label="Open a .skipwire.json file"
          data-testid="open-file"
          onChange={(e) => void onFile(e.target.files?.[0])}
        />
        <button
          type="button"
          className="sw-button"
          title="Download as .skipwire.json (Ctrl+S)"
          onClick={() => downloadDocument(s().doc)}
        >
          Save
        </button>
        <button type="button" className="sw-button" onClick={() => s().openDialog('share')}>
          Share link
        </button>
        <label className="sw-select-label">
          <span className="sw-visually-hidden">Open an example</span>
          <select
            className="sw-input sw-examples"
            aria-label="Examples"
            value=""
            onChange={(e) => {
              const doc = loadExample(e.target.value);
              if (doc) openExample(store, e.target.value, doc);
            }}
          >
            <option value="" disabled>
              Examples…
            </option>
            {exampleNames().map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
      {extra && <div className="sw-toolbar-group sw-toolbar-slot">{extra}</div>}
      <div className="sw-toolbar-group">
        <button
          type="button"
          className="sw-button"
          disabled={!canUndo}
          title="Undo (Ctrl+Z)"
          onClick={() => s().undo()}
        >
          Undo
        </button>
        <button
          type="button"
          className="sw-button"
          disabled={!canRedo}
          title="Redo (Ctrl+Shift+Z)"
          onClick={() => s().redo()}
        >
          Redo
        </button>
        <button
          type="button"
          className="sw-button"
          disabled={!hasSelection}
          title="Make block (Ctrl+G)"
          onClick={() => makeBlock(store)}
        >
          Make block
        </button>
        <button
          type="button"
          className="sw-button"
          disabled={!hasSelection}
          title="Ungroup (Ctrl+Shift+G)"
          onClick={() => ungroupSelection(store)}
        >
          Ungroup
        </button>
        <button
          type="button"
          className="sw-button"
          title="Lay out the graph (ELK, layered)"
          onClick={() => void canvas.current?.autoLayout()}
        >
          Auto-layout
        </button>
        <button type="button" className="sw-button" title="Fit the view (F)" onClick={() => canvas.current?.fitView()}>
          Fit
        </button>
      </div>
      <div className="sw-toolbar-end">
        <SaveStatus />
        <button
          type="button"
          className="sw-button sw-icon"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => s().openDialog('shortcuts')}
        >
          ?
        </button>
      </div>
    </header>
  );
}
