/**
 * Editor actions: user intentions turned into edit operations on the store. Each action is one
 * undo step. Nothing here touches React Flow; positions come in as arguments.
 */
import type { EditOp, Fix } from '../compile';
import { BLOCK_TYPE, freshId, getGraph, type Position, parseDocument, type SkipwireDoc, snake } from '../compile';
import { clearOffset, freeSpot } from '../formats/room';
import { copyPayload, parseClip, pastePlan } from './model/clipboard';
import { insertOps, NODE_SIZE, newNode, type Placeable } from './model/placement';
import type { EditorStore } from './store/createStore';
import { currentScope, type EditorState } from './store/types';

const scoped = (s: EditorState) => {
  const scope = currentScope(s);
  return scope === undefined ? {} : { scope };
};

/** The selected node ids that exist in the open graph. */
export function liveSelection(s: EditorState): string[] {
  const graph = getGraph(s.doc, currentScope(s));
  if (!graph) return [];
  const ids = new Set(graph.nodes.map((n) => n.id));
  return s.selection.filter((id) => ids.has(id));
}

/** Nodes that appeared in the open graph between two documents (after ungroup or paste). */
function added(s: EditorState, before: SkipwireDoc): string[] {
  const scope = currentScope(s);
  const old = new Set(getGraph(before, scope)?.nodes.map((n) => n.id));
  return (getGraph(s.doc, scope)?.nodes ?? []).filter((n) => !old.has(n.id)).map((n) => n.id);
}

export function deleteSelection(store: EditorStore): void {
  const s = store.getState();
  const nodes = liveSelection(s);
  const ops: EditOp[] = [];
  if (nodes.length) ops.push({ op: 'removeNodes', ...scoped(s), ids: nodes });
  if (s.selectedEdges.length) ops.push({ op: 'disconnect', ...scoped(s), ids: s.selectedEdges });
  if (ops.length && s.apply(ops)) s.select([]);
}

/** Ctrl+G: the selection becomes a new block definition and one instance of it. */
export function makeBlock(store: EditorStore): void {
  const s = store.getState();
  const nodes = liveSelection(s);
  if (!nodes.length) {
    s.notify('Select the layers to put in the block first (shift-click or shift-drag a box).');
    return;
  }
  const names = new Set(s.doc.blocks.map((b) => b.name));
  let n = 1;
  while (names.has(`Block${n}`)) n++;
  const blockName = `Block${n}`;
  const blockId = freshId(snake(blockName), new Set(s.doc.blocks.map((b) => b.id)));
  const graph = getGraph(s.doc, currentScope(s));
  const taken = new Set(graph?.nodes.filter((x) => !nodes.includes(x.id)).map((x) => x.id));
  const instanceId = freshId(`${blockId}_1`, taken);
  if (s.apply({ op: 'group', ...scoped(s), nodes, blockId, blockName, instanceId })) {
    store.getState().select([instanceId]);
    store.getState().notify(`Made block "${blockName}". Double-click it to edit; it is in the palette under Blocks.`);
  }
}

/** Ctrl+Shift+G: expands the selected block instances into their layers. */
export function ungroupSelection(store: EditorStore): void {
  const s = store.getState();
  const graph = getGraph(s.doc, currentScope(s));
  const instances = liveSelection(s).filter((id) => graph?.nodes.find((n) => n.id === id)?.type === BLOCK_TYPE);
  if (!instances.length) {
    s.notify('Select a block instance to ungroup.');
    return;
  }
  const before = s.doc;
  if (s.apply(instances.map((instance) => ({ op: 'ungroup', ...scoped(s), instance }) as EditOp))) {
    const after = store.getState();
    after.select(added(after, before));
  }
}

/** A node's drawn size (the canvas's measurement), when known. */
export type SizeOf = (id: string) => { width: number; height: number } | undefined;

/**
 * Palette double-click or Enter: below the selected node and wired from it (spliced into its
 * outgoing wires; the layers below move only when in the way), else at the free place nearest
 * `center`. `size` gives the boxes as drawn (a node showing an error is taller).
 */
export function insertPlaceable(store: EditorStore, what: Placeable, center: Position, size?: SizeOf): void {
  const s = store.getState();
  const graph = getGraph(s.doc, currentScope(s));
  if (!graph) return;
  const plan = insertOps(s.doc, graph, currentScope(s), what, liveSelection(s), center, size);
  if (plan && s.apply(plan.ops)) store.getState().select([plan.id]);
}

/** Palette drag and drop at a canvas position: there, or at the nearest place no node covers. */
export function dropPlaceable(store: EditorStore, what: Placeable, position: Position, size?: SizeOf): void {
  const s = store.getState();
  const graph = getGraph(s.doc, currentScope(s));
  if (!graph) return;
  const boxes = graph.nodes.map((n) => ({ ...n.position, ...(size?.(n.id) ?? NODE_SIZE) }));
  const node = newNode(s.doc, graph, what, freeSpot(boxes, position, NODE_SIZE));
  if (node && s.apply({ op: 'addNode', ...scoped(s), node })) store.getState().select([node.id]);
}

