/** Modal dialogs: keyboard shortcuts (`?`) and the share link. */
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useEditor, useEditorStore } from '../store/context';
import { shareUrl } from './files';
import { RecentModels } from './RecentModels';
import './notices.css';

export const SHORTCUTS: readonly [string, string][] = [
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z, Ctrl+Y', 'Redo'],
  ['Ctrl+C / Ctrl+X / Ctrl+V', 'Copy, cut, paste (also between tabs)'],
  ['Ctrl+D', 'Duplicate the selection'],
  ['Delete, Backspace', 'Delete the selected layers and wires'],
  ['Ctrl+A', 'Select everything'],
  ['Shift+click, Shift+drag', 'Add to the selection, select with a box'],
  ['Ctrl+G', 'Make a block of the selection'],
  ['Ctrl+Shift+G', 'Ungroup the selected block instance'],
  ['Enter, double-click', 'Open the selected block instance'],
  ['Escape', 'Clear the selection, then leave the open block'],
  ['F', 'Fit the view'],
  ['Arrow keys', 'Move the selected layers'],
  ['Ctrl+S', 'Save (download)'],
  ['?', 'This help'],
];

/**
 * A modal `<dialog>` open while mounted. React StrictMode (under `npm run dev`) mounts, unmounts
 * and mounts again: the cleanup's `close()` must not read as the user closing it. happy-dom fires
 * `close` at once (the cleanup removes the listener first); Chromium fires it a task later, when
 * the second mount has opened the dialog again, so a `close` that finds it open is ignored.
 */
export function Modal({ title, children }: { title: string; children: ReactNode }) {
  const store = useEditorStore();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onClose = () => {
      if (!d.open) store.getState().openDialog(undefined);
    };
    d.addEventListener('close', onClose);
    if (!d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    }
    return () => {
      d.removeEventListener('close', onClose);
      if (typeof d.close === 'function') d.close();
      else d.removeAttribute('open');
    };
  }, [store]);
  return (
    <dialog ref={ref} className="sw-dialog" aria-label={title}>
      <header>
        <h2>{title}</h2>
        <button
          type="button"
          className="sw-icon-button"
          aria-label="Close"
          onClick={() => store.getState().openDialog(undefined)}
        >
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

function Shortcuts() {
  return (
    <Modal title="Keyboard shortcuts">
      <table className="sw-shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td>
                {keys.split(', ').map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

function Share() {
  const doc = useEditor((s) => s.doc);
  const url = useMemo(() => shareUrl(doc), [doc]);
  const [copied, setCopied] = useState<string>();
  return (
    <Modal title="Share link">
      <p>Anyone who opens this link gets a copy of this model; nothing is uploaded, the model is in the link.</p>
      <input
        className="sw-input sw-share-url"
        readOnly
        value={url}
        aria-label="Share link"
        onFocus={(e) => e.target.select()}
      />
      <p className="sw-muted">{(url.length / 1024).toFixed(1)} KB</p>
      <div className="sw-row">
        <button
          type="button"
          className="sw-button is-primary"
          onClick={() =>
            navigator.clipboard?.writeText(url).then(
              () => setCopied('Copied to the clipboard.'),
              () => setCopied('The browser refused the clipboard: select the link and copy it.'),
            )
          }
        >
          Copy link
        </button>
        <span role="status">{copied}</span>
      </div>
    </Modal>
  );
}

export function Dialogs() {
  const dialog = useEditor((s) => s.dialog);
  if (dialog === 'shortcuts') return <Shortcuts />;
  if (dialog === 'share') return <Share />;
  if (dialog === 'recent') return <RecentModels />;
  return null;
}
