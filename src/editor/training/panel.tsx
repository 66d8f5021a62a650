/**
 * The Training panel as an editor extension: `<EditorApp panels={[trainingPanel]} />`. The
 * training worker starts the first time the panel is shown, and the session (a run, its charts)
 * outlives the panel while another tab is shown.
 */
import { createTrainingClient, type TrainingClient } from '../../train/client';
import type { NodeOverlay, SidePanelDef } from '../extensions';
import { NodeStatsOverlay } from './NodeStats';
import { createNodeStats, type NodeStatsStore } from './nodeStats';
import { createTrainingSession, type TrainingSession } from './session';
import { TrainingPanel } from './TrainingPanel';

export interface TrainingPanelOptions {
  /** Makes the client (default: the training Web Worker). Tests pass a fake. */
  readonly createClient?: () => TrainingClient;
}

export interface TrainingPanelDef extends SidePanelDef {
  session(): TrainingSession;
  /** The run's live layer statistics, with the panel's switch (there before the worker starts). */
  readonly stats: NodeStatsStore;
  /** The canvas overlay drawing them: `<EditorApp nodeOverlay={panel.nodeOverlay} />`. */
  readonly nodeOverlay: NodeOverlay;
}

export function createTrainingPanel(options: TrainingPanelOptions = {}): TrainingPanelDef {
  let session: TrainingSession | undefined;
  const stats = createNodeStats();
  const get = () => {
    session ??= createTrainingSession((options.createClient ?? createTrainingClient)(), { stats });
    return session;
  };
  const nodeOverlay: NodeOverlay = ({ id }) => <NodeStatsOverlay id={id} stats={stats} />;
  return {
    id: 'training',
    title: 'Training',
    wide: true,
    session: get,
    stats,
    nodeOverlay,
    render: () => <TrainingPanel session={get()} />,
  };
}

/** The panel the editor shows, training in a Web Worker. */
export const trainingPanel = createTrainingPanel();
