/** Minimap colours: a layer's category colour (as on its node), red for a layer with an error. */
import type { FlowNode } from '../model/flow';

export const miniMapColor = (n: FlowNode): string =>
  n.data.severity === 'error' ? 'var(--sw-error)' : `var(--cat-${n.data.category})`;
