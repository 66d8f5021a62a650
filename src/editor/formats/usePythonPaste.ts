/**
 * Ctrl+V of Keras Python on the editor (not into a field): the text is imported like a dropped
 * `.py` file — read by the format registry, never run — and replaces the model in one undo step,
 * with the import report. Skipwire's own copied selections (JSON) are left to the canvas paste.
 */
import { useEffect } from 'react';
import { looksLikeKerasPython } from '../../formats/pythonIn/sniff';
import { isTyping } from '../useShortcuts';

/** The file name a pasted script is imported under (shown in the status line and the report). */
export const PASTED_NAME = 'pasted.py';

export function usePythonPaste(onFiles: (files: File[]) => void): void {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target)) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text || !looksLikeKerasPython(text)) return;
      e.preventDefault();
      onFiles([new File([text], PASTED_NAME, { type: 'text/x-python' })]);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [onFiles]);
}
