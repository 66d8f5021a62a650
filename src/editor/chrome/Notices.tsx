/** Short messages (an edit that could not apply, a fix applied), dismissed after a few seconds. */
import { useEffect } from 'react';
import { useEditor, useEditorStore } from '../store/context';
import type { Notice } from '../store/types';
import './notices.css';

function Item({ notice }: { notice: Notice }) {
  const store = useEditorStore();
  useEffect(() => {
    if (notice.sticky) return;
    const t = setTimeout(() => store.getState().dismiss(notice.id), notice.kind === 'error' ? 8000 : 4000);
    return () => clearTimeout(t);
  }, [notice, store]);
  return (
    <div className={`sw-notice is-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      <span>{notice.text}</span>
      <button
        type="button"
        className="sw-icon-button"
        aria-label="Dismiss"
        onClick={() => store.getState().dismiss(notice.id)}
      >
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useEditor((s) => s.notices);
  return (
    <div className="sw-notices">
      {notices.map((n) => (
        <Item key={n.id} notice={n} />
      ))}
    </div>
  );
}
