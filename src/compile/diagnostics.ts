/** What the analysis reports: diagnostics at nodes, with fixes the editor can apply as data. */
import type { EditOp } from './ops';

export type Severity = 'error' | 'warning';

/** A suggested fix: a label for the button and the edit operations it applies. */
export interface Fix {
  readonly label: string;
  readonly ops: readonly EditOp[];
}

export interface Diagnostic {
  /**
   * The node the message belongs to: a top-level node, or (with `blockId`) a node of that block
   * definition. Empty for messages about the whole model (no Input layer).
   */
  readonly nodeId: string;
  /** Set when the node lies in a block definition. */
  readonly blockId?: string;
  /**
   * For a problem inside a block instance that only its input shapes reveal: the inner node ids
   * from the instance down to the layer at fault.
   */
  readonly path?: readonly string[];
  readonly edgeId?: string;
  /** The param at fault, when one is. */
  readonly param?: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fixes?: readonly Fix[];
}
