/**
 * The wiring step of the structural check (structure.ts): which wires of a graph are usable, and
 * the reasons the others are not (a repeated id, a missing end, a port the node lacks, an input
 * that already has a wire).
 */
import type { DocEdge, DocNode } from './document';
import type { NodeFacts, Report } from './structure';

/** The usable wires, by wire order, and into each node. */
export interface Wiring {
  /** The usable wires into each node, in wire order until `checkArity` sorts them (one per input port). */
  readonly wiresInto: (DocEdge[] | undefined)[];
  readonly usable: DocEdge[];
  readonly usableSource: number[];
  readonly usableTarget: number[];
}

/** Wires: drops (and reports) repeated ids, dangling ends, missing ports and doubled inputs. */
export function wire(nodes: readonly DocNode[], edges: readonly DocEdge[], facts: NodeFacts, report: Report): Wiring {
  const { index, portsOf } = facts;
  const wiresInto: (DocEdge[] | undefined)[] = new Array(nodes.length).fill(undefined);
  const edgeIds = new Set<string>();
  const usable: DocEdge[] = [];
  const usableSource: number[] = [];
  const usableTarget: number[] = [];
  for (const e of edges) {
    const si = index.get(e.source);
    const ti = index.get(e.target);
    if (edgeIds.has(e.id)) {
      report({ nodeId: e.target, edgeId: e.id, message: `Two wires share the id "${e.id}".` });
      continue;
    }
    edgeIds.add(e.id);
    if (si === undefined || ti === undefined) {
      const missing = si === undefined ? e.source : e.target;
      report({
        nodeId: si !== undefined ? e.source : ti !== undefined ? e.target : '',
        edgeId: e.id,
        message: `A wire ${si === undefined ? 'comes from' : 'goes to'} a node "${missing}" that does not exist; delete the wire.`,
      });
      continue;
    }
    const src = nodes[si] as DocNode;
    const dst = nodes[ti] as DocNode;
    const sp = portsOf[si];
    const dp = portsOf[ti];
    if (!sp || !dp) continue;
    const sourcePort = e.sourcePort ?? 0;
    if (!Number.isInteger(sourcePort) || sourcePort < 0 || sourcePort >= sp.outputs) {
      report({ nodeId: src.id, edgeId: e.id, message: `"${src.name}" has no output ${sourcePort + 1}.` });
      continue;
    }
    if (!Number.isInteger(e.targetPort) || e.targetPort < 0 || e.targetPort >= dp.max) {
      report({
        nodeId: dst.id,
        edgeId: e.id,
        message:
          dp.max === 0
            ? `"${dst.name}" is an input and takes no incoming wire; delete the wire from "${src.name}".`
            : `"${dst.name}" has ${dp.max} input${dp.max === 1 ? '' : 's'}, but a wire from "${src.name}" goes to input ${e.targetPort + 1}.`,
      });
      continue;
    }
    let into = wiresInto[ti];
    if (!into) {
      into = [];
      wiresInto[ti] = into;
    }
    const other = into.find((w) => w.targetPort === e.targetPort);
    if (other) {
      report({
        nodeId: dst.id,
        edgeId: e.id,
        message: `Input ${e.targetPort + 1} of "${dst.name}" has two wires (from "${nodes[index.get(other.source) as number]?.name}" and "${src.name}"); a single input takes one wire.`,
      });
      continue;
    }
    into.push(e);
    usable.push(e);
    usableSource.push(si);
    usableTarget.push(ti);
  }
  return { wiresInto, usable, usableSource, usableTarget };
}
