/** Syntax-tree helpers of the Python reader. */
import type { SyntaxNode } from '@lezer/common';

/** Whether a statement (not counting the statements of its bodies) holds a syntax error. Iterative: any depth. */
export function hasError(node: SyntaxNode): boolean {
  const c = node.cursor();
  if (c.type.isError) return true;
  let depth = 0;
  if (c.firstChild()) depth++;
  while (depth > 0) {
    if (c.type.isError) return true;
    if (c.name !== 'Body' && c.firstChild()) {
      depth++;
      continue;
    }
    while (depth > 0 && !c.nextSibling()) {
      c.parent();
      depth--;
    }
  }
  return false;
}
