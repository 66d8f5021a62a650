/**
 * The bookkeeping of block expansion for the analysis (analyze.ts): the frame of the graph being
 * expanded, the `Expansion` kept per block instance between analyses (its path and name prefixes
 * and what was built inside it), and the Keras layer names built from node names.
 */
import type { FlatLayer, NodeInfo } from './analysis';
import type { BlockDef, DocNode } from './document';
import { lastPosition, NONE, type Slot } from './findings';
import type { Inferred } from './memo';

/** The graph being expanded: the top level, or one block instance inside it. */
export interface Frame {
  readonly block?: BlockDef;
  /** The instance this frame expands; its exposed params override the definition's. */
  readonly instance?: DocNode;
  /** The top-level instance this frame expands (for reporting), and inner ids below it. */
  readonly top?: DocNode;
  readonly path: readonly string[];
  readonly pathPrefix: string;
  readonly namePrefix: string;
  readonly blockNames: readonly string[];
  /** For an instance that shares another's layers: that instance's path prefix (`other/`). */
  readonly shares?: string;
  /** What the last expansion of this instance built (none at the top level). */
  readonly expansion?: Expansion;
}

/**
 * What the expansion of one block instance (node object) builds, kept for the next analysis:
 * its path and name prefixes and, by position in the definition's order, each inner node's path
 * and base name, its shape result (see `inferAt`), and the layer made there with the result it
 * was made from. Reused while the instance keeps its name and its place, so that a warm analysis
 * builds no strings and an unchanged layer inside a block stays the same object.
 */
export interface Expansion {
  readonly parentPath: string;
  readonly name: string;
  readonly pathPrefix: string;
  readonly namePrefix: string;
  readonly nodes: (DocNode | undefined)[];
  readonly paths: string[];
  readonly bases: string[];
  readonly inferred: (Inferred | undefined)[];
  readonly madeFrom: (Inferred | undefined)[];
  readonly flats: (FlatLayer | undefined)[];
  /** The frame made last for this instance, and the frame it was made in. */
  parent: Frame | undefined;
  frame: Frame | undefined;
  /** The slot array of the last expansion, overwritten by the next. */
  outs: Slot[] | undefined;
  /** The codes of the instance's outputs and its facts, last time (reused while equal). */
  outputs: readonly number[] | undefined;
  info: NodeInfo | undefined;
}
const expansions = new WeakMap<DocNode, Expansion>();

/** The frame of the top-level graph (one for every analysis: it holds nothing of a document). */
export const TOP_FRAME: Frame = Object.freeze({
  block: undefined,
  instance: undefined,
  top: undefined,
  path: [],
  pathPrefix: '',
  namePrefix: '',
  blockNames: [],
  expansion: undefined,
});

/**
 * The frame that expands instance `node` of `def` (its layer name `name`) inside `frame`, with
 * the instance's last `Expansion` when it still has that name and place, else a new one. The
 * frame itself is the last one made when it would be equal (same parent frame, definition and
 * sharing): frames hold nothing but these, so an unchanged instance gets the same frame.
 */
export function instanceFrame(frame: Frame, node: DocNode, def: BlockDef, name: string, shares?: string): Frame {
  let expansion = expansions.get(node);
  if (!expansion || expansion.parentPath !== frame.pathPrefix || expansion.name !== name) {
    expansion = {
      parentPath: frame.pathPrefix,
      name,
      pathPrefix: `${frame.pathPrefix}${node.id}/`,
      namePrefix: `${name}_`,
      nodes: [],
      paths: [],
      bases: [],
      inferred: [],
      madeFrom: [],
      flats: [],
      parent: undefined,
      frame: undefined,
      outs: undefined,
      outputs: undefined,
      info: undefined,
    };
    expansions.set(node, expansion);
  }
  const last = expansion.frame;
  if (last && expansion.parent === frame && last.block === def && last.shares === shares) return last;
  const made: Frame = {
    block: def,
    instance: node,
    top: frame.top ?? node,
    path: frame.top ? [...frame.path, node.id] : [],
    pathPrefix: expansion.pathPrefix,
    namePrefix: expansion.namePrefix,
    blockNames: [...frame.blockNames, def.name],
    shares,
    expansion,
  };
  expansion.parent = frame;
  expansion.frame = made;
  return made;
}

/**
 * `<name prefix><layer name>` of the node at position `at` of the frame's graph, or the name the
 * instance maps it to (`DocNode.names`).
 */
export function baseName(frame: Frame, node: DocNode, at: number): string {
  const x = frame.expansion;
  const mapped = frame.instance?.names?.[node.id];
  if (!x) {
    if (mapped !== undefined) return layerName(mapped);
    return frame.namePrefix ? `${frame.namePrefix}${layerName(node.name)}` : layerName(node.name);
  }
  if (x.nodes[at] !== node) {
    x.nodes[at] = node;
    x.bases[at] = mapped !== undefined ? layerName(mapped) : `${x.namePrefix}${layerName(node.name)}`;
    x.paths[at] = `${x.pathPrefix}${node.id}`;
    x.madeFrom[at] = undefined;
    x.flats[at] = undefined;
  }
  return x.bases[at] as string;
}

/** Keras-legal layer name from a user name: letters, digits, `_`, `.`, `-`. */
export function layerName(name: string): string {
  if (isLayerName(name)) return name;
  const s = name
    .trim()
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Za-z0-9.]/.test(s) ? s : `layer_${s}`.replace(/_+$/, '') || 'layer';
}

/** True when `layerName` would return the name unchanged (the common case), without regexes. */
function isLayerName(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (alnum || c === 46) continue; // letters, digits, `.`
    if ((c === 95 || c === 45) && i > 0 && !(c === 95 && i === n - 1)) continue; // `_` and `-` inside
    return false;
  }
  return true;
}

/** The block definition with id `id` (the first, as the checks take it). */
export function blockNamed(blocks: readonly BlockDef[], id: string | undefined): BlockDef | undefined {
  for (const b of blocks) if (b.id === id) return b;
  return undefined;
}

/** The positions of a definition's outputs, found by id. */
export function endsById(def: BlockDef, order: readonly DocNode[]): Int32Array {
  return Int32Array.from(def.outputs, (o) => lastPosition(order, o));
}

/** The codes a graph's slots hand on at positions `ends`. */
export function outputCodes(ends: Int32Array, outs: readonly Slot[]): number[] {
  const codes = new Array<number>(ends.length);
  for (let j = 0; j < ends.length; j++) codes[j] = outputCode(outs, ends[j] as number);
  return codes;
}

/** The code a graph's slots hand on at position `p` (-1: none). */
function outputCode(outs: readonly Slot[], p: number): number {
  if (p < 0) return NONE;
  const o = outs[p] as Slot;
  return typeof o === 'number' ? o : (o[0] ?? NONE);
}

export function sameOutputs(codes: readonly number[], ends: Int32Array, outs: readonly Slot[]): boolean {
  for (let j = 0; j < ends.length; j++) if (codes[j] !== outputCode(outs, ends[j] as number)) return false;
  return true;
}
