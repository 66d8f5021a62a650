/**
 * The Training side panel: data set, data check with fixes, settings, run controls with
 * progress, live charts and the predictions preview. Training runs in a Web Worker (tfjs is never
 * loaded on the page); the panel only sends the document and the data and draws the events.
 */
import './training.css';
import { useEffect, useMemo } from 'react';
import { outputLayer } from '../../train/head';
import type { DataSource, TrainRequest } from '../../train/service';
import { useEditor } from '../store/context';
import { analysisOf } from '../store/derived';
import { BatchAdvice } from './BatchAdvice';
import { imageDataset, imageShapeFor } from './byo';
import { Charts, loadUplot } from './Charts';
import { CheckList } from './CheckList';
import { Controls } from './Controls';
import { DataPicker } from './DataPicker';
import { FeatureMapsView } from './FeatureMapsView';
import { StatsSwitch } from './NodeStats';
import { PreviewView } from './PreviewView';
import { SettingsForm } from './SettingsForm';
import type { TrainingSession } from './session';
import { builtinSpec, settingsOf, suggestBuiltin } from './settingsModel';
import { useSession } from './useSession';

/** Waits this long after the last edit before checking the data again. */
const CHECK_DELAY_MS = 150;

/** The data to train on, from the picker's state, or why there is none yet. */
function useDataSource(session: TrainingSession, specKey: string, input: readonly (number | null)[] | undefined) {
  const source = useSession(session, (s) => s.source);
  const csv = useSession(session, (s) => s.csv);
  const images = useSession(session, (s) => s.images);
  const shape = imageShapeFor(input);
  const shapeKey = shape.join('×');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the image set depends on the shape's value (shapeKey)
  const imageSet = useMemo(() => (images ? imageDataset(images, shape) : undefined), [images, shapeKey]);
  return useMemo((): { data?: DataSource; problem?: string } => {
    if (source === 'builtin') return { data: { kind: 'builtin', spec: JSON.parse(specKey) } };
    if (source === 'csv') {
      if (!csv) return { problem: 'Choose a CSV file, or drop one on the data section.' };
      return csv.dataset ? { data: { kind: 'dataset', dataset: csv.dataset } } : { problem: csv.error ?? '' };
    }
    if (!images || !imageSet) return { problem: 'Choose a folder of images, or drop one on the data section.' };
    return imageSet.dataset
      ? { data: { kind: 'dataset', dataset: imageSet.dataset } }
      : { problem: imageSet.error ?? 'The images cannot be used.' };
  }, [source, specKey, csv, images, imageSet]);
}

export function TrainingPanel({ session }: { session: TrainingSession }) {
  const doc = useEditor((s) => s.doc);
  const analysis = analysisOf(doc);
  const settings = useMemo(() => settingsOf(doc), [doc]);
  const input = analysis.layers.find((l) => l.path === analysis.inputs[0])?.shape;
  const spec = builtinSpec(settings, suggestBuiltin(input, outputLayer(analysis)?.shape));
  const specKey = JSON.stringify(spec);
  const { data, problem } = useDataSource(session, specKey, input);
  const request = useMemo(
    (): Omit<TrainRequest, 'backend'> | undefined => (data ? { doc, settings, data, previewEvery: 1 } : undefined),
    [doc, settings, data],
  );
  const phase = useSession(session, (s) => s.phase);
  const shown = useSession(session, (s) => s.report);
  // The report answers this request, or an earlier one (shown dimmed until the new check is back).
  const current = useSession(session, (s) => request !== undefined && s.reportFor === request);
  const report = current ? shown : undefined;
  const checking = useSession(session, (s) => s.checking);
  const checkError = useSession(session, (s) => s.checkError);
  const started = useSession(session, (s) => s.started);

  useEffect(() => {
    // Fetch and parse the chart library while nothing runs, not when the first batch arrives.
    const idle = setTimeout(() => void loadUplot().catch(() => undefined), 500);
    return () => clearTimeout(idle);
  }, []);

  useEffect(() => {
    if (!request) return;
    const timer = setTimeout(() => void session.getState().check(request), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [request, session]);

  const blocked = !request
    ? problem || 'Choose the data to train on.'
    : report && !report.ok
      ? 'Fix the problems the data check found to train.'
      : undefined;
  return (
    <div className="sw-train" data-testid="training-panel" data-phase={phase}>
      <h3 className="sw-subhead">Data</h3>
      <DataPicker session={session} spec={spec} input={input} />
      <CheckList
        report={request ? shown : undefined}
        stale={!current}
        checking={checking}
        problem={request ? checkError : problem}
      />
      <h3 className="sw-subhead">Settings</h3>
      <SettingsForm settings={settings} analysis={analysis} disabled={phase !== 'idle'} />
      <BatchAdvice analysis={analysis} settings={settings} disabled={phase !== 'idle'} />
      <h3 className="sw-subhead">Training</h3>
      <StatsSwitch stats={session.stats} disabled={phase !== 'idle'} />
      <Controls
        session={session}
        blocked={blocked}
        onStart={() => {
          if (request) void session.getState().start(request);
        }}
      />
      {started && <Charts session={session} />}
      <PreviewView session={session} />
      <FeatureMapsView session={session} />
    </div>
  );
}
