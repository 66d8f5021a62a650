/**
 * A small fluent builder for documents, used by the examples, the importers and tests:
 *
 * @example
 * const b = new DocBuilder('spirals');
 * const x = b.layer('input', 'input', { shape: [2] });
 * const h = b.layer('dense', 'hidden', { units: 16, activation: 'relu' }, [x]);
 * const doc = b.build();
 *
 * Nodes are placed top to bottom by depth, side by side within a depth.
 */
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  type DocEdge,
  type DocNode,
  FORMAT_VERSION,
  type NestedOrigin,
  type SkipwireDoc,
} from './document';

/** A reference to an output: a node id, or `[id, port]` for a block instance's other outputs. */
export type Ref = string | readonly [string, number];

const ROW = 110;
const COL = 240;
/** Extra room between wrapped columns, for the wire that runs from one to the next. */
const WRAP_GAP = 40;

class GraphBuilder {
  readonly nodes: DocNode[] = [];
  readonly edges: DocEdge[] = [];
  /** The depth of each node placed so far, by id. */
  private readonly depth = new Map<string, number>();
  private readonly perDepth = new Map<number, number>();
  /** Where the current column starts: its x, and the depth placed at its top. */
  private origin = { x: 0, depth: 0 };
  private right = 0;
  private deepest = -1;

  protected place(id: string, inputs: readonly Ref[]): { x: number; y: number } {
    const d = inputs.length
      ? Math.max(...inputs.map((r) => this.depth.get(typeof r === 'string' ? r : r[0]) ?? 0)) + 1
      : 0;
    this.depth.set(id, d);
    const col = this.perDepth.get(d) ?? 0;
    this.perDepth.set(d, col + 1);
    const x = this.origin.x + col * COL;
    this.right = Math.max(this.right, x);
    this.deepest = Math.max(this.deepest, d);
    return { x, y: Math.max(0, d - this.origin.depth) * ROW };
  }

  /**
   * Starts a new column right of everything placed so far: the nodes that follow are placed from
   * the top again, so that a long chain reads as columns (one per stage) instead of one tall line.
   */
  wrap(): void {
    this.origin = { x: this.right + COL + WRAP_GAP, depth: this.deepest + 1 };
  }

  /** Adds a node wired from `inputs` (in port order) and returns its id (its name, made unique). */
  layer(
    type: string,
    name: string,
    params: Record<string, unknown> = {},
    inputs: readonly Ref[] = [],
    extra: Partial<DocNode> = {},
  ): string {
    // Every node is added here and placed (`depth` has its id): one lookup, not a scan of the nodes.
    let id = name;
    for (let i = 2; this.depth.has(id); i++) id = `${name}_${i}`;
    this.nodes.push({ id, type, name, params, position: this.place(id, inputs), ...extra });
    inputs.forEach((r, port) => {
      const [source, sourcePort] = typeof r === 'string' ? [r, 0] : r;
      this.edges.push({ id: `e${this.edges.length + 1}_${id}`, source, sourcePort, target: id, targetPort: port });
    });
    return id;
  }
}

export class BlockBuilder extends GraphBuilder {
  readonly inputs: string[] = [];
  /** Where the definition came from, when it is a model nested in an imported file. */
  nested?: NestedOrigin;
  constructor(
    readonly id: string,
    readonly name: string,
  ) {
    super();
  }
  /** Declares the next block input. */
  input(name = this.inputs.length ? `x${this.inputs.length + 1}` : 'x'): string {
    const id = this.layer(BLOCK_INPUT_TYPE, name);
    this.inputs.push(id);
    return id;
  }
  def(outputs: readonly string[]): BlockDef {
    return {
      id: this.id,
      name: this.name,
      nodes: this.nodes,
      edges: this.edges,
      inputs: this.inputs,
      outputs,
      exposed: [],
      ...(this.nested ? { nested: this.nested } : {}),
    };
  }
}

export class DocBuilder extends GraphBuilder {
  private readonly blocks: BlockDef[] = [];
  constructor(
    readonly name: string,
    readonly metadata: Record<string, unknown> = {},
  ) {
    super();
  }
  /** Adds a block definition built by `body`, which receives the builder and returns the outputs. */
  block(id: string, name: string, body: (b: BlockBuilder) => readonly string[]): string {
    const b = new BlockBuilder(id, name);
    this.blocks.push(b.def(body(b)));
    return id;
  }
  hasBlock(id: string): boolean {
    return this.blocks.some((b) => b.id === id);
  }
  /** Places an instance of a block. */
  instance(block: string, name: string, inputs: readonly Ref[]): string {
    return this.layer(BLOCK_TYPE, name, {}, inputs, { block });
  }
  build(): SkipwireDoc {
    return {
      format: 'skipwire',
      version: FORMAT_VERSION,
      name: this.name,
      nodes: this.nodes,
      edges: this.edges,
      blocks: this.blocks,
      metadata: this.metadata,
    };
  }
}
