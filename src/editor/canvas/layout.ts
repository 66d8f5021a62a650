/** Auto-layout with ELK's layered algorithm, top to bottom. elkjs (~450 KB) loads on first use. */
import type { Graph, Position } from '../../compile/document';
import type { Dimensions } from '../model/flow';
import { NODE_SIZE } from '../model/placement';

const snap = (v: number) => Math.round(v / 10) * 10;

export async function layoutPositions(
  graph: Graph,
  size: (id: string) => Dimensions | undefined,
): Promise<{ id: string; position: Position }[]> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const ids = new Set(graph.nodes.map((n) => n.id));
  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '44',
      'elk.spacing.nodeNode': '40',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: graph.nodes.map((n) => ({ id: n.id, ...(size(n.id) ?? NODE_SIZE) })),
    edges: graph.edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  return (result.children ?? []).map((c) => ({ id: c.id, position: { x: snap(c.x ?? 0), y: snap(c.y ?? 0) } }));
}
