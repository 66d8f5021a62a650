/**
 * Extension points for features added around the editor (a Training panel, Import/Export
 * menus): pass them to `<EditorApp>`; nothing in the editor needs to change.
 *
 * @example
 * const training: SidePanelDef = { id: 'training', title: 'Training', render: () => <TrainingPanel /> };
 * <EditorApp panels={[training]} toolbar={<ImportExportMenu />} />
 *
 * Panels and toolbar items run inside the editor's providers, so they can read the document with
 * `useEditor((s) => s.doc)`, its analysis with `analysisOf(doc)`, and edit it with
 * `useEditorStore().getState().apply(ops)` (see store/types.ts).
 */
import { type ComponentType, createContext, type ReactNode } from 'react';

/** A tab of the right-side panel. */
export interface SidePanelDef {
  readonly id: string;
  readonly title: string;
  /** Wider panels (tables, charts) get more room when shown. */
  readonly wide?: boolean;
  render(): ReactNode;
}

export interface EditorExtensions {
  /** Extra side-panel tabs, after Inspector and Summary. */
  readonly panels?: readonly SidePanelDef[];
  /** Extra toolbar items (menus, buttons), shown after the built-in file commands. */
  readonly toolbar?: ReactNode;
  /**
   * Drawn inside every canvas node, over it (positioned by its own CSS): live figures about the
   * node's layer, say. It reads its own stores; `id` is the node's id in the open scope.
   */
  readonly nodeOverlay?: NodeOverlay;
}

export type NodeOverlay = ComponentType<{ readonly id: string }>;

/** The `nodeOverlay` extension, for the canvas's node component. */
export const NodeOverlayContext = createContext<NodeOverlay | undefined>(undefined);
