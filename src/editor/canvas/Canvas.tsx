/**
 * The React Flow canvas of the open scope (the model or a block definition). Its parts: the
 * React Flow elements derived from the document (`useFlowElements`), the wires routed around the
 * nodes (`useWires`), the events turned into editor actions (`useCanvasEvents`), the first view
 * (`useStartViewport`), the semantic zoom level, and the API the toolbar calls (`useCanvasApi`).
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type ReactFlowState,
  useReactFlow,
  useStore,
  type Viewport,
} from '@xyflow/react';
import { type RefObject, useEffect, useMemo, useRef, useState } from 'react';
import type { Position } from '../../compile';
import { buildEdges, buildNodes, type Dimensions, type FlowEdge, type FlowNode } from '../model/flow';
import { shallowArray, useEditor, useEditorStore } from '../store/context';
import { type ScopeView, scopeView } from '../store/derived';
import type { EditorState } from '../store/types';
import { currentScope } from '../store/types';
import type { CanvasApi } from './api';
import { ConnectionHint } from './ConnectionHint';
import { LayerNode } from './LayerNode';
import { miniMapColor } from './minimap';
import { useCanvasApi, useFocusNode } from './useCanvasApi';
import { useCanvasEvents } from './useCanvasEvents';
import { nodeBox, useWires } from './useWires';
import { boundsOf, startViewport, zoomLevel } from './viewport';
import { WireEdge } from './WireEdge';
import { WireDrawings, WireDrawingsContext } from './wireDrawings';
import './canvas.css';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { wire: WireEdge };
const SNAP: [number, number] = [10, 10];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
/**
 * Above this many nodes the canvas draws only the nodes and wires inside the viewport. Below it
 * every node stays mounted: React Flow mounts every node once anyway (to measure it), and culling
 * a 300-layer model unmounted ~280 of them only to mount them all again in one task of ~270 ms
 * CPU on **Fit** (bench/canvasTasks.ts); a drag with everything in view has them all mounted
 * anyway. The browser's find-in-page sees every layer.
 */
const CULL_ABOVE = 1000;

/** The React Flow nodes and edges of the open scope, reusing unchanged objects between builds. */
function useFlowElements(state: Pick<EditorState, 'doc' | 'selection' | 'selectedEdges' | 'drag'>, view: ScopeView) {
  const { doc, selection, selectedEdges, drag } = state;
  const [measured, setMeasured] = useState<ReadonlyMap<string, Dimensions>>(() => new Map());
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
  return { nodes, edges, measured, setMeasured };
}

/** The saved viewport of the scope, else the start view of its nodes once the pane has a size. */
function useStartViewport(
  saved: Viewport | undefined,
  rf: ReturnType<typeof useReactFlow<FlowNode, FlowEdge>>,
  wrapper: RefObject<HTMLDivElement | null>,
  nodes: readonly FlowNode[],
) {
  const done = useRef(saved !== undefined);
  const ready = useStore(paneReady);
  useEffect(() => {
    if (done.current || !ready || nodes.length === 0) return;
    const r = wrapper.current?.getBoundingClientRect();
    if (!r || r.width === 0) return;
    done.current = true;
    void rf.setViewport(startViewport(boundsOf(nodes.map(nodeBox)), r.width, r.height));
  }, [rf, wrapper, nodes, ready]);
}

const paneReady = (s: ReactFlowState) => s.panZoom !== null && s.width > 0;
const zoomSelector = (s: ReactFlowState) => zoomLevel(s.transform[2]);

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
  const wrapper = useRef<HTMLDivElement>(null);

  const view = scopeView(doc, scope);
  const viewRef = useRef(view);
  viewRef.current = view;
  const { nodes, edges, measured, setMeasured } = useFlowElements({ doc, selection, selectedEdges, drag }, view);
  const measuredRef = useRef(measured);
  measuredRef.current = measured;
  const layoutRoutes = useRef<ReadonlyMap<string, readonly Position[]>>(new Map());
  const level = useStore(zoomSelector);
  const [drawings] = useState(() => new WireDrawings());
  useWires(nodes, edges, layoutRoutes, level === 'near', drawings);

  const events = useCanvasEvents({ store, rf, scopeKey, view: viewRef, measured: measuredRef, setMeasured });
  useFocusNode(store, rf, focus);
  useCanvasApi({ apiRef, store, rf, wrapper, view: viewRef, measured: measuredRef, routes: layoutRoutes });
  useStartViewport(initialViewport, rf, wrapper, nodes);

  return (
    <WireDrawingsContext.Provider value={drawings}>
      <div
        className={`sw-canvas sw-zoom-${level}`}
        ref={wrapper}
        data-scope={scopeKey}
        data-node-count={nodes.length}
        data-zoom-level={level}
      >
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          {...events}
          {...(initialViewport ? { defaultViewport: initialViewport } : {})}
          minZoom={0.05}
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
          defaultEdgeOptions={{ type: 'wire' }}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          <MiniMap pannable zoomable nodeColor={miniMapColor} nodeStrokeWidth={0} ariaLabel="Minimap" />
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
    </WireDrawingsContext.Provider>
  );
}
