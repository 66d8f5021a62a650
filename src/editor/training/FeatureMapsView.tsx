/**
 * After training, for image models: the feature maps of the selected node's layer for a chosen
 * validation sample, computed in the worker on the trained model (`featureMaps` in src/train).
 */
import { useEffect, useState } from 'react';
import type { FeatureMapsAnswer } from '../../train/featureMaps';
import { useEditor } from '../store/context';
import { RgbaCanvas } from './PreviewView';
import type { TrainingSession } from './session';
import { useSession } from './useSession';

export function FeatureMapsView({ session }: { session: TrainingSession }) {
  const phase = useSession(session, (s) => s.phase);
  const done = useSession(session, (s) => s.done);
  const validation = useSession(session, (s) => s.started?.samples.validation ?? 0);
  const images = useSession(session, (s) => s.preview?.preview.confusion?.misclassified?.some((m) => m.image) ?? false);
  const selected = useEditor((s) =>
    s.scopePath.length === 0 && s.selection.length === 1 ? s.selection[0] : undefined,
  );
  const [sample, setSample] = useState(0);
  const [answer, setAnswer] = useState<FeatureMapsAnswer | undefined>();
  const ready = phase === 'idle' && done !== undefined && images;
  useEffect(() => {
    if (!ready || !selected) return;
    let live = true;
    session.client
      .featureMaps(selected, sample)
      .then((a) => live && setAnswer(a))
      .catch((e: unknown) => live && setAnswer({ error: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [ready, selected, sample, session]);
  if (!ready) return null;
  return (
    <section className="sw-train-maps" data-testid="train-feature-maps" aria-label="Feature maps">
      <h4 className="sw-train-maps-head">
        Feature maps of {selected ?? 'the selected layer'} · validation sample{' '}
        <input
          type="number"
          min={0}
          max={Math.max(0, validation - 1)}
          value={sample}
          aria-label="Validation sample"
          onChange={(e) => setSample(Math.max(0, Math.min(validation - 1, Number(e.target.value) || 0)))}
        />
      </h4>
      {!selected ? (
        <p className="sw-train-note">Select a layer on the canvas to see what it outputs for this sample.</p>
      ) : !answer ? null : 'error' in answer ? (
        <p className="sw-train-note">{answer.error}</p>
      ) : (
        <>
          <p className="sw-train-note">
            {answer.shape.join('×')}:{' '}
            {answer.maps.length < answer.channels ? `the first ${answer.maps.length} of ` : ''}
            {answer.channels} channels, each scaled to its own range.
          </p>
          <div className="sw-train-maps-grid">
            {answer.maps.map((m, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: channels are positions
              <RgbaCanvas key={i} image={m} label={`channel ${i + 1}`} size={56} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
