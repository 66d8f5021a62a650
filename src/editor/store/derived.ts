/**
 * Derived facts, computed from the document and never stored: the analysis (memoized per
 * document object, so every selector that asks for the same document shares one run), and the
 * view of one scope (the top level or a block definition) that the canvas and panels read.
 */

import type { Diagnostic } from '../../compile';
import {
  type Analysis,
  analyze,
  BLOCK_TYPE,
  type Graph,
  getBlock,
  getGraph,
  type NodeInfo,
  type SkipwireDoc,
} from '../../compile';

const analyses = new WeakMap<SkipwireDoc, Analysis>();

/** `analyze(doc)`, memoized by the document's identity (documents are immutable). */
export function analysisOf(doc: SkipwireDoc): Analysis {
  let a = analyses.get(doc);
  if (!a) {
    a = analyze(doc);
    analyses.set(doc, a);
  }
  return a;
}

/** What one scope shows: its graph, facts about its nodes, and the diagnostics that belong to it. */
export interface ScopeView {
  readonly scope: string | undefined;
  readonly graph: Graph;
  readonly infos: ReadonlyMap<string, NodeInfo>;
  /** Diagnostics per node of this graph (errors first). */
  readonly byNode: ReadonlyMap<string, readonly Diagnostic[]>;
  /** Ids of wires of this graph that a diagnostic names. */
  readonly badEdges: ReadonlySet<string>;
  /** Messages about the whole model or the whole block (no node). */
  readonly general: readonly Diagnostic[];
  /** Ids of the nodes whose outputs are the block's outputs (in a block scope), in port order. */
  readonly outputs: readonly string[];
  /** The connected input ports of each node. */
  readonly inPorts: ReadonlyMap<string, readonly number[]>;
}

const EMPTY: Graph = { nodes: [], edges: [] };
const views = new WeakMap<Analysis, Map<string, ScopeView>>();

/** The block and inner node a diagnostic with a `path` points to (it is reported at the instance). */
export function pathTarget(doc: SkipwireDoc, d: Diagnostic): { blockId: string; nodeId: string } | undefined {
  if (!d.path?.length || d.blockId !== undefined) return undefined;
  let block = doc.nodes.find((n) => n.id === d.nodeId)?.block;
  for (const id of d.path.slice(0, -1)) {
    const inner = getBlock(doc, block)?.nodes.find((n) => n.id === id);
    if (inner?.type !== BLOCK_TYPE) return undefined;
    block = inner.block;
  }
  return block === undefined ? undefined : { blockId: block, nodeId: d.path.at(-1) as string };
}

/** The view of `scope` for `doc`, memoized per (analysis, scope). */
export function scopeView(doc: SkipwireDoc, scope: string | undefined): ScopeView {
  const analysis = analysisOf(doc);
  let perScope = views.get(analysis);
  if (!perScope) {
    perScope = new Map();
    views.set(analysis, perScope);
  }
  const key = scope ?? '';
  let view = perScope.get(key);
  if (!view) {
    view = buildView(doc, analysis, scope);
    perScope.set(key, view);
  }
  return view;
}

function buildView(doc: SkipwireDoc, analysis: Analysis, scope: string | undefined): ScopeView {
  const graph = getGraph(doc, scope) ?? EMPTY;
  const byNode = new Map<string, Diagnostic[]>();
  const badEdges = new Set<string>();
  const general: Diagnostic[] = [];
  const at = (id: string, d: Diagnostic) => {
    const list = byNode.get(id);
    if (list) list.push(d);
    else byNode.set(id, [d]);
  };
  for (const d of analysis.diagnostics) {
    if (d.blockId === scope) {
      if (d.edgeId !== undefined) badEdges.add(d.edgeId);
      if (d.nodeId === '') general.push(d);
      else at(d.nodeId, d);
      continue;
    }
    if (scope !== undefined) {
      const t = pathTarget(doc, d);
      if (t?.blockId === scope) at(t.nodeId, d);
    } else if (d.blockId === undefined && d.nodeId === '') general.push(d);
  }
  for (const list of byNode.values()) list.sort((a, b) => rank(a) - rank(b));
  const inPorts = new Map<string, number[]>();
  for (const e of graph.edges) {
    const list = inPorts.get(e.target);
    if (list) list.push(e.targetPort);
    else inPorts.set(e.target, [e.targetPort]);
  }
  const infos = scope === undefined ? analysis.nodes : (analysis.blocks.get(scope) ?? new Map<string, NodeInfo>());
  return { scope, graph, infos, byNode, badEdges, general, outputs: getBlock(doc, scope)?.outputs ?? [], inPorts };
}

const rank = (d: Diagnostic) => (d.severity === 'error' ? 0 : 1);
