/**
 * The React Flow canvas of the open scope (the model or a block definition). It turns React
 * Flow's change events into editor actions: selection into the UI slice, drag positions into a
 * transient overlay that becomes one `move` edit when the drag ends, wires into `connect` edits.
 */
import {
  Background,
  BackgroundVariant,
  type Connection,
  Controls,
  type EdgeChange,
  type IsValidConnection,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Viewport,
} from '@xyflow/react';
import {
  type DragEvent,
  type RefObject,
  useCallback,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
} from 'react';
import { commitMoves, dropPlaceable } from '../actions';
import { connectionProblem, connectOp } from '../model/connect';
import { buildEdges, buildNodes, type Dimensions, type FlowEdge, type FlowNode } from '../model/flow';
import { DRAG_MIME, decodePlaceable, NODE_SIZE } from '../model/placement';
import { shallowArray, useEditor, useEditorStore } from '../store/context';
import { scopeView } from '../store/derived';
import { currentScope } from '../store/types';
import type { CanvasApi } from './api';
import { ConnectionHint } from './ConnectionHint';
import { LayerNode } from './LayerNode';
import { layoutPositions } from './layout';

const nodeTypes = { layer: LayerNode };
const SNAP: [number, number] = [10, 10];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const FIT = { padding: 0.12, minZoom: 0.8, maxZoom: 1.1 };
const snap = (v: number) => Math.round(v / 10) * 10;
/**
 * Above this many nodes in view, the canvas draws only the nodes and wires inside the viewport:
 * a drag on a 300-node graph then updates a few dozen React Flow wrappers instead of all of them.
 * Small models are drawn whole (the browser's find-in-page sees every layer).
 */
const CULL_ABOVE = 100;

const miniMapColor = (n: FlowNode) =>
  n.data.severity === 'error' ? '#e5484d' : n.data.kind === 'block' ? '#8e6cf0' : 'var(--sw-minimap-node)';

