/** While a wire is dragged over an input that refuses it, says why (refused by isValidConnection). */
import { Panel, useConnection } from '@xyflow/react';
import type { Graph } from '../../compile';
import { connectionProblem } from '../model/connect';

export function ConnectionHint({ graph }: { graph: Graph }) {
  const c = useConnection();
  if (!c.inProgress || !c.toHandle || c.isValid !== false) return null;
  const from = c.fromHandle.type === 'source' ? c.fromHandle : c.toHandle;
  const to = c.fromHandle.type === 'source' ? c.toHandle : c.fromHandle;
  const why = connectionProblem(graph, {
    source: from.nodeId,
    sourceHandle: from.id ?? null,
    target: to.nodeId,
    targetHandle: to.id ?? null,
  });
  if (!why) return null;
  return (
    <Panel position="top-center" className="sw-connection-hint" role="status">
      Can't connect: {why}
    </Panel>
  );
}
