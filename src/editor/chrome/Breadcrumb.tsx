/** Where the canvas is: the model, or a block definition opened from it (with the way back). */
import { shallowArray, useEditor, useEditorStore } from '../store/context';
import './breadcrumb.css';

export function Breadcrumb() {
  const store = useEditorStore();
  const path = useEditor((s) => s.scopePath, shallowArray);
  const names = useEditor(
    (s) => s.scopePath.map((id) => s.doc.blocks.find((b) => b.id === id)?.name ?? id),
    shallowArray,
  );
  const model = useEditor((s) => s.doc.name);
  const instances = useEditor((s) => {
    const id = s.scopePath.at(-1);
    return id === undefined ? 0 : [s.doc, ...s.doc.blocks].flatMap((g) => g.nodes).filter((n) => n.block === id).length;
  });
  return (
    <nav className={`sw-breadcrumb${path.length ? ' is-block' : ''}`} aria-label="Breadcrumb">
      <ol>
        <li>
          {path.length ? (
            <button type="button" className="sw-link" onClick={() => store.getState().exitTo(0)}>
              {model}
            </button>
          ) : (
            <span aria-current="page">{model}</span>
          )}
        </li>
        {names.map((name, i) => (
          <li key={path[i]}>
            {i < names.length - 1 ? (
              <button type="button" className="sw-link" onClick={() => store.getState().exitTo(i + 1)}>
                {name}
              </button>
            ) : (
              <span aria-current="page">{name}</span>
            )}
          </li>
        ))}
      </ol>
      {path.length > 0 && (
        <>
          <span className="sw-breadcrumb-note">
            Editing block definition · {instances} instance{instances === 1 ? '' : 's'} follow it
          </span>
          <button
            type="button"
            className="sw-button"
            onClick={() => store.getState().exitTo(path.length - 1)}
            title="Back (Escape)"
          >
            ← Back
          </button>
        </>
      )}
    </nav>
  );
}
