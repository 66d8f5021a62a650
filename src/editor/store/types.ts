/** The editor's state: a document slice (the only part with undo history), a UI slice, persistence. */
import type { Viewport } from '@xyflow/react';
import type { EditOp, SkipwireDoc } from '../../compile';

export interface DocSlice {
  /** The document being edited. Replaced (never mutated) by every edit. */
  readonly doc: SkipwireDoc;
  /**
   * Applies edit operations as one undo step. On failure nothing changes and the message is
   * shown as a notice; returns whether the edit applied. `base`, when given, is a document
   * derived from the current one that the ops start from (paste adds block definitions so).
   */
  apply(ops: EditOp | readonly EditOp[], base?: SkipwireDoc): boolean;
  /** Opens another document (New, Open…, an example): one undo step; the view starts afresh. */
  replaceDoc(doc: SkipwireDoc): void;
  undo(): void;
  redo(): void;
}

export type NoticeKind = 'info' | 'error';
export interface Notice {
  readonly id: number;
  readonly kind: NoticeKind;
  readonly text: string;
  /** Stays until dismissed (a file that could not be opened). */
  readonly sticky?: boolean;
}

export type Dialog = 'shortcuts' | 'share' | 'recent';

/** Parts of the UI state that autosave keeps, so a reload puts the user back where they were. */
export interface SavedUi {
  readonly selection: readonly string[];
  readonly scopePath: readonly string[];
  /** Viewport per scope: `''` for the model, a block id for a definition. */
  readonly viewports: Readonly<Record<string, Viewport>>;
}

export interface UiSlice extends SavedUi {
  /** Counts documents opened (New, Open…, examples): the canvas starts afresh for each. */
  readonly docSeq: number;
  /** Selected wires (not saved). */
  readonly selectedEdges: readonly string[];
  /** Positions of nodes being dragged; committed as one `move` edit when the drag ends. */
  readonly drag: ReadonlyMap<string, { x: number; y: number }> | undefined;
  /** A node to select and centre once the canvas shows it (summary rows, diagnostics). */
  readonly focus: { readonly id: string; readonly seq: number } | undefined;
  readonly notices: readonly Notice[];
  readonly dialog: Dialog | undefined;
  /** The side panel tab shown. */
  readonly panel: string;
  select(nodes: readonly string[], edges?: readonly string[]): void;
  enterBlock(blockId: string): void;
  /** Goes back to depth `depth` of the breadcrumb (0 = the model). */
  exitTo(depth: number): void;
  setViewport(scope: string, viewport: Viewport): void;
  setDrag(drag: ReadonlyMap<string, { x: number; y: number }> | undefined): void;
  focusNode(id: string, scopePath?: readonly string[]): void;
  /** The canvas has centred the focused node. */
  clearFocus(): void;
  notify(text: string, kind?: NoticeKind, sticky?: boolean): void;
  dismiss(id: number): void;
  openDialog(dialog: Dialog | undefined): void;
  showPanel(panel: string): void;
}

export type SaveState = 'saved' | 'pending' | 'error';

/** Another tab saved this model while this tab had edits of its own: nothing is written until the user chooses. */
export interface Conflict {
  /** The other tab's saved document and when it was saved. */
  readonly theirs: SkipwireDoc;
  readonly savedAt: number;
}

export interface PersistSlice {
  /** The id of the model this tab edits: its autosave slot and `?model=<id>`. */
  readonly modelId: string;
  readonly saveState: SaveState;
  /** Why the last autosave failed (storage full or denied). */
  readonly saveError: string | undefined;
  readonly conflict: Conflict | undefined;
  setSaveState(state: SaveState, error?: string): void;
  setConflict(conflict: Conflict | undefined): void;
  /**
   * The user's choice on a conflict: load the other tab's version (one undo step, so this tab's
   * edits can still be undone back), or keep this tab's version as a new model.
   */
  resolveConflict(choice: 'theirs' | 'copy'): void;
  /** Another tab's saved edit of this model, taken in as one undo step. */
  receiveDoc(doc: SkipwireDoc): void;
}

export type EditorState = DocSlice & UiSlice & PersistSlice;

/** Where the active scope is: `undefined` for the model, else the innermost open block. */
export const currentScope = (s: Pick<UiSlice, 'scopePath'>): string | undefined => s.scopePath.at(-1);