export function Canvas({ apiRef }: { apiRef: RefObject<CanvasApi | null> }) {
  const store = useEditorStore();
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const scope = useEditor(currentScope);
  const scopeKey = scope ?? '';
  const doc = useEditor((s) => s.doc);
  const selection = useEditor((s) => s.selection, shallowArray);
  const selectedEdges = useEditor((s) => s.selectedEdges, shallowArray);
  const drag = useEditor((s) => s.drag);
  const focus = useEditor((s) => s.focus);
  const [initialViewport] = useState<Viewport | undefined>(() => store.getState().viewports[scopeKey]);
  const [measured, setMeasured] = useState<ReadonlyMap<string, Dimensions>>(() => new Map());
  const measuredRef = useRef(measured);
  measuredRef.current = measured;
  const wrapper = useRef<HTMLDivElement>(null);

  const view = scopeView(doc, scope);
  const viewRef = useRef(view);
  viewRef.current = view;

  const nodeCache = useRef(new Map<string, FlowNode>());
  const edgeCache = useRef(new Map<string, FlowEdge>());
  const selectedNodes = useMemo(() => new Set(selection), [selection]);
  const selectedEdgeSet = useMemo(() => new Set(selectedEdges), [selectedEdges]);
  const nodes = useMemo(() => {
    const list = buildNodes({ doc, view, selection: selectedNodes, drag, measured }, nodeCache.current);
    nodeCache.current = new Map(list.map((n) => [n.id, n]));
    return list;
  }, [doc, view, selectedNodes, drag, measured]);
  const edges = useMemo(() => {
    const list = buildEdges(view, selectedEdgeSet, edgeCache.current);
    edgeCache.current = new Map(list.map((e) => [e.id, e]));
    return list;
  }, [view, selectedEdgeSet]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const s = store.getState();
      let dims: Map<string, Dimensions> | undefined;
      let sel: Set<string> | undefined;
      const dragging = new Map<string, { x: number; y: number }>();
      const moved: { id: string; position: { x: number; y: number } }[] = [];
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) {
          const old = (dims ?? measuredRef.current).get(c.id);
          if (old?.width === c.dimensions.width && old?.height === c.dimensions.height) continue;
          dims ??= new Map(measuredRef.current);
          dims.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
        } else if (c.type === 'select') {
          sel ??= new Set(s.selection);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        } else if (c.type === 'position' && c.position) {
          if (c.dragging) dragging.set(c.id, c.position);
          else moved.push({ id: c.id, position: c.position });
        }
      }
      if (dims) setMeasured(dims);
      if (sel) s.select([...sel], s.selectedEdges);
      if (dragging.size) s.setDrag(new Map([...(s.drag ?? []), ...dragging]));
      if (moved.length) commitMoves(store, moved);
    },
    [store],
  );

  const onNodeDragStop = useCallback(() => {
    // React Flow reports the final positions with `dragging: false` (committed above); if it did
    // not, commit the overlay here so a drag is never lost.
    const d = store.getState().drag;
    if (d)
      commitMoves(
        store,
        [...d].map(([id, position]) => ({ id, position })),
      );
  }, [store]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const s = store.getState();
      let sel: Set<string> | undefined;
      for (const c of changes) {
        if (c.type !== 'select') continue;
        sel ??= new Set(s.selectedEdges);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
      if (sel) s.select(s.selection, [...sel]);
    },
    [store],
  );

  const isValidConnection = useCallback<IsValidConnection<FlowEdge>>(
    (c) => connectionProblem(viewRef.current.graph, c) === undefined,
    [],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const s = store.getState();
      const graph = viewRef.current.graph;
      if (connectionProblem(graph, c)) return;
      const op = connectOp(graph, currentScope(s), c);
      if (op) s.apply(op);
    },
    [store],
  );

  const onNodeDoubleClick = useCallback(
    (_: unknown, node: FlowNode) => {
      if (node.data.kind === 'block' && node.data.node.block) store.getState().enterBlock(node.data.node.block);
    },
    [store],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const what = decodePlaceable(e.dataTransfer.getData(DRAG_MIME));
      if (!what) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      dropPlaceable(store, what, { x: snap(p.x - NODE_SIZE.width / 2), y: snap(p.y - 20) });
    },
    [rf, store],
  );

  const onMoveEnd = useCallback(
    (_: unknown, vp: Viewport) => store.getState().setViewport(scopeKey, vp),
    [store, scopeKey],
  );
  const onPaneClick = useCallback(() => store.getState().select([]), [store]);

  // Centre a node asked for by a panel (summary row, diagnostic) once it is measured.
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (!focus || !initialized) return;
    const n = rf.getInternalNode(focus.id);
    if (!n) return;
    const w = n.measured.width ?? NODE_SIZE.width;
    const h = n.measured.height ?? NODE_SIZE.height;
    rf.setCenter(n.internals.positionAbsolute.x + w / 2, n.internals.positionAbsolute.y + h / 2, {
      zoom: Math.max(rf.getZoom(), 0.9),
      duration: 250,
    });
    store.getState().clearFocus();
  }, [focus, initialized, rf, store]);

  useImperativeHandle(
    apiRef,
    () => ({
      fitView: () => void rf.fitView({ ...FIT, minZoom: 0.1, duration: 250 }),
      viewCenter: () => {
        const r = wrapper.current?.getBoundingClientRect();
        return r ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      autoLayout: async () => {
        const graph = viewRef.current.graph;
        const moves = await layoutPositions(graph, (id) => measuredRef.current.get(id));
        commitMoves(store, moves);
        await rf.fitView({ ...FIT, minZoom: 0.1, duration: 250 });
      },
    }),
    [rf, store],
  );

  return (
    <div className="sw-canvas" ref={wrapper} data-scope={scopeKey} data-node-count={nodes.length}>
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onNodeDoubleClick={onNodeDoubleClick}
        onPaneClick={onPaneClick}
        onMoveEnd={onMoveEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        {...(initialViewport ? { defaultViewport: initialViewport } : { fitView: true, fitViewOptions: FIT })}
        minZoom={0.1}
        maxZoom={2}
        snapToGrid
        snapGrid={SNAP}
        colorMode="system"
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_KEYS}
        zoomOnDoubleClick={false}
        connectionRadius={24}
        onlyRenderVisibleElements={nodes.length > CULL_ABOVE}
        defaultEdgeOptions={{ type: 'default' }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable nodeColor={miniMapColor} ariaLabel="Minimap" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
        <ConnectionHint graph={view.graph} />
      </ReactFlow>
      {nodes.length === 0 && (
        <div className="sw-empty-canvas">
          <strong>{scope === undefined ? 'An empty model' : 'An empty block'}</strong>
          <span>
            {scope === undefined
              ? 'Drag an InputLayer from the palette, then the layers that follow it; or open an example.'
              : 'Drag layers from the palette into the block.'}
          </span>
        </div>
      )}
    </div>
  );
}
