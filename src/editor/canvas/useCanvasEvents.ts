/**
 * React Flow's events turned into editor actions: selection into the UI slice, drag positions into
 * a transient overlay that becomes one `move` edit when the drag ends, wires into `connect` edits,
 * palette drops into new nodes, viewport moves into the saved viewport of the scope.
 */
import type { Connection, EdgeChange, IsValidConnection, NodeChange, ReactFlowInstance, Viewport } from '@xyflow/react';
import { type DragEvent, type RefObject, useCallback } from 'react';
import { commitMoves, dropPlaceable } from '../actions';
import { connectionProblem, connectOp } from '../model/connect';
import type { Dimensions, FlowEdge, FlowNode } from '../model/flow';
import { DRAG_MIME, decodePlaceable, NODE_SIZE } from '../model/placement';
import type { EditorStore } from '../store/createStore';
import type { ScopeView } from '../store/derived';
import { currentScope } from '../store/types';

const snap = (v: number) => Math.round(v / 10) * 10;

export interface CanvasEventsInput {
  readonly store: EditorStore;
  readonly rf: ReactFlowInstance<FlowNode, FlowEdge>;
  readonly scopeKey: string;
  readonly view: RefObject<ScopeView>;
  readonly measured: RefObject<ReadonlyMap<string, Dimensions>>;
  readonly setMeasured: (m: ReadonlyMap<string, Dimensions>) => void;
}

/** Node changes: measured sizes, selection, drag overlay, committed moves. */
function useNodeChanges({ store, measured, setMeasured }: CanvasEventsInput) {
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const s = store.getState();
      let dims: Map<string, Dimensions> | undefined;
      let sel: Set<string> | undefined;
      const dragging = new Map<string, { x: number; y: number }>();
      const moved: { id: string; position: { x: number; y: number } }[] = [];
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) {
          const old = (dims ?? measured.current).get(c.id);
          if (old?.width === c.dimensions.width && old?.height === c.dimensions.height) continue;
          dims ??= new Map(measured.current);
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
    [store, measured, setMeasured],
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
  return { onNodesChange, onNodeDragStop };
}

/** Wire selection, and new wires (refused while dragged when they cannot work). */
function useWiring({ store, view }: CanvasEventsInput) {
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
    (c) => connectionProblem(view.current.graph, c) === undefined,
    [view],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const s = store.getState();
      const graph = view.current.graph;
      if (connectionProblem(graph, c)) return;
      const op = connectOp(graph, currentScope(s), c);
      if (op) s.apply(op);
    },
    [store, view],
  );
  return { onEdgesChange, isValidConnection, onConnect };
}

/** Layers and blocks dropped from the palette. */
function usePaletteDrop({ store, rf, measured }: CanvasEventsInput) {
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
      const at = { x: snap(p.x - NODE_SIZE.width / 2), y: snap(p.y - 20) };
      dropPlaceable(store, what, at, (id) => measured.current.get(id));
    },
    [rf, store, measured],
  );
  return { onDragOver, onDrop };
}

/** Everything the canvas hands React Flow as event handlers. */
export function useCanvasEvents(input: CanvasEventsInput) {
  const { store, scopeKey } = input;
  const nodes = useNodeChanges(input);
  const wiring = useWiring(input);
  const drop = usePaletteDrop(input);
  const onNodeDoubleClick = useCallback(
    (_: unknown, node: FlowNode) => {
      if (node.data.kind === 'block' && node.data.node.block) store.getState().enterBlock(node.data.node.block);
    },
    [store],
  );
  const onMoveEnd = useCallback(
    (_: unknown, vp: Viewport) => store.getState().setViewport(scopeKey, vp),
    [store, scopeKey],
  );
  const onPaneClick = useCallback(() => store.getState().select([]), [store]);
  return { ...nodes, ...wiring, ...drop, onNodeDoubleClick, onMoveEnd, onPaneClick };
}
