/**
 * The canvas's side of `CanvasApi` (Fit, Auto-layout, the view centre) and the centring of a node
 * that a panel asks for. Auto-layout measures nothing itself: it hands the layout module the sizes
 * React Flow measured and the ports each node shows, moves every node in one undo step, and keeps
 * ELK's wire routes for the wires to follow.
 */
import { type ReactFlowInstance, useNodesInitialized } from '@xyflow/react';
import { type RefObject, useEffect, useImperativeHandle } from 'react';
import type { Position } from '../../compile';
import { type GraphLayout, layoutGraph } from '../../formats/layout';
import { commitMoves } from '../actions';
import type { Dimensions, FlowEdge, FlowNode } from '../model/flow';
import { NODE_SIZE } from '../model/placement';
import type { EditorStore } from '../store/createStore';
import type { ScopeView } from '../store/derived';
import type { CanvasApi } from './api';
import { workerElk } from './elk';
import { nodeBox } from './useWires';
import { boundsOf, fitViewport, fitZoom, READABLE_ZOOM } from './viewport';

export interface CanvasApiInput {
  readonly apiRef: RefObject<CanvasApi | null>;
  readonly store: EditorStore;
  readonly rf: ReactFlowInstance<FlowNode, FlowEdge>;
  readonly wrapper: RefObject<HTMLDivElement | null>;
  readonly view: RefObject<ScopeView>;
  readonly measured: RefObject<ReadonlyMap<string, Dimensions>>;
  readonly routes: RefObject<ReadonlyMap<string, readonly Position[]>>;
}

/** Shows every node of the open graph (measured sizes where known). */
export function fitAll(
  rf: ReactFlowInstance<FlowNode, FlowEdge>,
  wrapper: HTMLDivElement | null,
  duration = 250,
): void {
  const r = wrapper?.getBoundingClientRect();
  if (!r || r.width === 0) return;
  void rf.setViewport(fitViewport(boundsOf(rf.getNodes().map(nodeBox)), r.width, r.height), { duration });
}

export function useCanvasApi({ apiRef, store, rf, wrapper, view, measured, routes }: CanvasApiInput): void {
  useImperativeHandle(
    apiRef,
    () => ({
      fitView: () => fitAll(rf, wrapper.current),
      viewCenter: () => {
        const r = wrapper.current?.getBoundingClientRect();
        return r ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      nodeSize: (id: string) => measured.current.get(id),
      autoLayout: async () => {
        const graph = view.current.graph;
        const r = wrapper.current?.getBoundingClientRect();
        const shown = new Map(rf.getNodes().map((n) => [n.id, n.data]));
        const options = {
          size: (id: string) => measured.current.get(id),
          ports: (id: string) => {
            const d = shown.get(id);
            return d && { inputs: d.inputs.length, outputs: d.outputs.length };
          },
          elk: workerElk(),
        };
        // One column when it reads at Fit; else wrapped into columns shaped like the window.
        let layout: GraphLayout;
        try {
          layout = await layoutGraph(graph, options);
          const boxes = [...layout.positions].map(([id, p]) => ({ ...p, ...(measured.current.get(id) ?? NODE_SIZE) }));
          if (r && r.height > 0 && fitZoom(boundsOf(boxes), r.width, r.height) < READABLE_ZOOM)
            layout = await layoutGraph(graph, { ...options, aspectRatio: r.width / r.height });
        } catch (e) {
          store
            .getState()
            .notify(`Auto-layout failed (${e instanceof Error ? e.message : String(e)}); nothing was moved.`, 'error');
          return;
        }
        routes.current = layout.routes;
        commitMoves(
          store,
          [...layout.positions].map(([id, position]) => ({ id, position })),
        );
        // Let React Flow take the new positions before fitting them.
        await new Promise((done) => requestAnimationFrame(done));
        fitAll(rf, wrapper.current);
      },
    }),
    [rf, store, wrapper, view, measured, routes],
  );
}

/** Centres a node asked for by a panel (summary row, diagnostic). */
export function useFocusNode(
  store: EditorStore,
  rf: ReactFlowInstance<FlowNode, FlowEdge>,
  focus: { id: string } | undefined,
): void {
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
}
