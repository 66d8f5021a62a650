/** The right-side panel: tabs for the inspector, the summary, and any panels added by extensions. */
import { useMemo } from 'react';
import { ErrorBoundary } from '../chrome/ErrorBoundary';
import type { SidePanelDef } from '../extensions';
import { useEditor, useEditorStore } from '../store/context';
import { Inspector } from './Inspector';
import { SummaryPanel } from './SummaryPanel';
import './sidePanel.css';

const BUILT_IN: readonly SidePanelDef[] = [
  { id: 'inspector', title: 'Inspector', render: () => <Inspector /> },
  { id: 'summary', title: 'Summary', wide: true, render: () => <SummaryPanel /> },
];

export function SidePanel({ extra = [] }: { extra?: readonly SidePanelDef[] }) {
  const store = useEditorStore();
  const panels = useMemo(() => [...BUILT_IN, ...extra], [extra]);
  const active = useEditor((s) => s.panel);
  const current = panels.find((p) => p.id === active) ?? (panels[0] as SidePanelDef);
  return (
    <aside className={`sw-side${current.wide ? ' is-wide' : ''}`} aria-label="Side panel">
      <div className="sw-tabs" role="tablist" aria-label="Panels">
        {panels.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`sw-tab-${p.id}`}
            aria-selected={p.id === current.id}
            aria-controls={`sw-panel-${p.id}`}
            className="sw-tab"
            onClick={() => store.getState().showPanel(p.id)}
          >
            {p.title}
          </button>
        ))}
      </div>
      <div
        className="sw-side-body"
        role="tabpanel"
        id={`sw-panel-${current.id}`}
        aria-labelledby={`sw-tab-${current.id}`}
      >
        <ErrorBoundary key={current.id} part={`The ${current.title} panel`} store={store}>
          {current.render()}
        </ErrorBoundary>
      </div>
    </aside>
  );
}
