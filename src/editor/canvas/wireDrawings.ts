/**
 * Where each wire is drawn (its route around the nodes and its label's place), held outside React
 * Flow's edges: while a node is dragged, the edges React Flow gets stay the same objects (so it
 * rebuilds no connection lookup and re-renders no wire for it), and only the wires whose route
 * changed are told, each through its own subscription. Derived by `useWires`; never stored in the
 * document.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { Position } from '../../compile';

export interface WireDrawing {
  /** The wire's route from its output port to its input port. */
  readonly points?: readonly Position[];
  /** Where its shape label goes; absent when the label found no free place (or is hidden). */
  readonly labelAt?: Position;
}

const samePoint = (a: Position | undefined, b: Position | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y);

/** A map of wire drawings whose readers subscribe per wire id. */
export class WireDrawings {
  private current = new Map<string, WireDrawing>();
  private readonly listeners = new Map<string, Set<() => void>>();

  get(id: string): WireDrawing | undefined {
    return this.current.get(id);
  }

  /** Replaces every drawing; tells only the wires whose route or label place changed. */
  set(next: Map<string, WireDrawing>): void {
    const old = this.current;
    this.current = next;
    const changed: (() => void)[] = [];
    const tell = (id: string) => {
      for (const f of this.listeners.get(id) ?? []) changed.push(f);
    };
    for (const [id, d] of next) {
      const o = old.get(id);
      if (!o || o.points !== d.points || !samePoint(o.labelAt, d.labelAt)) {
        // Keep the old object when nothing changed, so a reader's snapshot stays the same.
        tell(id);
      } else next.set(id, o);
    }
    for (const id of old.keys()) if (!next.has(id)) tell(id);
    for (const f of changed) f();
  }

  subscribe(id: string, f: () => void): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(f);
    this.listeners.set(id, set);
    return () => {
      set.delete(f);
      if (!set.size) this.listeners.delete(id);
    };
  }
}

export const WireDrawingsContext = createContext<WireDrawings | null>(null);

/** The drawing of wire `id` (re-renders the caller when that wire's drawing changes). */
export function useWireDrawing(id: string): WireDrawing | undefined {
  const drawings = useContext(WireDrawingsContext);
  // Stable while the wire and the canvas stay: React subscribes once, not on every render.
  const subscribe = useCallback((f: () => void) => drawings?.subscribe(id, f) ?? (() => {}), [drawings, id]);
  return useSyncExternalStore(subscribe, () => drawings?.get(id));
}
