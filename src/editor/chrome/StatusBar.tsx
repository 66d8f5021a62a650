/** Totals and the model's health, always visible under the canvas. */
import { type Analysis, formatBytes, formatMacs, modelCost, thousands } from '../../compile';
import { FOOTER_METRICS, useFooterMetric } from '../canvas/footerMetric';
import './statusBar.css';
import './cost.css';
import { useEditor, useEditorStore } from '../store/context';
import { analysisOf } from '../store/derived';

/** A total over layers some of whose sizes are unknown (a `?` axis) is a lower bound: `≥ 1.2 M MACs`, or `?`. */
function atLeast(a: Analysis, text: string): string {
  if (!modelCost(a).partial) return text;
  if (!/^0(\.0)?\b/.test(text)) return `≥ ${text}`;
  return text.endsWith('MACs') ? '? MACs' : '?';
}

export function StatusBar() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const a = analysisOf(doc);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  const warnings = a.diagnostics.length - errors.length;
  // While the model does not compile, count what the analysis could: the layers with known shapes.
  const known = [...a.nodes.values()].reduce((t, n) => t + n.count.trainable + n.count.nonTrainable, 0);
  const total = a.ok ? a.totals.trainable + a.totals.nonTrainable : known;
  return (
    <footer className="sw-status">
      {a.ok ? (
        <>
          <span>{a.layers.length} layers</span>
          <span>
            <strong data-total-params>{thousands(total)}</strong> params
            <span className="sw-muted"> ({thousands(a.totals.trainable)} trainable)</span>
          </span>
          <span title="Multiply-accumulates per sample (torchinfo mult-adds: convolutions and dense layers; biases, activations and normalization not counted)">
            <strong data-total-macs>{atLeast(a, formatMacs(modelCost(a).macs))}</strong>
          </span>
          <span title="Output activations of every layer for one sample (float32): what a batch multiplies">
            {atLeast(a, formatBytes(modelCost(a).activationBytes))} activations
          </span>
        </>
      ) : (
        <span title="The model does not compile yet: this counts the layers whose shapes are known.">
          <strong data-total-params>{thousands(total)}</strong> params in the layers with known shapes
        </span>
      )}
      {a.ok && !warnings ? (
        <span className="sw-ok">✓ compiles</span>
      ) : (
        <button
          type="button"
          className={`sw-link ${errors.length ? 'sw-err' : 'sw-warn'}`}
          onClick={() => {
            store.getState().select([]);
            store.getState().showPanel('inspector');
          }}
        >
          {errors.length ? `✕ ${errors.length} error${errors.length === 1 ? '' : 's'}` : ''}
          {errors.length && warnings ? ', ' : ''}
          {warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : ''}
          {!errors.length && !warnings && !a.ok ? 'no output layer' : ''}
        </button>
      )}
      <FooterToggle />
      <span className="sw-muted">Press ? for shortcuts</span>
    </footer>
  );
}

/** Params | MACs | Activations: what every node's footer shows. */
function FooterToggle() {
  const { metric, setMetric } = useFooterMetric();
  return (
    <fieldset className="sw-status-end sw-segmented" aria-label="Node footers show">
      <legend className="sw-muted">Nodes:</legend>
      {FOOTER_METRICS.map((m) => (
        <button
          key={m.value}
          type="button"
          title={m.hint}
          aria-pressed={metric === m.value}
          className={metric === m.value ? 'is-on' : ''}
          onClick={() => setMetric(m.value)}
        >
          {m.label}
        </button>
      ))}
    </fieldset>
  );
}
