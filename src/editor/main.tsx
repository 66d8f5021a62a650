/** Entry point of the browser app (index.html): boot, autosave, render. */
import '@xyflow/react/dist/style.css';
import './theme.css';
import './controls.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { boot } from './boot';
import { EditorApp } from './EditorApp';
import { FormatsMenu } from './formats/FormatsMenu';
import { startAutosave } from './persist/autosave';
import { DEFAULT_BACKENDS } from './persist/storage';
import { createEditorStore } from './store/createStore';
import { trainingPanel } from './training/panel';

async function main(): Promise<void> {
  const url = new URL(window.location.href);
  const start = await boot(url, DEFAULT_BACKENDS);
  const store = createEditorStore(start.doc, start.ui, start.modelId);
  const autosave = startAutosave(store, DEFAULT_BACKENDS, { rev: start.rev });
  // The address names the model, so a reload (or a bookmark) reopens this one and no other.
  const nameModel = (id: string) => window.history.replaceState(null, '', `${url.pathname}?model=${id}`);
  nameModel(start.modelId);
  store.subscribe((s, prev) => s.modelId !== prev.modelId && nameModel(s.modelId)); // kept as a copy
  if (start.rev === 0) void autosave.saveNow();
  if (start.problem) store.getState().notify(start.problem, 'error', true);
  window.addEventListener('pagehide', () => void autosave.flush());
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <EditorApp
        store={store}
        toolbar={<FormatsMenu trainedWeights={() => trainingPanel.session().client.getWeights()} />}
        panels={[trainingPanel]}
        nodeOverlay={trainingPanel.nodeOverlay}
      />
    </StrictMode>,
  );
}

void main();
