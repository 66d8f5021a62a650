/** What the rest of the editor may ask of the canvas (which owns React Flow's viewport). */
import { createContext, type RefObject, useContext } from 'react';
import type { Position } from '../../compile';

export interface CanvasApi {
  fitView(): void;
  /** Lays out the open graph with ELK (one undo step). */
  autoLayout(): Promise<void>;
  /** The centre of the visible area, in graph coordinates. */
  viewCenter(): Position;
  /** A node's size as drawn (measured), when it has been drawn. */
  nodeSize(id: string): { width: number; height: number } | undefined;
}

export const CanvasApiContext = createContext<RefObject<CanvasApi | null>>({ current: null });

export const useCanvasApi = () => useContext(CanvasApiContext);