let memoryClip: string | undefined;

/** The selection as clipboard text (also kept in memory for duplicate and for browsers without clipboard events). */
export function copySelection(store: EditorStore): string | undefined {
  const s = store.getState();
  const payload = copyPayload(s.doc, currentScope(s), liveSelection(s));
  if (!payload) return undefined;
  memoryClip = JSON.stringify(payload);
  return memoryClip;
}

export function cutSelection(store: EditorStore): string | undefined {
  const text = copySelection(store);
  if (text) deleteSelection(store);
  return text;
}

/** Pastes clipboard text (or the last copy); returns false when the text is not a Skipwire selection. */
export function paste(store: EditorStore, text: string | undefined = memoryClip, offset = { x: 40, y: 40 }): boolean {
  const clip = text === undefined ? undefined : parseClip(text);
  if (!clip) return false;
  const s = store.getState();
  // Beside the originals, and over no node already there (nothing that exists moves).
  const box = (p: Position) => ({ ...p, ...NODE_SIZE });
  const here = getGraph(s.doc, currentScope(s))?.nodes.map((n) => box(n.position)) ?? [];
  const free = clearOffset(
    here,
    clip.nodes.map((n) => box(n.position)),
    offset,
  );
  const plan = pastePlan(s.doc, currentScope(s), clip, free);
  if (plan && s.apply(plan.ops, plan.base)) store.getState().select(plan.ids);
  return true;
}

/** Ctrl+D: copy and paste in one step, next to the originals. */
export function duplicateSelection(store: EditorStore): void {
  const s = store.getState();
  const payload = copyPayload(s.doc, currentScope(s), liveSelection(s));
  if (payload) paste(store, JSON.stringify(payload), { x: 40, y: 40 });
}

export function selectAll(store: EditorStore): void {
  const s = store.getState();
  s.select(getGraph(s.doc, currentScope(s))?.nodes.map((n) => n.id) ?? []);
}

export function applyFix(store: EditorStore, fix: Fix): void {
  const s = store.getState();
  if (s.apply(fix.ops)) store.getState().notify(`Applied: ${fix.label}`);
}

export function rename(store: EditorStore, node: string, name: string): void {
  const s = store.getState();
  const current = getGraph(s.doc, currentScope(s))?.nodes.find((n) => n.id === node);
  if (current && current.name !== name) s.apply({ op: 'rename', ...scoped(s), node, name });
}

export function setParam(store: EditorStore, node: string, param: string, value: unknown): void {
  const s = store.getState();
  const current = getGraph(s.doc, currentScope(s))?.nodes.find((n) => n.id === node);
  if (current && JSON.stringify(current.params[param]) !== JSON.stringify(value))
    s.apply({ op: 'setParam', ...scoped(s), node, param, value });
}

/** Commits the positions of a drag (or a keyboard move) as one `move` edit. */
export function commitMoves(store: EditorStore, moves: readonly { id: string; position: Position }[]): void {
  const s = store.getState();
  const graph = getGraph(s.doc, currentScope(s));
  const changed = moves.filter((m) => {
    const n = graph?.nodes.find((x) => x.id === m.id);
    return n && (n.position.x !== m.position.x || n.position.y !== m.position.y);
  });
  if (changed.length) s.apply({ op: 'move', ...scoped(s), moves: changed });
  if (store.getState().drag) store.getState().setDrag(undefined);
}

/** Opens the text of a `.skipwire.json` file; returns the error message, if any. */
export function openText(store: EditorStore, text: string, fileName: string): string | undefined {
  const r = parseDocument(text);
  if (!r.ok) return `Could not open ${fileName}: ${r.error}`;
  replaceWith(store, r.doc, `Opened ${fileName}.`);
  return undefined;
}

/**
 * Replaces the document by one the user opened (a file, an import, an example): one undo step,
 * said in a notice that names what Ctrl+Z brings back, and the errors of earlier attempts (a file
 * that could not be opened) are cleared, since they no longer describe what is on screen.
 */
export function replaceWith(store: EditorStore, doc: SkipwireDoc, what: string): void {
  const s = store.getState();
  const before = s.doc;
  for (const n of s.notices) if (n.kind === 'error') s.dismiss(n.id);
  s.replaceDoc(doc);
  const undo = before.nodes.length ? ` Ctrl+Z brings back "${before.name}".` : '';
  store.getState().notify(`${what}${undo}`);
}

/** The Examples menu: opens example `name` in place of the model, undoably. */
export function openExample(store: EditorStore, name: string, doc: SkipwireDoc): void {
  replaceWith(store, doc, `Opened the example "${name}".`);
}
