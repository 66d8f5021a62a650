/**
 * The one node component. Everything it shows comes from the layer definition and the analysis
 * (through `data`); it reads actions from the store, never from `data`. Memoized: React Flow
 * hands it the same `data` object while nothing it shows changed.
 */
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useContext, useEffect, useRef, useState } from 'react';
import { rename } from '../actions';
import { NodeOverlayContext } from '../extensions';
import type { FlowNode } from '../model/flow';
import { inHandle, outHandle } from '../model/flow';
import { useEditor, useEditorStore } from '../store/context';
import { analysisOf } from '../store/derived';
import { FOOTER_METRICS, nodeCostText, paramsText, useFooterMetric } from './footerMetric';
import './nodes.css';

const spread = (i: number, n: number) => `${((i + 1) * 100) / (n + 1)}%`;

function NodeName({ id, name }: { id: string; name: string }) {
  const store = useEditorStore();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);
  if (!editing)
    return (
      <button
        type="button"
        tabIndex={-1}
        className="sw-node-name"
        title="Double-click to rename"
        onDoubleClick={(e) => {
          e.stopPropagation();
          setDraft(name);
          setEditing(true);
        }}
      >
        {name}
      </button>
    );
  const commit = () => {
    setEditing(false);
    if (draft.trim() && draft !== name) rename(store, id, draft.trim());
  };
  return (
    <input
      ref={input}
      className="sw-node-name-input nodrag"
      aria-label="Layer name"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}

/** Params, MACs or activation size, as the status bar's footer toggle says. */
function FooterValue({ id, params }: { id: string; params: number }) {
  const metric = useFooterMetric((s) => s.metric);
  // Only the chosen metric is looked up; with params the document is not read at all.
  const text = useEditor((s) => (metric === 'params' ? undefined : nodeCostText(analysisOf(s.doc), id, metric)));
  return (
    <span className="sw-node-params" data-metric={metric} title={FOOTER_METRICS.find((m) => m.value === metric)?.hint}>
      {metric === 'params' ? paramsText(params) : (text ?? '—')}
    </span>
  );
}

function LayerNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const updateNodeInternals = useUpdateNodeInternals();
  const Overlay = useContext(NodeOverlayContext);
  const ports = `${data.inputs.length}:${data.outputs.length}`;
  const seen = useRef(ports);
  useEffect(() => {
    // Merge layers grow a port as each is connected: React Flow must re-measure the handles.
    if (seen.current !== ports) {
      seen.current = ports;
      updateNodeInternals(id);
    }
  }, [id, ports, updateNodeInternals]);

  const classes = ['sw-node', `sw-cat-${data.category}`];
  if (data.severity) classes.push(`has-${data.severity}`);
  if (selected) classes.push('is-selected');
  const shapes = data.outShapes.filter(Boolean);
  return (
    <div className={classes.join(' ')} data-node-id={id} data-kind={data.kind}>
      {data.inputs.map((label, i) => (
        <Handle
          key={inHandle(i)}
          id={inHandle(i)}
          type="target"
          position={Position.Top}
          style={{ left: spread(i, data.inputs.length) }}
          title={`input ${i + 1}${label ? `: ${label}` : ''}${data.inShapes[i] ? ` (${data.inShapes[i]})` : ''}`}
        />
      ))}
      <div className="sw-node-head">
        <NodeName id={id} name={data.node.name} />
      </div>
      <div className="sw-node-detail" title={data.detail ? `${data.title} · ${data.detail}` : data.title}>
        <span className="sw-node-type">{data.title}</span>
        {data.detail && ` · ${data.detail}`}
      </div>
      {data.kind === 'block' && data.inShapes.some(Boolean) && (
        <div className="sw-node-io">in {data.inShapes.map((s) => s || '?').join(', ')}</div>
      )}
      <div className="sw-node-foot">
        <span className="sw-node-shape" title="Output shape (without the batch dimension)">
          {shapes.length
            ? `${data.kind === 'block' ? 'out ' : ''}${data.outShapes.map((s) => s || '?').join(', ')}`
            : '—'}
        </span>
        {data.params !== undefined && data.kind !== 'blockInput' && <FooterValue id={id} params={data.params} />}
      </div>
      {Overlay && <Overlay id={id} />}
      {data.outputIndex !== undefined && <div className="sw-node-badge">block output {data.outputIndex + 1}</div>}
      {data.message && (
        <>
          <div className="sw-node-message" role="note" title={data.message}>
            <span>
              {data.message}
              {data.problems > 1 ? ` (+${data.problems - 1} more)` : ''}
            </span>
          </div>
          <div className="sw-node-popover" aria-hidden="true">
            {data.message}
            {data.problems > 1 ? ` (${data.problems - 1} more in the inspector)` : ''}
          </div>
        </>
      )}
      {data.outputs.map((label, i) => (
        <Handle
          key={outHandle(i)}
          id={outHandle(i)}
          type="source"
          position={Position.Bottom}
          style={{ left: spread(i, data.outputs.length) }}
          title={`output${data.outputs.length > 1 ? ` ${i + 1}` : ''}${label ? `: ${label}` : ''}${data.outShapes[i] ? ` (${data.outShapes[i]})` : ''}`}
        />
      ))}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
