/**
 * A wire drawn along its route (rounded orthogonal polyline around the nodes), with its tensor
 * shape as a label where the canvas found room for one, and always as the hover title.
 */
import { type EdgeProps, getSmoothStepPath } from '@xyflow/react';
import { memo } from 'react';
import type { FlowEdge } from '../model/flow';
import { LABEL_HEIGHT, labelWidth } from './labels';
import { roundedPath } from './routing';
import { useWireDrawing } from './wireDrawings';

function WireEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, source, target, label, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  const drawing = useWireDrawing(id);
  const points = drawing?.points;
  const d = points
    ? roundedPath(points)
    : getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition })[0];
  const text = typeof label === 'string' ? label : undefined;
  const at = drawing?.labelAt;
  const w = text ? labelWidth(text) : 0;
  return (
    <>
      <path
        id={id}
        className="react-flow__edge-path"
        d={d}
        fill="none"
        data-source={source}
        data-target={target}
        data-routed={points ? 'true' : undefined}
      />
      <path className="react-flow__edge-interaction" d={d} fill="none" strokeOpacity={0} strokeWidth={14}>
        {text && <title>{text}</title>}
      </path>
      {text && at && (
        <g className="sw-wire-label" transform={`translate(${at.x - w / 2},${at.y - LABEL_HEIGHT / 2})`}>
          <rect width={w} height={LABEL_HEIGHT} rx={4} />
          <text x={w / 2} y={LABEL_HEIGHT / 2} dominantBaseline="central" textAnchor="middle">
            {text}
          </text>
        </g>
      )}
    </>
  );
}

export const WireEdge = memo(WireEdgeView);
