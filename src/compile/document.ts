/**
 * The Skipwire graph document: versioned JSON stored in `*.skipwire.json` files.
 * Documented in docs/format.md. Derived facts (shapes, diagnostics, counts) are never stored.
 */

/** The format version this build writes. Older files are migrated forward (see migrate.ts). */
export const FORMAT_VERSION = 2;

export interface Position {
  readonly x: number;
  readonly y: number;
}

/** Node type of a block instance; its `block` field names the definition. */
export const BLOCK_TYPE = 'block';
/** Node type of an input port inside a block definition. */
export const BLOCK_INPUT_TYPE = 'blockInput';

export interface DocNode {
  readonly id: string;
  /** A layer type id from the catalogue (`conv2d`), `block`, or (inside definitions) `blockInput`. */
  readonly type: string;
  /** The user-facing name; the compiled Keras layer name is derived from it. */
  readonly name: string;
  /** Layer params (missing ones take their defaults); for a block instance, its exposed params. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly position: Position;
  /** For `type: "block"`: the id of the block definition. */
  readonly block?: string;
  /**
   * `false`: the layer is frozen (Keras `trainable=False`): training leaves its weights alone and
   * its parameters count as non-trainable. Absent means trainable.
   */
  readonly trainable?: boolean;
  /**
   * Id of another node of the same type in the same graph whose layer this node calls again
   * (Keras' shared layer: one set of weights used at several places). Its own params are not
   * used: it is the same layer. A block instance may share another instance of the same block.
   */
  readonly shares?: string;
  /**
   * For a block instance: the Keras layer name to use, for this instance, for an inner node (inner
   * node id → name) instead of `<instance>_<inner>` (kept when repeats with Keras' numbered names
   * are grouped on import). Optional: documents without it stay valid (no version change).
   */
  readonly names?: Readonly<Record<string, string>>;
}

export interface DocEdge {
  readonly id: string;
  readonly source: string;
  /** Output port of the source: 0 for layers; block instances have one port per block output. */
  readonly sourcePort?: number;
  readonly target: string;
  /** Input port of the target, from 0. Order matters for Concatenate and Dot. */
  readonly targetPort: number;
}

export interface Graph {
  readonly nodes: readonly DocNode[];
  readonly edges: readonly DocEdge[];
}

/** A param of an inner layer that each instance may set. */
export interface ExposedParam {
  /** Name of the param on the instance. */
  readonly name: string;
  /** Inner node id. */
  readonly node: string;
  /** Param name on the inner node. */
  readonly param: string;
}

/** A named, reusable subgraph. Every instance follows it: editing it edits them all. */
export interface BlockDef extends Graph {
  readonly id: string;
  readonly name: string;
  /** Ids of the definition's `blockInput` nodes, in input-port order. */
  readonly inputs: readonly string[];
  /** Ids of the inner nodes whose outputs are the block's outputs, in output-port order. */
  readonly outputs: readonly string[];
  readonly exposed: readonly ExposedParam[];
  /**
   * Set when the definition came from a model nested in an imported file (a Sequential, Functional
   * or Model used as a layer): its class and name there, so the Keras and tfjs exports write it
   * back as a nested model. Optional: documents without it stay valid (no version change).
   */
  readonly nested?: NestedOrigin;
}

/** The file's class of a nested model and its name there (see `BlockDef.nested`). */
export interface NestedOrigin {
  readonly className: 'Sequential' | 'Functional' | 'Model';
  readonly name: string;
}

export interface Metadata {
  readonly description?: string;
  readonly [key: string]: unknown;
}

export interface SkipwireDoc extends Graph {
  readonly format: 'skipwire';
  readonly version: number;
  /** The model name (Keras `Model(name=…)`). */
  readonly name: string;
  readonly blocks: readonly BlockDef[];
  readonly metadata: Metadata;
}

/** An empty document. */
export function emptyDocument(name = 'model'): SkipwireDoc {
  return { format: 'skipwire', version: FORMAT_VERSION, name, nodes: [], edges: [], blocks: [], metadata: {} };
}

/** The graph an edit or an analysis addresses: the top level (`scope` undefined) or a definition. */
export function getGraph(doc: SkipwireDoc, scope?: string): Graph | undefined {
  return scope === undefined ? doc : doc.blocks.find((b) => b.id === scope);
}

export function getBlock(doc: SkipwireDoc, id: string | undefined): BlockDef | undefined {
  return id === undefined ? undefined : doc.blocks.find((b) => b.id === id);
}

/** Replaces the graph at `scope` with `graph`'s nodes and edges. */
export function withGraph(doc: SkipwireDoc, scope: string | undefined, graph: Graph): SkipwireDoc {
  if (scope === undefined) return { ...doc, nodes: graph.nodes, edges: graph.edges };
  return {
    ...doc,
    blocks: doc.blocks.map((b) => (b.id === scope ? { ...b, nodes: graph.nodes, edges: graph.edges } : b)),
  };
}
