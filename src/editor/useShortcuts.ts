/**
 * Keyboard shortcuts (see chrome/Dialogs.tsx for the list) and clipboard events. Copy and paste
 * go through the browser's copy/paste events, so the selection travels as JSON text through the
 * system clipboard, between tabs too; keystrokes typed into fields are left alone.
 */
import { useEffect } from 'react';
import { BLOCK_TYPE, getGraph } from '../compile';
import {
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  liveSelection,
  makeBlock,
  paste,
  selectAll,
  ungroupSelection,
} from './actions';
import type { CanvasApi } from './canvas/api';
import { downloadDocument } from './chrome/files';
import type { EditorStore } from './store/createStore';
import { currentScope } from './store/types';

/** True when the event comes from somewhere the user types (where keys keep their usual meaning). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || el.isContentEditable;
}

export function handleKey(store: EditorStore, canvas: CanvasApi | null, e: KeyboardEvent): boolean {
  const s = store.getState();
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (s.dialog) {
    if (e.key === 'Escape') s.openDialog(undefined);
    return e.key === 'Escape';
  }
  if (mod && key === 'z' && !e.shiftKey) s.undo();
  else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) s.redo();
  else if (mod && key === 'd') duplicateSelection(store);
  else if (mod && key === 'g' && e.shiftKey) ungroupSelection(store);
  else if (mod && key === 'g') makeBlock(store);
  else if (mod && key === 'a') selectAll(store);
  else if (mod && key === 's') downloadDocument(s.doc);
  else if (mod) return false;
  else if (e.key === 'Delete' || e.key === 'Backspace') deleteSelection(store);
  else if (e.key === '?') s.openDialog('shortcuts');
  else if (key === 'f' && !e.altKey) canvas?.fitView();
  else if (e.key === 'Escape') {
    if (s.selection.length || s.selectedEdges.length) s.select([]);
    else if (s.scopePath.length) s.exitTo(s.scopePath.length - 1);
    else return false;
  } else if (e.key === 'Enter') {
    // Enter on a button or a palette entry is theirs; on the canvas it opens the selected block.
    const el = e.target as HTMLElement | null;
    if (el && el !== document.body && !el.closest?.('.react-flow')) return false;
    const sel = liveSelection(s);
    const node = sel.length === 1 ? getGraph(s.doc, currentScope(s))?.nodes.find((n) => n.id === sel[0]) : undefined;
    if (node?.type !== BLOCK_TYPE || !node.block) return false;
    s.enterBlock(node.block);
  } else return false;
  return true;
}

export function useShortcuts(store: EditorStore, canvas: { current: CanvasApi | null }): void {
  useEffect(() => {
    // Ctrl+C/X/V normally fire copy/cut/paste events (which carry the system clipboard). Where a
    // browser does not fire them, a fallback scheduled at the keystroke uses an in-memory copy.
    let fallback: ReturnType<typeof setTimeout> | undefined;
    const later = (f: () => void) => {
      clearTimeout(fallback);
      fallback = setTimeout(f, 0);
    };
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && !e.shiftKey && key === 'c') return later(() => copySelection(store));
      if (mod && !e.shiftKey && key === 'x') return later(() => cutSelection(store));
      if (mod && !e.shiftKey && key === 'v') return later(() => paste(store));
      if (handleKey(store, canvas.current, e)) e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      if (isTyping(e.target) || (window.getSelection()?.toString() ?? '') !== '') return;
      clearTimeout(fallback);
      const text = cut ? cutSelection(store) : copySelection(store);
      if (!text || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', text);
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      clearTimeout(fallback);
      const text = e.clipboardData?.getData('text/plain');
      if (text ? paste(store, text) : paste(store)) e.preventDefault();
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', onPaste);
    return () => {
      clearTimeout(fallback);
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', onPaste);
    };
  }, [store, canvas]);
}
