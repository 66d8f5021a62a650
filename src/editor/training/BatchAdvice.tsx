/**
 * Before Start: the memory a training step will need for the chosen batch size and optimizer,
 * against the budget, with a warning and the largest batch that fits when it does not.
 */
import type { Analysis } from '../../compile';
import { formatBytes } from '../../compile';
import { batchAdvice, memoryBudget } from '../../train/memory';
import type { TrainingSettings } from '../../train/settings';
import { useEditorStore } from '../store/context';
import { commitSettings } from './settingsModel';

/** `navigator.deviceMemory` where the browser has it (Chromium, in GB). */
const deviceMemory = (): number | undefined =>
  typeof navigator === 'undefined' ? undefined : (navigator as { deviceMemory?: number }).deviceMemory;

export function BatchAdvice({
  analysis,
  settings,
  disabled,
}: {
  analysis: Analysis;
  settings: TrainingSettings;
  disabled: boolean;
}) {
  const store = useEditorStore();
  if (!analysis.ok) return null;
  const a = batchAdvice(analysis, settings, memoryBudget(deviceMemory()));
  const { estimate: e } = a;
  const parts = `weights ${formatBytes(e.weights)} + gradients ${formatBytes(e.gradients)}${e.optimizer ? ` + optimizer ${formatBytes(e.optimizer)}` : ''} + activations ${formatBytes(e.activations)}`;
  const summary = `About ${formatBytes(e.total)} for a batch of ${settings.batchSize}, of a ${formatBytes(a.budget.bytes)} budget (${a.budget.source}).`;
  if (a.fits)
    return (
      <p className="sw-train-note" data-testid="batch-memory" title={parts}>
        Memory: {summary}
      </p>
    );
  return (
    <div className="sw-diagnostic is-warning sw-batch-warning" role="alert" data-testid="batch-warning">
      <span className="sw-diagnostic-icon" aria-hidden="true">
        ⚠
      </span>
      <div>
        <p>
          A batch of {settings.batchSize} needs about {formatBytes(e.total)}: it will not fit in the{' '}
          {formatBytes(a.budget.bytes)} budget ({a.budget.source}) and training would run out of memory.
        </p>
        <p className="sw-train-hint">{parts}.</p>
        {a.largest >= 1 ? (
          <button
            type="button"
            className="sw-button"
            disabled={disabled}
            onClick={() => commitSettings(store, { batchSize: a.largest })}
          >
            Use batch size {a.largest}
          </button>
        ) : (
          <p className="sw-train-hint">
            Not even one sample fits: make the input smaller or the layers narrower, or pool earlier.
          </p>
        )}
      </div>
    </div>
  );
}
