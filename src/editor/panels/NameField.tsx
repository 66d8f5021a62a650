/** A text field that commits on Enter or blur (one undo step per edit) and refuses an empty name. */
import { useEffect, useId, useState } from 'react';

export function NameField({
  label,
  value,
  hint,
  onCommit,
}: {
  label: string;
  value: string;
  hint?: string;
  onCommit: (v: string) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const empty = !draft.trim();
  const commit = () => {
    if (!empty && draft.trim() !== value) onCommit(draft.trim());
    else setDraft(value);
  };
  return (
    <div className="sw-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="sw-input"
        value={draft}
        aria-invalid={empty || undefined}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(value);
        }}
      />
      {empty && <span className="sw-field-error">{label} cannot be empty.</span>}
      {hint && <small className="sw-field-doc">{hint}</small>}
    </div>
  );
}
