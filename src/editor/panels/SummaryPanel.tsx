/**
 * The Keras-style model summary: layer, type, output shape, params, connected to, and totals.
 * Clicking a row selects the layer on the canvas and centres it (inside its block for a layer
 * of a block instance).
 */
import { useMemo } from 'react';
import {
  bytesCell,
  compact,
  formatBytes,
  formatMacs,
  getBlock,
  macsCell,
  type SkipwireDoc,
  type SummaryRow,
  summarize,
  thousands,
} from '../../compile';
import { kerasShape } from '../../nodes';
import { useEditor, useEditorStore } from '../store/context';
import { analysisOf } from '../store/derived';
import './summary.css';

/** The scope path and node id a summary row's layer lives at. */
export function rowTarget(doc: SkipwireDoc, path: string): { scopePath: string[]; id: string } {
  const parts = path.split('/');
  const scopePath: string[] = [];
  let nodes = doc.nodes;
  for (const id of parts.slice(0, -1)) {
    const block = getBlock(doc, nodes.find((n) => n.id === id)?.block);
    if (!block) return { scopePath: [], id: parts[0] as string };
    scopePath.push(block.id);
    nodes = block.nodes;
  }
  return { scopePath, id: parts.at(-1) as string };
}

/** A layer name that may break after its underscores only (`conv_block1_` / `dropout`), never mid-word. */
function Breakable({ name }: { name: string }) {
  const parts = name.split(/(?<=_)/);
  return (
    <>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed string, in order
        <span key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </span>
      ))}
    </>
  );
}

export function SummaryPanel() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const summary = useMemo(() => summarize(doc.name, analysisOf(doc)), [doc]);
  const open = (r: SummaryRow) => {
    const t = rowTarget(store.getState().doc, r.path);
    store.getState().focusNode(t.id, t.scopePath);
  };
  return (
    <div className="sw-summary">
      <h2 className="sw-summary-title">
        Model: <span className="sw-mono">"{summary.name}"</span>
      </h2>
      <table className="sw-summary-table">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Type</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="is-num">
              Params
            </th>
            <th scope="col" className="is-num" title="Multiply-accumulates per sample (torchinfo mult-adds)">
              MACs
            </th>
            <th scope="col" className="is-num" title="Output size per sample, float32">
              Activations
            </th>
            <th scope="col">Connected to</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((r) => (
            <tr
              key={r.path}
              tabIndex={0}
              data-path={r.path}
              onClick={() => open(r)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  open(r);
                }
              }}
            >
              <td className="sw-mono">
                <Breakable name={r.name} />
              </td>
              <td className="sw-nowrap">{r.className}</td>
              <td className="sw-mono">{kerasShape(r.outputShape.slice(1))}</td>
              <td className="is-num sw-mono">{thousands(r.params)}</td>
              <td
                className="is-num sw-mono"
                title={r.macs === null ? undefined : `${macsCell(r.macs)} multiply-accumulates`}
              >
                {r.macs === null ? '?' : compact(r.macs)}
              </td>
              <td className="is-num sw-mono">{bytesCell(r.activationBytes)}</td>
              <td className="sw-mono sw-connected">
                {r.connectedTo.length ? (
                  <Breakable name={r.connectedTo.map((c) => c.replace(/\[0\]\[0\]$/, '')).join(', ')} />
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
          {summary.rows.length === 0 && (
            <tr>
              <td colSpan={7} className="sw-muted">
                No layer reaches an output yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <dl className="sw-summary-totals">
        <dt>Total params</dt>
        <dd data-total-params>{thousands(summary.total)}</dd>
        <dt>Trainable params</dt>
        <dd>{thousands(summary.trainable)}</dd>
        <dt>Non-trainable params</dt>
        <dd>{thousands(summary.nonTrainable)}</dd>
        <dt>Params size</dt>
        <dd>{formatBytes(summary.paramBytes)}</dd>
        <dt>Mult-adds per sample</dt>
        <dd data-total-macs title={`${thousands(summary.macs)} multiply-accumulates`}>
          {formatMacs(summary.macs)}
        </dd>
        <dt>Activations per sample</dt>
        <dd>{formatBytes(summary.activationBytes)}</dd>
      </dl>
    </div>
  );
}
