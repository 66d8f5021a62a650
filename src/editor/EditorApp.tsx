/**
 * The editor: toolbar, palette, canvas (with the breadcrumb of open blocks), side panel, status
 * bar. Extensions (a Training panel, Import/Export menus) plug in through `panels` and `toolbar`.
 */
import { ReactFlowProvider } from '@xyflow/react';
import { useRef } from 'react';
import { type CanvasApi, CanvasApiContext } from './canvas/api';
import { Canvas } from './canvas/Canvas';
import { Breadcrumb } from './chrome/Breadcrumb';
import { Dialogs } from './chrome/Dialogs';
import { ErrorBoundary } from './chrome/ErrorBoundary';
import { Notices } from './chrome/Notices';
import { ConflictNotice, StorageWarning } from './chrome/SaveStatus';
import { StatusBar } from './chrome/StatusBar';
import { Toolbar } from './chrome/Toolbar';
import { type EditorExtensions, NodeOverlayContext } from './extensions';
import { Palette } from './panels/Palette';
import { SidePanel } from './panels/SidePanel';
import { EditorStoreProvider, useEditor } from './store/context';
import type { EditorStore } from './store/createStore';
import { useShortcuts } from './useShortcuts';
import './app.css';

function Shell({ store, panels, toolbar, nodeOverlay }: { store: EditorStore } & EditorExtensions) {
  const canvas = useRef<CanvasApi | null>(null);
  useShortcuts(store, canvas);
  // One React Flow instance per open scope and document: entering a block or opening a file gets a
  // fresh viewport (fitted, or the saved one) and fresh measurements.
  const scopeKey = useEditor((s) => `${s.docSeq}:${s.scopePath.join('/')}`);
  return (
    <CanvasApiContext.Provider value={canvas}>
      <div className="sw-app">
        <ErrorBoundary part="The toolbar" store={store}>
          <Toolbar extra={toolbar} />
        </ErrorBoundary>
        <StorageWarning />
        <ConflictNotice />
        <div className="sw-main">
          <ErrorBoundary part="The palette" store={store}>
            <Palette />
          </ErrorBoundary>
          <main className="sw-stage" aria-label="Canvas">
            <Breadcrumb />
            <ErrorBoundary key={scopeKey} part="The canvas" store={store}>
              <ReactFlowProvider key={scopeKey}>
                <NodeOverlayContext.Provider value={nodeOverlay}>
                  <Canvas apiRef={canvas} />
                </NodeOverlayContext.Provider>
              </ReactFlowProvider>
            </ErrorBoundary>
          </main>
          <SidePanel {...(panels ? { extra: panels } : {})} />
        </div>
        <ErrorBoundary part="The status bar" store={store}>
          <StatusBar />
        </ErrorBoundary>
        <Notices />
        <Dialogs />
      </div>
    </CanvasApiContext.Provider>
  );
}

export function EditorApp({ store, ...extensions }: { store: EditorStore } & EditorExtensions) {
  return (
    <EditorStoreProvider store={store}>
      <Shell store={store} {...extensions} />
    </EditorStoreProvider>
  );
}
