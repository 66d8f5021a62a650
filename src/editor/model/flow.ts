/**
 * The React Flow view of one scope: nodes and edges derived from the document, its analysis and
 * the UI state. Objects are reused from the previous build whenever nothing they show changed,
 * so React Flow (which compares node objects by identity) re-renders only the nodes that did —
 * what keeps a 300-node graph smooth while one node is dragged or edited.
 */
import type { Edge, Node } from '@xyflow/react';
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type DocEdge, type DocNode, getBlock, type SkipwireDoc } from '../../compile';
import { formatShape, getLayer, resolveParams, type Shape } from '../../nodes';
import type { ScopeView } from '../store/derived';
import { NODE_SIZE } from './placement';

export type NodeKind = 'layer' | 'block' | 'blockInput' | 'unknown';

export interface LayerNodeData extends Record<string, unknown> {
  readonly node: DocNode;
  readonly kind: NodeKind;
  /** The Keras class, the block name, or "Block input". */
  readonly title: string;
  /** The layer category (colours the node), `block` or `blockInput`. */
  readonly category: string;
  /** Key params, `def.describe(params)`; for an instance, how many layers it holds. */
  readonly detail: string;
  /** One label per input handle (merge layers grow one free port beyond the connected ones). */
  readonly inputs: readonly string[];
  /** One label per output handle. */
  readonly outputs: readonly string[];
  readonly inShapes: readonly string[];
  /** Formatted output shape per output port, `''` when unknown. */
  readonly outShapes: readonly string[];
  /** Parameter count; `undefined` while the shapes are unknown. */
  readonly params: number | undefined;
  readonly severity: 'error' | 'warning' | undefined;
  /** The first diagnostic's message, and how many there are. */
  readonly message: string | undefined;
  readonly problems: number;
  /** In a block definition: which block output this node is (0-based). */
  readonly outputIndex: number | undefined;
}

export type FlowNode = Node<LayerNodeData, 'layer'>;
export interface WireData extends Record<string, unknown> {
  readonly edge: DocEdge;
}
export type FlowEdge = Edge<WireData>;

export interface Dimensions {
  readonly width: number;
  readonly height: number;
}

const fmt = (s: Shape | undefined) => (s === undefined ? '' : formatShape(s));

