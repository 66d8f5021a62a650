/**
 * The Training panel as an editor extension: `<EditorApp panels={[trainingPanel]} />`. The
 * training worker starts the first time the panel is shown, and the session (a run, its charts)
 * outlives the panel while another tab is shown.
 */
import { createTrainingClient, type TrainingClient } from '../../train/client';
import type { SidePanelDef } from '../extensions';
import { createTrainingSession, type TrainingSession } from './session';
import { TrainingPanel } from './TrainingPanel';

export interface TrainingPanelOptions {
  /** Makes the client (default: the training Web Worker). Tests pass a fake. */
  readonly createClient?: () => TrainingClient;
}

export function createTrainingPanel(options: TrainingPanelOptions = {}): SidePanelDef & { session(): TrainingSession } {
  let session: TrainingSession | undefined;
  const get = () => {
    session ??= createTrainingSession((options.createClient ?? createTrainingClient)());
    return session;
  };
  return {
    id: 'training',
    title: 'Training',
    wide: true,
    session: get,
    render: () => <TrainingPanel session={get()} />,
  };
}

/** The panel the editor shows, training in a Web Worker. */
export const trainingPanel = createTrainingPanel();