/** Input handle id for port `i`, and back. */
export const inHandle = (i: number) => `in-${i}`;
export const outHandle = (i: number) => `out-${i}`;
export const handlePort = (handle: string | null | undefined): number => {
  const n = Number(handle?.split('-')[1] ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
};

function describeLayer(node: DocNode): string {
  const def = getLayer(node.type);
  if (!def) return '';
  // resolveParams validates instead of throwing, and `describe` only sees valid values: anything
  // thrown here is a bug, which the canvas's error boundary reports.
  const { values, errors } = resolveParams(def.params, node.params);
  if (errors.length) return 'invalid params';
  return def.describe?.(values) ?? '';
}

/** The data a node shows. Pure. */
export function nodeData(doc: SkipwireDoc, view: ScopeView, node: DocNode): LayerNodeData {
  const info = view.infos.get(node.id);
  const diags = view.byNode.get(node.id) ?? [];
  const connected = view.inPorts.get(node.id) ?? [];
  const outIndex = view.outputs.indexOf(node.id);
  const base = {
    node,
    inShapes: (info?.inputShapes ?? []).map(fmt),
    outShapes: (info?.outputShapes ?? [undefined]).map(fmt),
    severity: diags[0]?.severity,
    message: diags[0]?.message,
    problems: diags.length,
    outputIndex: outIndex >= 0 ? outIndex : undefined,
  };
  const known = info?.outputShapes.some((s) => s !== undefined) ? info : undefined;
  const params = known ? known.count.trainable + known.count.nonTrainable : undefined;
  if (node.type === BLOCK_TYPE) {
    const def = getBlock(doc, node.block);
    const layers = def?.nodes.filter((n) => n.type !== BLOCK_INPUT_TYPE).length ?? 0;
    const names = (ids: readonly string[]) => ids.map((id) => def?.nodes.find((n) => n.id === id)?.name ?? id);
    return {
      ...base,
      kind: 'block',
      title: def?.name ?? `missing block "${node.block}"`,
      category: 'block',
      detail: `block · ${layers} layer${layers === 1 ? '' : 's'}`,
      inputs: names(def?.inputs ?? []),
      outputs: names(def?.outputs ?? ['']),
      params,
    };
  }
  if (node.type === BLOCK_INPUT_TYPE) {
    const i = getBlock(doc, view.scope)?.inputs.indexOf(node.id) ?? -1;
    return {
      ...base,
      kind: 'blockInput',
      title: 'Block input',
      category: 'blockInput',
      detail: i >= 0 ? `input ${i + 1} of the block` : 'not a block input',
      inputs: [],
      outputs: [''],
      params: undefined,
    };
  }
  const def = getLayer(node.type);
  if (!def)
    return {
      ...base,
      kind: 'unknown',
      title: node.type,
      category: 'unknown',
      detail: 'unknown layer type',
      inputs: connected.map(() => ''),
      outputs: [''],
      params: undefined,
    };
  const top = connected.length ? Math.max(...connected) : -1;
  const ports = def.inputs.max <= 1 ? def.inputs.max : Math.min(Math.max(top + 2, def.inputs.min), def.inputs.max);
  return {
    ...base,
    kind: 'layer',
    title: def.kerasClass,
    category: def.category,
    detail: describeLayer(node) || (def.inputs.max > 1 ? `${Math.max(connected.length, 0)} inputs` : ''),
    inputs: Array.from({ length: ports }, () => ''),
    // A recurrent layer with return state: its output, then its states (h, c).
    outputs: ['', ...(def.stateNames?.(node.params) ?? [])],
    params,
  };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** True when two data objects show the same thing (the doc node by identity, the rest by value). */
export function sameData(a: LayerNodeData, b: LayerNodeData): boolean {
  return (
    a.node === b.node &&
    a.kind === b.kind &&
    a.title === b.title &&
    a.category === b.category &&
    a.detail === b.detail &&
    a.params === b.params &&
    a.severity === b.severity &&
    a.message === b.message &&
    a.problems === b.problems &&
    a.outputIndex === b.outputIndex &&
    sameStrings(a.inputs, b.inputs) &&
    sameStrings(a.outputs, b.outputs) &&
    sameStrings(a.inShapes, b.inShapes) &&
    sameStrings(a.outShapes, b.outShapes)
  );
}

export interface NodeInputs {
  readonly doc: SkipwireDoc;
  readonly view: ScopeView;
  readonly selection: ReadonlySet<string>;
  readonly drag: ReadonlyMap<string, { x: number; y: number }> | undefined;
  readonly measured: ReadonlyMap<string, Dimensions>;
}

/** Node data is computed once per (scope view, doc node): drags and selection reuse it. */
const dataMemo = new WeakMap<ScopeView, WeakMap<DocNode, LayerNodeData>>();

function memoData(doc: SkipwireDoc, view: ScopeView, node: DocNode): LayerNodeData {
  let perView = dataMemo.get(view);
  if (!perView) {
    perView = new WeakMap();
    dataMemo.set(view, perView);
  }
  let data = perView.get(node);
  if (!data) {
    data = nodeData(doc, view, node);
    perView.set(node, data);
  }
  return data;
}

/** Builds the React Flow nodes, reusing objects from `prev` (by id) that show the same thing. */
export function buildNodes(input: NodeInputs, prev: ReadonlyMap<string, FlowNode>): FlowNode[] {
  const { doc, view, selection, drag, measured } = input;
  return view.graph.nodes.map((node) => {
    const old = prev.get(node.id);
    const fresh = memoData(doc, view, node);
    const data = old && sameData(old.data, fresh) ? old.data : fresh;
    const position = drag?.get(node.id) ?? node.position;
    const selected = selection.has(node.id);
    const size = measured.get(node.id);
    if (
      old &&
      old.data === data &&
      old.selected === selected &&
      old.measured === size &&
      old.position.x === position.x &&
      old.position.y === position.y
    )
      return old;
    return {
      id: node.id,
      type: 'layer',
      position,
      data,
      selected,
      // The canvas renders only the nodes in view: until a node has been drawn and measured, the
      // minimap, fitView and the visibility test use this estimate of its size.
      initialWidth: NODE_SIZE.width,
      initialHeight: NODE_SIZE.height,
      ...(size ? { measured: size } : {}),
      ariaLabel: `${node.name} (${data.title})`,
    };
  });
}

/** Builds the React Flow edges: each wire labelled with the shape it carries. */
export function buildEdges(
  view: ScopeView,
  selection: ReadonlySet<string>,
  prev: ReadonlyMap<string, FlowEdge>,
): FlowEdge[] {
  return view.graph.edges.map((edge) => {
    const shape = view.infos.get(edge.source)?.outputShapes[edge.sourcePort ?? 0];
    const label = shape === undefined ? undefined : formatShape(shape);
    const selected = selection.has(edge.id);
    const bad = view.badEdges.has(edge.id);
    const className = bad ? 'sw-edge is-bad' : 'sw-edge';
    const old = prev.get(edge.id);
    if (
      old &&
      old.data?.edge === edge &&
      old.label === label &&
      old.selected === selected &&
      old.className === className
    )
      return old;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: outHandle(edge.sourcePort ?? 0),
      targetHandle: inHandle(edge.targetPort),
      selected,
      className,
      data: { edge },
      ...(label === undefined ? {} : { label }),
    };
  });
}
